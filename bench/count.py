"""Count: IRV and STV on random and real ranked ballots, ours against pref_voting, votekit
and pyrankvote, from the same ballots in memory and from a ballot file.

    python -m bench.count [--quick] [--out bench]

Cases (each handed to every implementation as the same arrays: a rankings matrix with
one row per ranking and a count per row, as ``bench.count_peers.Profile``):

- ``pl8``/``pl20``: Plackett-Luce rankings over 8/20 candidates (Zipf-like strengths),
  truncated with the length distribution of the 2002 Meath ballots (mean 4.7 ranked),
  aggregated into distinct rankings with counts as PrefLib stores them. Rankings repeat
  as in real elections, so rows << ballots.
- ``ic8``/``ic20``: impartial culture (uniform complete rankings), one row per ballot,
  weight 1: the worst case, every ballot a row of its own (and over 20 candidates all
  rankings unique).
- ``ireland-*``: the three 2002 Irish files of ``shared/data/elections`` (read in place),
  replicated x1, x10, x100 as one row per ballot (a cast-vote record), plus x100 as the
  file's own distinct rankings with counts x100 (``agg``).

Each timing is end to end: building the implementation's ballot objects (our
``Ballots``) and counting; "file" timings read the ballot file the library reads
(PrefLib ``.soi`` for us and pref_voting, votekit's rank-column CSV for votekit) and
count. Median of 3 runs (1 run when a run takes over 5 s), min-max, and the peak memory
above what was resident before the run (Linux VmHWM, reset per run). A peer is run at a
size only while its previous size predicts under ``--peer-limit`` seconds per run.
Every peer's winners are compared with ours; mismatches are listed with the reason.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.count_peers import PEERS, Peer, Profile, Spec, write_votekit_csv
from councils.counting import Ballots, count, read_ballot_file, write_ballot_file

ELECTIONS = (
    Path(os.environ.get("COUNCILS_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")) / "elections"
)
IRISH = {"dublin-north": 4, "dublin-west": 3, "meath": 5}
# Share of 2002 Meath ballots ranking 1, 2, ... 13 candidates, and all 14 (last entry).
MEATH_LENGTHS = np.array(
    [0.050, 0.066, 0.329, 0.187, 0.130, 0.076, 0.041, 0.027, 0.016, 0.014, 0.007, 0.007, 0.011, 0.039]
)
RANDOM_SPECS: tuple[Spec, ...] = (
    ("irv", 1, "gregory"), ("stv", 3, "gregory"), ("stv", 3, "meek"), ("stv", 5, "gregory"), ("stv", 5, "meek"),
)  # fmt: skip
OURS = "councils"
COMMAND = ""  # the command line of a standalone run, for the report
MULTI_RUN_LIMIT = 5.0  # seconds: slower runs are timed once
PEER_LIMIT = 30.0  # seconds per peer run: larger sizes are not run (the full run must fit in ~30 min)


def spec_label(spec: Spec) -> str:
    method, seats, transfer = spec
    return "IRV" if method == "irv" else f"STV {seats} {transfer}"


# -- ballots ----------------------------------------------------------------------------


def _lengths(rng: np.random.Generator, size: int, n: int) -> NDArray[np.int64]:
    """Ranking lengths drawn from the Meath distribution; "all 14" and longer mean all n."""
    shares = MEATH_LENGTHS / MEATH_LENGTHS.sum()
    drawn = rng.choice(np.arange(1, len(shares) + 1), size=size, p=shares)
    drawn[drawn == len(shares)] = n
    return np.minimum(drawn, n)


def _encode(rows: NDArray[np.int8]) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Exact two-word code of each row (5 bits per position, up to 24 positions)."""
    a = np.zeros(len(rows), np.uint64)
    b = np.zeros(len(rows), np.uint64)
    for j in range(rows.shape[1]):
        value = (rows[:, j].astype(np.int64) + 1).astype(np.uint64)
        if j < 12:
            a |= value << np.uint64(5 * j)
        else:
            b |= value << np.uint64(5 * (j - 12))
    return a, b


def _decode(a: NDArray[np.uint64], b: NDArray[np.uint64], width: int) -> NDArray[np.int32]:
    rows = np.empty((len(a), width), np.int32)
    for j in range(width):
        word, shift = (a, 5 * j) if j < 12 else (b, 5 * (j - 12))
        rows[:, j] = ((word >> np.uint64(shift)) & np.uint64(31)).astype(np.int32) - 1
    return rows


