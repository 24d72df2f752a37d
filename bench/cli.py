"""cli: the ``councils`` console script as a process, as a user runs it.

``councils --help``, and ``councils count FILE --method irv`` / ``--method stv --seats 3``
on ballot files of 1,000,000 ballots (CSV, one line per ballot; PrefLib ``.soi``, one
line per distinct ranking with its count) of four profiles built as ``bench.count``
builds them: ``pl8``/``pl20`` (truncated Plackett-Luce rankings, 8/20 candidates) and
``ic8``/``ic20`` (impartial culture, complete rankings). Every figure is the whole
process, start-up included, median of 5 runs:

- *cold*: before each run the page cache is emptied of the ballot file and of every
  file of the Python packages the process loads (``posix_fadvise`` DONTNEED), as after
  a reboot or a long pause; bytecode caches exist (one earlier run wrote them);
- *warm*: after one unmeasured run, as when a command is run again.

The peer is pref_voting end to end on the same file, at its best: a process that reads
the file with NumPy's C parser (``np.loadtxt`` for CSV, ``np.fromstring`` for ``.soi``),
groups identical rankings, and counts with pref_voting's ``instant_runoff`` or
``stv_wig`` (Droop), as ``bench.count_peers`` builds its profiles. It runs warm, 3 times,
and is stopped after ``PEER_LIMIT`` seconds (then the ratio is a lower bound). The
winners of both are compared.

    python -m bench cli [--quick]
    COUNCILS_BENCH_CLI_CASES=pl8,ic8 python -m bench cli   # only those profiles
    COUNCILS_BENCH_CLI_FILES=/tmp/clif python -m bench cli  # the 1,000,000-ballot files of an earlier run

The files are made once per run (``make_files``), or taken from the folder
``COUNCILS_BENCH_CLI_FILES`` names when it holds every chosen ``<case>.soi`` and ``.csv``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
COUNCILS = Path(sys.executable).parent / "councils"
CASES = ("pl8", "ic8", "pl20", "ic20")
METHODS = (("IRV", ["--method", "irv"], ("irv", 1)), ("STV 3", ["--method", "stv", "--seats", "3"], ("stv", 3)))
RUNS = 5
PEER_RUNS = 3
PEER_LIMIT = 60.0  # seconds: a slower peer run is stopped
TARGET_RATIO = 20.0
HELP_SECONDS = 0.25


# -- the peer (run as ``python -m bench.cli peer FILE METHOD SEATS``) ------------------------


def _group(order: Any) -> tuple[Any, Any]:
    """Distinct rows of an int8 matrix and their counts (rows packed into 64-bit words)."""
    import numpy as np

    rows, width = order.shape
    packed = np.ascontiguousarray(np.pad(order, ((0, 0), (0, (-width) % 8)), constant_values=-1)).view(np.uint64)
    keys = [packed[:, j] for j in range(packed.shape[1])]
    index = np.lexsort(keys[::-1])
    ordered = packed[index]
    new = np.ones(rows, np.bool_)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    starts = np.flatnonzero(new)
    return order[index[starts]], np.diff(np.append(starts, rows))


def _peer_csv(path: Path) -> tuple[int, Any, Any]:
    """Read a rank-per-cell CSV with ``np.loadtxt`` (empty cells made 0 first), group."""
    import io

    import numpy as np

    head, _, body = path.read_bytes().partition(b"\n")
    n = len(head.split(b","))
    body = b"0" + body.rstrip(b"\n").replace(b"\n", b"\n0").replace(b",", b",0")  # "" -> "0", "3" -> "03"
    ranks = np.loadtxt(io.StringIO(body.decode()), delimiter=",", dtype=np.int16, ndmin=2)
    key = np.where(ranks == 0, n + 1, ranks)
    order = np.argsort(key, axis=1, kind="stable").astype(np.int8)
    order[np.take_along_axis(key, order, axis=1) > n] = -1
    rows, counts = _group(order)
    return n, rows, counts


def _peer_soi(path: Path) -> tuple[int, Any, Any]:
    """Read a ``.soi`` file (already grouped): every number parsed by ``np.fromstring``,
    the lines told apart by their commas."""
    import numpy as np

    data = path.read_bytes()
    n = data.count(b"# ALTERNATIVE NAME")
    body = b"\n".join(line for line in data.split(b"\n") if line and not line.startswith(b"#"))
    codes = np.frombuffer(body, np.uint8)
    commas = np.cumsum(codes == ord(","))
    ends = np.append(commas[np.flatnonzero(codes == ord("\n"))], commas[-1])
    per = np.diff(ends, prepend=0) + 2  # numbers per line: the count, then the ranking
    values = np.fromstring(body.replace(b"\n", b",").replace(b":", b",").decode(), sep=",", dtype=np.int64)
    starts = np.cumsum(per) - per
    rows = np.full((len(per), int(per.max()) - 1), -1, np.int8)
    line = np.repeat(np.arange(len(per)), per - 1)
    column = np.arange(len(values) - len(per)) - np.repeat(starts - np.arange(len(per)), per - 1)
    ranking = np.ones(len(values), np.bool_)
    ranking[starts] = False
    rows[line, column] = values[ranking] - 1
    return n, rows, values[starts]  # a .soi file lists each distinct order once, with its count


def peer_main(argv: list[str]) -> int:
    """Read, group and count one file with pref_voting; print the winners (0-based) as JSON."""
    path, method, seats = Path(argv[0]), argv[1], int(argv[2])
    import numpy as np

    n, rows, counts = (_peer_csv if path.suffix == ".csv" else _peer_soi)(path)
    sys.path.insert(0, str(BENCH_DIR.parent))
    from bench.count_peers import Profile, _pv_profile, _pv_run

    profile = Profile(tuple(str(c) for c in range(n)), rows.astype(np.int32), np.asarray(counts, np.int64))
    spec = (method, seats, "gregory")
    winners = _pv_run(_pv_profile(profile, spec), spec)
    print(json.dumps(sorted(int(w) for w in winners)))
    return 0


# -- the measured runs ---------------------------------------------------------------------


def _environment() -> dict[str, str]:
    """The caller's environment, with bytecode caches written (as for a user) and a fixed width."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "120"
    return env