def _aggregate(
    a: NDArray[np.uint64], b: NDArray[np.uint64], w: NDArray[np.int64]
) -> tuple[NDArray[np.uint64], NDArray[np.uint64], NDArray[np.int64]]:
    order = np.lexsort((b, a))
    a, b, w = a[order], b[order], w[order]
    new = np.ones(len(a), np.bool_)
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    starts = np.flatnonzero(new)
    return a[starts], b[starts], np.add.reduceat(w, starts)


def plackett_luce(voters: int, n: int, seed: int = 1) -> Profile:
    """Truncated Plackett-Luce rankings, aggregated into distinct rankings with counts."""
    assert n <= 24
    rng = np.random.default_rng(seed)
    strength = 1.0 / np.arange(1, n + 1) ** 0.8
    strength = strength[rng.permutation(n)]
    codes: list[tuple[NDArray[np.uint64], NDArray[np.uint64], NDArray[np.int64]]] = []
    chunk = 1_000_000
    for start in range(0, voters, chunk):
        size = min(chunk, voters - start)
        order = np.argsort(rng.exponential(size=(size, n)) / strength, axis=1).astype(np.int8)
        order[np.arange(n)[None, :] >= _lengths(rng, size, n)[:, None]] = -1
        a, b = _encode(order)
        codes.append(_aggregate(a, b, np.ones(size, np.int64)))
    a, b, w = _aggregate(*(np.concatenate(parts) for parts in zip(*codes, strict=True)))
    rankings = _decode(a, b, n)
    order = np.lexsort((np.arange(len(w)), -w))  # heaviest first, as PrefLib lists them
    return Profile(tuple(f"C{i:02d}" for i in range(n)), rankings[order], w[order])


def impartial_culture(voters: int, n: int, seed: int = 2) -> Profile:
    """Uniform complete rankings, one row per ballot (weight 1)."""
    rng = np.random.default_rng(seed)
    rankings = np.empty((voters, n), np.int32)
    chunk = 1_000_000
    for start in range(0, voters, chunk):
        size = min(chunk, voters - start)
        rankings[start : start + size] = np.argsort(rng.random((size, n)), axis=1)
    return Profile(tuple(f"C{i:02d}" for i in range(n)), rankings, np.ones(voters, np.int64))


def ireland(name: str, times: int, *, raw: bool) -> Profile:
    """A 2002 Irish election x ``times``: one row per ballot (raw) or counts x times."""
    ballots = read_ballot_file(ELECTIONS / f"ireland-2002-{name}.soi")
    if raw:
        rows = np.repeat(np.asarray(ballots.rankings), ballots.weights * times, axis=0)
        rows = rows[np.random.default_rng(3).permutation(len(rows))]
        return Profile(ballots.candidates, rows, np.ones(len(rows), np.int64))
    return Profile(ballots.candidates, np.asarray(ballots.rankings), np.asarray(ballots.weights) * times)


# -- timing -----------------------------------------------------------------------------