def _package_files() -> list[Path]:
    """The files a ``councils`` or peer process loads: the virtualenv's packages and ours."""
    import sysconfig

    roots = [Path(sysconfig.get_paths()["purelib"]), Path(sysconfig.get_paths()["platlib"]),
             Path(__file__).resolve().parents[1] / "src"]
    files: set[Path] = set()
    for root in dict.fromkeys(roots):
        files.update(p for p in root.rglob("*") if p.is_file())
    return sorted(files)


def _evict(paths: list[Path]) -> None:
    """Drop these files from the page cache, so the next run reads them from disk."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes so far."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(
    command: list[str], timeout: float | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str] | None]:
    """Wall and CPU seconds of one process, and what it printed (None if stopped after ``timeout``).

    The CPU time is a second measure for a shared machine: other work stretches a run's
    wall time much more than the CPU time it uses.
    """
    start, cpu = time.perf_counter(), _children_cpu()
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=_environment(), timeout=timeout,
                              cwd=BENCH_DIR.parent, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, 0.0, None
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - start, _children_cpu() - cpu, done


def _times(command: list[str], runs: int, cold: list[Path] | None) -> tuple[list[float], list[float]]:
    """Wall and CPU times of ``runs`` runs: each after evicting ``cold`` files, or after a warm-up."""
    if cold is None:
        _run(command)
    walls, cpus = [], []
    for _ in range(runs):
        if cold is not None:
            _evict(cold)
        wall, cpu, _ = _run(command)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def make_files(folder: Path, voters: int, cases: list[str] | None = None) -> dict[str, Path]:
    """The ballot files of every case: ``<case>.csv`` (a line per ballot, shuffled) and
    ``<case>.soi`` (distinct rankings with counts)."""
    import numpy as np

    from bench.count import impartial_culture, plackett_luce
    from councils.counting import Ballots, write_ballot_file

    files: dict[str, Path] = {}
    for case in cases or CASES:
        n = int(case[2:])
        profile = plackett_luce(voters, n) if case.startswith("pl") else impartial_culture(voters, n)
        ballots = Ballots(profile.candidates, np.asarray(profile.rankings, np.int32), profile.weights)
        files[f"{case}.soi"] = folder / f"{case}.soi"
        write_ballot_file(ballots.canonical(), files[f"{case}.soi"])
        rows = np.repeat(np.asarray(profile.rankings), profile.weights, axis=0)
        rows = rows[np.random.default_rng(5).permutation(len(rows))]
        files[f"{case}.csv"] = folder / f"{case}.csv"
        write_ballot_file(Ballots(profile.candidates, rows, np.ones(len(rows), np.int64)), files[f"{case}.csv"])
    return files


def run(ctx: Any) -> list[Any]:
    from bench.harness import Row, Sample, Table, Target

    runs = 2 if ctx.quick else RUNS
    peer_runs = 1 if ctx.quick else PEER_RUNS
    voters = 10_000 if ctx.quick else 1_000_000
    packages = _package_files()
    help_table = Table("councils --help, as a process", "runs",
                       targets=[Target("councils --help", min_rate=1 / HELP_SECONDS,
                                       text=f"≤ {HELP_SECONDS} s")], runs_are="each a fresh process")
    for mode in ("cold", "warm"):
        seconds, _ = _times([str(COUNCILS), "--help"], runs, packages if mode == "cold" else None)
        help_table.rows.append(Row(f"councils --help, {mode}", [Sample(s, 1) for s in seconds], mode))
    started = time.perf_counter()
    chosen = [c for c in os.environ.get("COUNCILS_BENCH_CLI_CASES", ",".join(CASES)).split(",") if c]
    kept = Path(os.environ.get("COUNCILS_BENCH_CLI_FILES", ctx.workdir))  # files made by an earlier run
    if all((kept / f"{case}.{kind}").is_file() for case in chosen for kind in ("soi", "csv")) and not ctx.quick:
        files = {f"{case}.{kind}": kept / f"{case}.{kind}" for case in chosen for kind in ("soi", "csv")}
    else:
        files = make_files(ctx.workdir, voters, chosen)
    print(f"[cli] files made in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    count_table = Table(f"councils count of {voters:,} ballots, as a process, against pref_voting end to end",
                        "ballots", targets=[Target("councils count", min_peer_ratio=TARGET_RATIO,
                                                   text=f"≥ {TARGET_RATIO:.0f}× pref_voting, end to end")],
                        runs_are="each a fresh process")
    summary: list[str] = []
    for name, path in files.items():
        for label, options, (method, seats) in METHODS:
            ours_command = [str(COUNCILS), "count", str(path), *options]
            ours_json = json.loads(_run([*ours_command, "--json"])[2].stdout)  # type: ignore[union-attr]
            index = {c: i for i, c in enumerate(ours_json["candidates"])}
            ours_winners = sorted(index[w] for w in ours_json["winners"])
            medians: dict[str, float] = {}
            for mode in ("cold", "warm"):
                seconds, cpus = _times(ours_command, runs, [path, *packages] if mode == "cold" else None)
                medians[mode], medians[f"{mode} cpu"] = statistics.median(seconds), statistics.median(cpus)
                count_table.rows.append(Row(f"councils count {name} {label}, {mode}",
                                            [Sample(s, voters) for s in seconds], f"{name} {label}"))
            peer_command = [sys.executable, "-m", "bench.cli", "peer", str(path), method, str(seats)]
            peer_seconds: list[float] = []
            peer_cpus: list[float] = []
            peer_winners: list[int] | None = None
            for _ in range(peer_runs):
                took, cpu, done = _run(peer_command, timeout=PEER_LIMIT)
                if done is None:
                    break
                peer_seconds.append(took)
                peer_cpus.append(cpu)
                peer_winners = json.loads(done.stdout)
            load = f"{os.getloadavg()[0]:.1f}"
            if peer_seconds:
                note = "" if peer_winners == ours_winners else f"winners differ: {peer_winners} vs {ours_winners}"
                count_table.rows.append(Row(f"pref_voting, NumPy read, grouped: {name} {label}",
                                            [Sample(s, voters) for s in peer_seconds], f"{name} {label}",
                                            peer=True, note=note))
                peer, peer_cpu = statistics.median(peer_seconds), statistics.median(peer_cpus)
                summary.append(f"| {name} | {label} | {medians['cold']:.2f} s | {medians['warm']:.2f} s | "
                               f"{peer:.1f} s | {peer / medians['cold']:.0f}× | {peer / medians['warm']:.0f}× | "
                               f"{medians['warm cpu']:.2f} s | {peer_cpu:.1f} s | "
                               f"{peer_cpu / medians['warm cpu']:.0f}× | {load} |")
            else:
                count_table.notes.append(f"pref_voting {name} {label}: stopped after {PEER_LIMIT:.0f} s "
                                         f"(ratio over {PEER_LIMIT / medians['warm']:.0f}× warm)")
                summary.append(f"| {name} | {label} | {medians['cold']:.2f} s | {medians['warm']:.2f} s | "
                               f"> {PEER_LIMIT:.0f} s | > {PEER_LIMIT / medians['cold']:.0f}× | "
                               f"> {PEER_LIMIT / medians['warm']:.0f}× | {medians['warm cpu']:.2f} s | "
                               f"- | - | {load} |")
            print(f"[cli] {summary[-1]}", file=sys.stderr, flush=True)
    count_table.notes.insert(0, "Ratios end to end (pref_voting's median time over ours; then the same for "
                             "CPU time, user and system, which other work on a shared machine stretches far "
                             "less than wall time; the load average after the peer's runs):\n\n"
                             "| file | method | ours cold | ours warm | pref_voting warm | ratio cold | ratio warm "
                             "| ours warm CPU | pref_voting CPU | ratio CPU | load |\n"
                             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(summary))
    return [help_table, count_table]


def _available() -> str | None:
    if not COUNCILS.exists():
        return f"the console script is not installed at {COUNCILS}"
    try:
        import pref_voting  # noqa: F401
    except ImportError:
        return "pref_voting is missing (pip install pref_voting)"
    return None


if __name__ == "__main__":
    if sys.argv[1:2] == ["peer"]:
        raise SystemExit(peer_main(sys.argv[2:]))
    raise SystemExit("usage: python -m bench cli   (python -m bench.cli peer FILE METHOD SEATS: the peer alone)")
else:
    from bench.harness import Benchmark

    BENCHMARK = Benchmark("cli", "The councils console script as a process: --help, and count against pref_voting.",
                          run, _available)