def _status() -> dict[str, int]:
    text = Path("/proc/self/status").read_text()
    return {key: int(re.search(rf"{key}:\s+(\d+)", text).group(1)) * 1024 for key in ("VmRSS", "VmHWM")}  # type: ignore[union-attr]


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Timing:
    seconds: list[float]
    peak_bytes: int | None
    winners: frozenset[int] | None = None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure_isolated(work: Callable[[], frozenset[int]], runs: int, limit: float) -> Timing:
    """``measure`` in a forked child (it shares the ballots without copying them), killed
    when its first run takes longer than ``limit`` seconds: some peers take minutes."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        def stop(signum: int, frame: object) -> None:
            raise TimeoutError(f"stopped after {limit:.0f} s")

        signal.signal(signal.SIGALRM, stop)
        send.send(measure(work, runs, limit))

    process = ctx.Process(target=child, daemon=True)
    start = time.perf_counter()
    process.start()
    try:
        if receive.poll(limit + 3 * MULTI_RUN_LIMIT + 60):
            timing: Timing = receive.recv()
            return timing
        return Timing([time.perf_counter() - start], None, None, f"timeout: stopped after {limit:.0f} s")
    finally:
        process.kill()
        process.join()


def measure(work: Callable[[], frozenset[int]], runs: int, limit: float | None = None) -> Timing:
    """Run ``work`` up to ``runs`` times (once if a run is slow): times, peak memory, winners."""
    seconds: list[float] = []
    peak: int | None = None
    winners: frozenset[int] | None = None
    for i in range(runs):
        if limit is not None:
            signal.setitimer(signal.ITIMER_REAL, limit if i == 0 else limit + MULTI_RUN_LIMIT)
        ok = _reset_peak()
        base = _status()["VmRSS"]
        start = time.perf_counter()
        try:
            winners = work()
        except Exception as exc:  # a peer failing is a result to report, not a crash
            if seconds and isinstance(exc, TimeoutError):  # a later run: keep the first ones
                return Timing(seconds, peak, winners)
            return Timing(seconds or [time.perf_counter() - start], peak, None, f"{type(exc).__name__}: {exc}"[:200])
        finally:
            if limit is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        seconds.append(time.perf_counter() - start)
        if i == 0 and ok:
            peak = max(0, _status()["VmHWM"] - base)
        if seconds[0] > MULTI_RUN_LIMIT or (limit is not None and sum(seconds) > limit):
            break
    return Timing(seconds, peak, winners)


# -- our side ---------------------------------------------------------------------------


def ours_memory(profile: Profile, spec: Spec) -> frozenset[int]:
    method, seats, transfer = spec
    ballots = Ballots(profile.candidates, profile.rankings, profile.weights)
    result = count(ballots, method, seats=seats, transfer=transfer)
    index = {name: i for i, name in enumerate(profile.candidates)}
    return frozenset(index[w] for w in result.winners)


def ours_file_winners(path: Path, spec: Spec) -> frozenset[int]:
    method, seats, transfer = spec
    ballots = read_ballot_file(path)
    result = count(ballots, method, seats=seats, transfer=transfer)
    index = {name: i for i, name in enumerate(ballots.candidates)}
    return frozenset(index[w] for w in result.winners)


# -- the run ----------------------------------------------------------------------------


@dataclass
class Row:
    case: str
    kind: str  # "memory" | "file"
    voters: int
    rows: int
    spec: str
    impl: str
    median_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None
    all_s: list[float] = field(default_factory=list)
    runs: int = 0
    peak_mib: float | None = None
    match: bool | None = None
    winners: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class Case:
    name: str
    title: str
    sizes: list[tuple[int, Callable[[], Profile]]]
    specs: tuple[Spec, ...]
    files: bool = True


def _irish_specs(name: str) -> tuple[Spec, ...]:
    seats = IRISH[name]
    return (("irv", 1, "gregory"), ("stv", seats, "gregory"), ("stv", seats, "meek"))


def cases(quick: bool, only_sizes: list[int] | None = None) -> list[Case]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    if only_sizes:
        sizes = only_sizes
    out: list[Case] = []
    for n in (8, 20):
        out.append(Case(f"pl{n}", f"Plackett-Luce, {n} candidates, truncated, aggregated",
                        [(v, lambda v=v, n=n: plackett_luce(v, n)) for v in sizes], RANDOM_SPECS))  # fmt: skip
    for n in (8, 20):
        out.append(Case(f"ic{n}", f"impartial culture, {n} candidates, complete, one row per ballot",
                        [(v, lambda v=v, n=n: impartial_culture(v, n)) for v in sizes], RANDOM_SPECS,
                        files=False))  # fmt: skip
    if ELECTIONS.exists():
        times = [1] if quick else [1, 10, 100]
        for name in IRISH:
            out.append(Case(f"ireland-{name}", f"2002 {name}, one row per ballot, replicated x1/x10/x100",
                            [(0, lambda name=name, t=t: ireland(name, t, raw=True)) for t in times],
                            _irish_specs(name)))  # fmt: skip
            if quick:
                continue
            out.append(Case(f"ireland-{name}-agg", f"2002 {name}, distinct rankings, counts x100",
                            [(0, lambda name=name: ireland(name, 100, raw=False))], _irish_specs(name)))  # fmt: skip
    return out


def _mismatch_note(peer: Peer, ours_ties: int) -> str:
    if ours_ties:
        return f"tie: our count broke {ours_ties} tie(s); {peer.name} breaks ties its own way"
    return f"rule difference: {peer.rules}"


def run(quick: bool, peer_limit: float, only: set[str] | None, peer_names: set[str] | None,
        runs: int = 3, sizes: list[int] | None = None) -> list[Row]:  # fmt: skip
    rows: list[Row] = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-count-"))
    _import_peers()
    # (case, kind, spec, impl) -> (voters, rows, seconds) of the last size run, or a stop note.
    last: dict[tuple[str, str, str, str], tuple[int, int, float]] = {}
    stopped: dict[tuple[str, str, str, str], str] = {}
    hopeless: dict[tuple[str, str], str] = {}  # (peer, method) too slow at 1,000 ballots
    try:
        for case in cases(quick, sizes):
            if only and not any(case.name.startswith(o) for o in only):
                continue
            for _, make in case.sizes:
                t0 = time.perf_counter()
                profile = make()
                voters, n_rows = profile.voters, len(profile.weights)
                print(
                    f"\n== {case.name}: {voters:,} ballots, {n_rows:,} rows (made in {time.perf_counter() - t0:.1f} s)",
                    flush=True,
                )
                soi = workdir / f"{case.name}.soi"
                vk_csv = workdir / f"{case.name}.csv"
                file_ok = case.files and n_rows <= 3_000_000
                if file_ok:
                    write_ballot_file(Ballots(profile.candidates, profile.rankings, profile.weights), soi)
                    write_votekit_csv(profile, vk_csv)
                for spec in case.specs:
                    label = spec_label(spec)
                    ours = measure(partial(ours_memory, profile, spec), runs)
                    ours_result = count(Ballots(profile.candidates, profile.rankings, profile.weights),
                                        spec[0], seats=spec[1], transfer=spec[2])  # fmt: skip
                    rows.append(_row(case, "memory", voters, n_rows, label, OURS, ours, None))
                    print(f"  {label:<16} {OURS:<12} memory {ours.median * 1000:10.1f} ms", flush=True)
                    if file_ok:
                        timing = measure(partial(ours_file_winners, soi, spec), runs)
                        rows.append(_row(case, "file", voters, n_rows, label, OURS, timing, ours.winners))
                        print(f"  {label:<16} {OURS:<12} file   {timing.median * 1000:10.1f} ms", flush=True)
                    for peer in PEERS:
                        if not peer.supports(spec) or (peer_names is not None and peer.name not in peer_names):
                            continue
                        modes: list[tuple[str, Callable[[], frozenset[int]]]] = [
                            ("memory", partial(peer.count, profile, spec))
                        ]
                        if file_ok and peer.count_file is not None:
                            path = soi if peer.file_format == "soi" else vk_csv
                            modes.append(("file", partial(peer.count_file, path, profile, spec)))
                        for kind, work in modes:
                            key = (case.name, kind, label, peer.name)
                            row = Row(case.name, kind, voters, n_rows, label, peer.name)
                            if key in stopped:
                                row.note = stopped[key]
                                rows.append(row)
                                continue
                            if key in last:
                                v0, r0, s0 = last[key]
                                scale = voters / v0 if peer.name == "pyrankvote" else max(n_rows / r0, 1.0)
                                if s0 * scale > peer_limit:
                                    stopped[key] = f"not run above {v0:,} ballots (one run took {s0:.1f} s at {v0:,})"
                                    row.note = stopped[key]
                                    rows.append(row)
                                    continue
                            blocked = _blocked_by(stopped, key, voters) or hopeless.get((peer.name, label), "")
                            if blocked:
                                row.note = stopped[key] = blocked
                                rows.append(row)
                                continue
                            timing = measure_isolated(work, runs, peer_limit)
                            last[key] = (voters, n_rows, timing.median)
                            if timing.error and timing.error.startswith("TimeoutError"):
                                stopped[key] = f"not run: one run took over {peer_limit:.0f} s at {voters:,} ballots"
                                if voters <= 1_000:  # hopeless at the smallest size: skip it everywhere after
                                    hopeless[(peer.name, label)] = (
                                        f"not run: over {peer_limit:.0f} s at {voters:,} ballots ({case.name})"
                                    )
                                timing.error = f"one run took over {peer_limit:.0f} s (stopped)"
                            full = _row(case, kind, voters, n_rows, label, peer.name, timing, ours.winners,
                                        ours_ties=len(ours_result.ties), peer=peer)  # fmt: skip
                            rows.append(full)
                            ratio = timing.median / ours.median if timing.error is None else float("nan")
                            flag = "" if full.match in (True, None) else "  MISMATCH"
                            error = "  " + timing.error if timing.error else ""
                            print(f"  {label:<16} {peer.name:<12} {kind:<6} {timing.median * 1000:10.1f} ms"
                                  f"  x{ratio:,.0f}{flag}{error}", flush=True)  # fmt: skip
                soi.unlink(missing_ok=True)
                vk_csv.unlink(missing_ok=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def _import_peers() -> None:
    """Import every peer library once, before timing: forked runs must not pay for it."""
    import pandas  # noqa: F401
    import pref_voting.iterative_methods
    import pref_voting.profiles_with_ties
    import pref_voting.proportional_methods  # noqa: F401
    import pyrankvote  # noqa: F401
    import votekit.cvr_loaders
    import votekit.elections  # noqa: F401


def _blocked_by(stopped: dict[tuple[str, str, str, str], str], key: tuple[str, str, str, str], voters: int) -> str:
    """Skip a run that must be slower than one already stopped at this size: the file
    run of a peer whose memory run was stopped, and 5 seats after 3 seats."""
    case, kind, label, impl = key
    for other in ((case, "memory", label, impl), (case, kind, label.replace(" 5 ", " 3 "), impl)):
        if other != key and other in stopped:
            return f"not run ({other[1]} {other[2]}: {stopped[other].removeprefix('not run: ')})"
    return ""


def _row(case: Case, kind: str, voters: int, n_rows: int, label: str, impl: str, timing: Timing,
         reference: frozenset[int] | None, *, ours_ties: int = 0, peer: Peer | None = None) -> Row:  # fmt: skip
    row = Row(case.name, kind, voters, n_rows, label, impl)
    row.runs = len(timing.seconds)
    row.median_s, row.min_s, row.max_s = timing.median, min(timing.seconds), max(timing.seconds)
    row.all_s = list(timing.seconds)
    row.peak_mib = None if timing.peak_bytes is None else timing.peak_bytes / 2**20
    if timing.error:
        row.note = timing.error if timing.error.startswith("one run took") else f"error: {timing.error}"
        row.median_s = row.min_s = row.max_s = None
        return row
    row.winners = sorted(timing.winners or ())
    if reference is not None:
        row.match = timing.winners == reference
        if not row.match:
            row.note = "winners differ from ours: " + (
                _mismatch_note(peer, ours_ties) if peer else "our file and memory counts disagree"
            )
    return row


# -- reports ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    return {
        "nproc": sh("nproc"),
        "memory": sh("free -g | awk '/Mem:/ {print $2 \" GiB\"}'"),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 10:
        return f"{seconds:,.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def _cell(row: Row) -> str:
    if row.median_s is None:
        return row.note or "-"
    text = _fmt_time(row.median_s)
    if row.runs > 1:
        text += f" ({_fmt_time(row.min_s)}-{_fmt_time(row.max_s)})"
    else:
        text += " (1 run)"
    if row.peak_mib is not None:
        text += f", {row.peak_mib:,.0f} MiB"
    return text


def _size_label(voters: int, rows: int) -> str:
    return f"{voters:,} ({rows:,} rows)"


def markdown(rows: list[Row], info: dict[str, str], quick: bool, elapsed: float) -> str:
    impls = [OURS, *(p.name for p in PEERS)]
    command = COMMAND or "python -m bench.count" + (" --quick" if quick else "")
    out = [
        "# Count benchmark" + (" (quick)" if quick else ""),
        "",
        f"`{command}` on {info['nproc']} cores, {info['memory']} "
        f"({info['cpu']}; Python {info['python']}, NumPy {info['numpy']}); whole run {elapsed / 60:.1f} min.",
        "",
        "Each cell: median of 3 runs (1 run when a run takes over 5 s) with min-max, and the peak "
        "memory above what was resident before the run. Ratios are peer / ours, same run, same "
        'input. End to end: building each library\'s ballot objects counts; "file" rows read the '
        "ballot file (PrefLib .soi for us and pref_voting, votekit's rank-column CSV) and count.",
        "",
    ]
    out += headline(rows)
    cases_seen = list(dict.fromkeys(r.case for r in rows))
    for case in cases_seen:
        mine = [r for r in rows if r.case == case]
        out += [f"## {case}", ""]
        for kind in ("memory", "file"):
            part = [r for r in mine if r.kind == kind]
            if not part:
                continue
            out += [f"**{kind}**", "", "| ballots | method | " + " | ".join(impls) + " |",
                    "|---|---|" + "---|" * len(impls)]  # fmt: skip
            keys = list(dict.fromkeys((r.voters, r.rows, r.spec) for r in part))
            for voters, n_rows, spec in keys:
                cells = []
                ours = next((r for r in part if (r.voters, r.spec, r.impl) == (voters, spec, OURS)), None)
                for impl in impls:
                    r = next((r for r in part if (r.voters, r.spec, r.impl) == (voters, spec, impl)), None)
                    if r is None:
                        cells.append("n/a")
                        continue
                    text = _cell(r)
                    if impl != OURS and r.median_s and ours and ours.median_s:
                        text += f" **x{r.median_s / ours.median_s:,.0f}**"
                    if r.match is False:
                        text += " MISMATCH"
                    cells.append(text)
                out.append(f"| {_size_label(voters, n_rows)} | {spec} | " + " | ".join(cells) + " |")
            out.append("")
    mismatches = [r for r in rows if r.match is False]
    out += ["## Winners", ""]
    checked = sum(1 for r in rows if r.match is not None)
    out.append(f"{checked} peer (and file) counts were compared with ours: {checked - len(mismatches)} agree.")
    out.append("")
    for r in mismatches:
        out.append(f"- {r.case} {r.kind} {r.voters:,} {r.spec} {r.impl}: winners {r.winners}; {r.note}")
    errors = [r for r in rows if r.note.startswith("error")]
    for r in errors:
        out.append(f"- {r.case} {r.kind} {r.voters:,} {r.spec} {r.impl}: {r.note}")
    out.append("")
    return "\n".join(out)


def headline(rows: list[Row]) -> list[str]:
    """At 1M ballots (or the largest size in a quick run): ours per million, best peer, ratio."""
    sizes = sorted({r.voters for r in rows if r.case.startswith(("pl", "ic"))})
    if not sizes:
        return []
    at = 1_000_000 if 1_000_000 in sizes else sizes[-1]
    out = [f"## Headline at {at:,} ballots", "",
           "| case | method | ours (memory) | per 1M ballots | ours read .soi | fastest peer | its time | ratio |",
           "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        if r.impl != OURS or r.kind != "memory" or r.voters != at or r.median_s is None:
            continue
        peers = [p for p in rows if p.case == r.case and p.voters == at and p.spec == r.spec
                 and p.impl != OURS and p.kind == "memory" and p.median_s is not None]  # fmt: skip
        best = min(peers, key=lambda p: p.median_s or 0.0, default=None)
        read = _read_time(rows, r)
        per_m = r.median_s / (r.voters / 1e6)
        out.append(
            f"| {r.case} | {r.spec} | {_fmt_time(r.median_s)} | {_fmt_time(per_m)} | {read} | "
            f"{best.impl if best else 'none run'} | {_fmt_time(best.median_s) if best else '-'} | "
            f"{'x' + format(best.median_s / r.median_s, ',.0f') if best and best.median_s else '-'} |"
        )
    out.append("")
    return out


def _read_time(rows: list[Row], r: Row) -> str:
    f = next(
        (x for x in rows if (x.case, x.voters, x.spec, x.impl, x.kind) == (r.case, r.voters, r.spec, OURS, "file")),
        None,
    )
    if f is None or f.median_s is None or r.median_s is None:
        return "-"
    return _fmt_time(max(f.median_s - r.median_s, 0.0)) + " (file total " + _fmt_time(f.median_s) + ")"


def plots(rows: list[Row], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    colours = {OURS: "C0", "pref_voting": "C1", "votekit": "C2", "pyrankvote": "C3"}
    for case in dict.fromkeys(r.case for r in rows):
        mine = [r for r in rows if r.case == case and r.median_s is not None]
        voters = {r.voters for r in mine}
        if len(voters) < 2:
            continue
        specs = list(dict.fromkeys(r.spec for r in mine))
        fig, axes = plt.subplots(1, len(specs), figsize=(4 * len(specs), 4.2), sharey=True, squeeze=False)
        for ax, spec in zip(axes[0], specs, strict=True):
            for impl, colour in colours.items():
                for kind, style in (("memory", "-o"), ("file", "--x")):
                    pts = sorted((r.voters, r.median_s) for r in mine if (r.spec, r.impl, r.kind) == (spec, impl, kind))
                    if pts:
                        xs, ys = zip(*pts, strict=True)
                        ax.loglog(xs, ys, style, color=colour, label=f"{impl} ({kind})", markersize=4)
            ax.set_title(spec)
            ax.set_xlabel("ballots")
            ax.grid(True, which="both", alpha=0.3)
        axes[0][0].set_ylabel("seconds (median)")
        handles: dict[str, Any] = {}
        for ax in axes[0]:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label, handle)
        fig.legend(list(handles.values()), list(handles), fontsize=7, loc="upper left", ncol=4)
        fig.suptitle(f"count: {case}")
        fig.tight_layout(rect=(0, 0, 1, 0.86))
        path = out_dir / f"count-{case}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


def write_reports(rows: list[Row], quick: bool, elapsed: float, out: Path) -> tuple[str, list[Path]]:
    """results-count[-quick].md and .json, and the log-log scaling plots under plots/."""
    info = machine()
    suffix = "-quick" if quick else ""
    out.mkdir(parents=True, exist_ok=True)
    md = markdown(rows, info, quick, elapsed)
    (out / f"results-count{suffix}.md").write_text(md)
    payload = {"machine": info, "quick": quick, "seconds": elapsed, "rows": [asdict(r) for r in rows]}
    (out / f"results-count{suffix}.json").write_text(json.dumps(payload, indent=1) + "\n")
    return md, plots(rows, out / "plots" / ("quick" if quick else ""))


def harness_tables(rows: list[Row], quick: bool) -> list[Any]:
    """The harness's view: per case, every implementation at the headline size.

    Random cases at 1M ballots (the largest size in a quick run), the Irish ones at
    their largest replication; the full scaling tables and plots are in
    results-count.md and plots/count-*.png.
    """
    from bench.harness import Row as HRow
    from bench.harness import Sample, Table

    tables = []
    for case in dict.fromkeys(r.case for r in rows):
        mine = [r for r in rows if r.case == case]
        sizes = sorted({r.voters for r in mine})
        at = 1_000_000 if 1_000_000 in sizes else sizes[-1]
        chosen = [r for r in mine if r.voters == at]
        table = Table(f"count {case}, {at:,} ballots ({chosen[0].rows:,} rows)", "ballots")
        for r in chosen:
            group = f"{r.spec}, {r.kind}"
            if r.median_s is None:
                table.notes.append(f"{r.impl} {group}: {r.note}")
                continue
            samples = [Sample(t, r.voters, r.peak_mib or 0.0) for t in r.all_s]
            table.rows.append(HRow(f"{r.impl} {r.spec}", samples, group, r.impl != OURS,
                                   "" if r.match in (True, None) else "winners differ"))  # fmt: skip
        table.notes += [f"{r.impl} {r.spec} {r.kind}: {r.note}" for r in chosen if r.match is False]
        tables.append(table)
    if tables:
        tables[0].notes.insert(
            0,
            "Ratios in 'vs peers' are our rate over the peer's (same method, same path). "
            "Full scaling tables: bench/results-count" + ("-quick" if quick else "") + ".md.",
        )
    return tables


def _harness_run(ctx: Any) -> list[Any]:
    start = time.perf_counter()
    rows = run(ctx.quick, 1.0 if ctx.quick else PEER_LIMIT, None, None, runs=ctx.runs)
    write_reports(rows, ctx.quick, time.perf_counter() - start, Path(__file__).parent)
    return harness_tables(rows, ctx.quick)


def _available() -> str | None:
    try:
        import pref_voting  # noqa: F401
        import pyrankvote  # noqa: F401
        import votekit  # noqa: F401
    except ImportError as exc:
        return f"a peer library is missing ({exc.name}); pip install pref_voting votekit pyrankvote"
    return None


# -- side by side: this tree against another source tree --------------------------------

SIDE_SPECS: tuple[Spec, ...] = RANDOM_SPECS


def _side_measure(case: str, voters: int, runs: int) -> dict[str, Any]:
    """Best of ``runs`` for each step on one random case (run in a child process)."""
    import councils

    n = int(case[2:])
    profile = plackett_luce(voters, n) if case.startswith("pl") else impartial_culture(voters, n)

    def best(work: Callable[[], object]) -> float:
        work()  # warm: imports, caches
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return min(times)

    def build() -> Ballots:
        return Ballots(profile.candidates, profile.rankings, profile.weights)

    out: dict[str, Any] = {"case": case, "voters": voters, "rows": len(profile.weights), "source": councils.__file__}
    out["Ballots(...)"] = best(build)
    for spec in SIDE_SPECS:
        out[spec_label(spec)] = best(lambda spec=spec: count(build(), spec[0], seats=spec[1], transfer=spec[2]))
    if case.startswith("pl"):
        with tempfile.TemporaryDirectory() as folder:
            soi = Path(folder) / f"{case}.soi"
            write_ballot_file(build(), soi)
            out["read .soi"] = best(lambda: read_ballot_file(soi))
    return out


def side_by_side(other: Path, cases_: list[str], voters: int, rounds: int, runs: int, out: Path) -> str:
    """Time this tree and ``other`` (a ``src`` folder holding another ``councils``), one
    child process per (tree, case), alternating ``rounds`` times so both see the same load;
    best time per step. Writes results-count-side-by-side.md/.json."""
    results: dict[tuple[str, str], dict[str, float]] = {}
    for _ in range(rounds):
        for case in cases_:
            for tree in ("before", "after"):
                env = dict(os.environ)
                if tree == "before":
                    env["PYTHONPATH"] = str(other) + os.pathsep + env.get("PYTHONPATH", "")
                code = f"import json, bench.count as c; print(json.dumps(c._side_measure({case!r}, {voters}, {runs})))"
                done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
                got = json.loads(done.stdout.strip().splitlines()[-1])
                print(tree, got, flush=True)
                best = results.setdefault((case, tree), {})
                for key, value in got.items():
                    if isinstance(value, float):
                        best[key] = min(best.get(key, value), value)
                    else:
                        best.setdefault(key, value)  # type: ignore[arg-type]
    lines = [
        "# Count: side by side",
        "",
        f"`python -m bench.count --side-by-side {other} --only {' '.join(cases_)}`: {voters:,} ballots; best of "
        f"{runs} runs per step, in {rounds} rounds of one child process per tree and case, alternating "
        "(before = the other tree, after = this one). Counts are end to end: `Ballots(...)` and the count.",
        "",
        "| case | rows | step | before | after | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    for case in cases_:
        before, after = results[(case, "before")], results[(case, "after")]
        for key in after:
            if isinstance(after[key], float) and key in before and key not in ("voters", "rows"):
                lines.append(
                    f"| {case} | {int(after['rows']):,} | {key} | {_fmt_time(before[key])} | "
                    f"{_fmt_time(after[key])} | x{before[key] / after[key]:.1f} |"
                )
    md = "\n".join(lines) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results-count-side-by-side.md").write_text(md)
    payload = {"machine": machine(), "other": str(other), "voters": voters, "rounds": rounds, "runs": runs,
               "results": [{"case": c, "tree": t, **v} for (c, t), v in results.items()]}  # fmt: skip
    (out / "results-count-side-by-side.json").write_text(json.dumps(payload, indent=1) + "\n")
    return md


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="1k and 10k ballots, Irish x1 (~2 min)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="folder for results and plots")
    parser.add_argument("--peer-limit", type=float, default=None,
                        help=f"seconds: run a peer at a size only while predicted under this "
                             f"({PEER_LIMIT:.0f}; quick 1)")  # fmt: skip
    parser.add_argument("--only", nargs="*", help="case name prefixes (pl8, ic20, ireland, ...)")
    parser.add_argument("--peers", nargs="*", help="peers to run (default all; none: --peers)")
    parser.add_argument("--sizes", nargs="*", type=int, help="ballots of the random cases (default 1k to 10M)")
    parser.add_argument("--side-by-side", type=Path, metavar="SRC",
                        help="instead: time this tree against the councils package under SRC (random cases of "
                             "--only, at the first of --sizes or 1M), alternating child processes")  # fmt: skip
    args = parser.parse_args(argv)
    global COMMAND
    COMMAND = " ".join(["python -m bench.count", *(sys.argv[1:] if argv is None else argv)])
    if args.side_by_side is not None:
        chosen = [c for c in (args.only or ["pl8", "pl20", "ic8", "ic20"]) if c[:2] in ("pl", "ic")]
        voters = args.sizes[0] if args.sizes else 1_000_000
        print(side_by_side(args.side_by_side, chosen, voters, rounds=2, runs=5, out=args.out))
        return
    limit = args.peer_limit if args.peer_limit is not None else (1.0 if args.quick else PEER_LIMIT)
    start = time.perf_counter()
    rows = run(args.quick, limit, set(args.only) if args.only else None,
               None if args.peers is None else set(args.peers), sizes=args.sizes)  # fmt: skip
    md, written = write_reports(rows, args.quick, time.perf_counter() - start, args.out)
    print(md)
    print("plots:", ", ".join(str(p) for p in written))


try:
    from bench.harness import Benchmark

    BENCHMARK = Benchmark(
        "count",
        "IRV and STV (Gregory, Meek) on random and real ranked ballots, against pref_voting, votekit, pyrankvote.",
        _harness_run,
        _available,
    )
except ImportError:  # the harness is optional: python -m bench.count runs alone
    pass


if __name__ == "__main__":
    main()
