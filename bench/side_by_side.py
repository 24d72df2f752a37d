"""Side by side: this tree's ``councils`` against another commit's, on the same workloads.

    python -m bench --side-by-side REF [count record register replay serve] [--db sqlite ...]
                    [--runs 3] [--size record=200000 ...]

REF (a commit, a tag, a branch) is written out with ``git archive REF src | tar -x``
into ``/tmp/councils-ref-<sha>`` (the repository and its working tree are left as they
are); this tree's ``src`` is copied as it stands when the run starts (others may edit
the working tree meanwhile). The bench code is this tree's; only ``councils`` differs: every
measurement runs in a fresh ``python -m bench.side_by_side child ...`` process whose
``PYTHONPATH`` starts with one tree's ``src`` (each child reports ``councils.__file__``
and the parent checks it). Each side builds its own databases (its own schema and
migrations) from the same inputs; then the measurements alternate between the sides,
REF first in the 1st, 3rd, ... round and this tree first in the others, so both see the same load.

Only public entry points that both trees have are used (``bootstrap.governance``,
``Governance.handle``/``handle_batch``/``catch_up``/``replay``, ``import_register``,
``ledger.head``/``append``/``read``/``verify``, ``Accounts``, the ``councils serve``
console command), so the bench does not depend on where the adapters' internals live.

Every figure is reported as the best of the runs (least time or memory, highest rate;
the other engineers' tests share the two cores, and their load only ever makes a run
slower) and as the median. The ratio is the cost of this tree relative to REF: this/REF
for times and memory, REF/this for rates; above 1 this tree is slower. A figure is
flagged when the best-of ratio is above 1.10.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CASES = ("count", "record", "register", "replay", "serve")
THRESHOLD = 1.10

# Sizes, bounded for a shared 2-core machine; each one can be changed with --size NAME=N.
SIZES: dict[str, int] = {
    "count": 1_000_000,          # ballots per random case
    "record": 200_000,           # ballots through handle_batch, 1,000 a transaction
    "record-single": 1_000,      # ballots through handle, one a transaction (before and after)
    "record-electors": 50_000,   # electors of the voting council
    "register": 200_000,         # residents in the register CSV
    "replay": 1_000_000,         # events in the ledger
    "replay-electors": 100_000,  # residents in the ledger (the rest: motions and ballots)
    "serve": 5_000,              # timed ballots over HTTP
    "serve-warmup": 1_000,
    "serve-electors": 2_000,
    "serve-concurrency": 32,
}
COUNT_CASES = ("pl8", "ic20")


# --- in the child: one tree's councils ---------------------------------------------------


class _Ctx:
    """What the bench modules' builders need of a harness context, with names per side."""

    def __init__(self, workdir: Path, postgres: str | None, side: str) -> None:
        self.workdir = workdir
        self.postgres_url = postgres
        self.side = side

    def fresh_url(self, kind: str, name: str) -> str:
        from bench.harness import Context

        return Context(False, 1, self.workdir, self.postgres_url).fresh_url(kind, f"sbs-{self.side}-{name}")


def _run_url(template: str) -> str:
    return template.replace("template", "run")


def _measure(value: float, unit: str, better: str, **extra: Any) -> dict[str, Any]:
    return {"value": value, "unit": unit, "better": better, **extra}


def _rate(seconds: float, items: int, unit: str, **extra: Any) -> dict[str, Any]:
    return _measure(items / seconds, f"{unit}/s", "higher", seconds=seconds, items=items, **extra)


def setup(case: str, kind: str, ctx: _Ctx, sizes: dict[str, int], shared: Path) -> dict[str, Any]:
    """Build this side's starting database for `case` (outside any clock)."""
    if case == "count":
        return {}
    if case == "record":
        from bench._ledgers import settle, voting_republic

        url = ctx.fresh_url(kind, "record-template")
        questions = -(-(sizes["record"] + 2 * sizes["record-single"]) // sizes["record-electors"]) + 1
        voting_republic(url, ctx.workdir, sizes["record-electors"], questions)
        settle(url)
        return {"template": url, "questions": questions}
    if case == "register":
        from bench.register import _template

        return {"template": _template(ctx, kind)}  # type: ignore[arg-type]
    if case == "replay":
        from bench.replay import Plan, _Builder

        builder = _Builder(ctx, kind, Plan(sizes["replay-electors"], (sizes["replay"],)))  # type: ignore[arg-type]
        events = builder.grow_to(sizes["replay"])
        builder.close()
        return {"url": builder.url, "events": events}
    if case == "serve":
        from bench.serve import build_template  # uses only what both trees have

        url = ctx.fresh_url(kind, "serve-template")
        tokens = build_template(url, ctx.workdir, sizes["serve-electors"], _serve_questions(sizes))
        return {"template": url, "tokens": str(tokens)}
    raise ValueError(case)


def measure(case: str, kind: str, built: dict[str, Any], ctx: _Ctx, sizes: dict[str, int],
            shared: Path) -> dict[str, dict[str, Any]]:
    """One run of `case` on this side: {measure name: figure}."""
    if case == "count":
        from bench.count import _side_measure

        out: dict[str, dict[str, Any]] = {}
        for spec in COUNT_CASES:
            got = _side_measure(spec, sizes["count"], 5)
            for key, value in got.items():
                if isinstance(value, float) and key not in ("voters", "rows"):
                    out[f"{spec} ({got['rows']:,} rows): {key}"] = _measure(value, "s", "lower")
        return out
    if case == "record":
        from bench.record import Sizes, library_run

        plan = Sizes(sizes["record-electors"], built["questions"], sizes["record-single"], sizes["record"])
        got = library_run(built["template"], _run_url(built["template"]), plan)
        batched, small, large = got["batched"], got["small"], got["large"]
        return {
            "handle_batch, 1,000 a transaction": _rate(batched.seconds, batched.items, "ballots"),
            f"handle, one a transaction, ledger {small.extra['ledger']:,}":
                _rate(small.seconds, small.items, "ballots"),
            "handle, one a transaction, after the batched run": _rate(large.seconds, large.items, "ballots"),
        }
    if case == "register":
        from bench.register import commands_run, import_run

        register = str(shared / "register.csv")
        imported = import_run(built["template"], _run_url(built["template"]), register)
        rows = max(1, sizes["register"] // 10)
        commands = commands_run(built["template"], _run_url(built["template"]), register, rows)
        return {
            "import_register": _rate(imported.seconds, imported.items, "residents"),
            "import_register peak memory": _measure(imported.peak_mib, "MiB", "lower"),
            f"register_person commands, handle_batch of 1,000 ({rows:,} rows)":
                _rate(commands.seconds, commands.items, "residents"),
        }
    if case == "replay":
        return _replay(built["url"])
    if case == "serve":
        return _serve(built, ctx, sizes)
    raise ValueError(case)


def _replay(url: str) -> dict[str, dict[str, Any]]:
    """Governance.replay, then reading alone and verifying, all through public entry points."""
    from bench.harness import Probe
    from councils.bootstrap import governance, open_ledger

    gov = governance(url)
    with Probe() as probe:
        state = gov.replay()
    events = state.position
    out = {"Governance.replay": _rate(probe.seconds, events, "events"),
           "Governance.replay peak memory": _measure(probe.peak_mib, "MiB", "lower")}
    gov.ledger.dispose()
    del gov, state
    ledger = open_ledger(url, create=False)
    n = 0
    with Probe() as probe:
        for _ in ledger.read():
            n += 1
    out["ledger.read (decoded, hashes kept)"] = _rate(probe.seconds, n, "events")
    with Probe() as probe:
        result = ledger.verify()
    assert result.ok, result.reason
    out["ledger.verify"] = _rate(probe.seconds, result.events, "events")
    ledger.dispose()
    return out


def _serve_questions(sizes: dict[str, int]) -> int:
    return -(-(sizes["serve"] + sizes["serve-warmup"]) // sizes["serve-electors"]) + 1


def _ballots_in(url: str) -> tuple[int, int]:
    """(participation events, sealed ballots), straight through the driver."""
    queries = ("SELECT count(*) FROM events WHERE type = 'VoterParticipated'", "SELECT count(*) FROM ballot_box")
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            a, b = (int(conn.execute(q).fetchone()[0]) for q in queries)
        finally:
            conn.close()
        return a, b
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg:
        a, b = (int(pg.execute(q).fetchone()[0]) for q in queries)  # type: ignore[index]
    return a, b


def _serve(built: dict[str, Any], ctx: _Ctx, sizes: dict[str, int]) -> dict[str, dict[str, Any]]:
    """As bench.serve.serve_run: the real server (`councils --db URL serve`), one ballot a request."""
    from bench._ledgers import copy_database
    from bench.serve import ballot_requests, drive, free_port, percentile, proc_status, start_server, stop_server

    url = copy_database(built["template"], _run_url(built["template"]))
    tokens: list[str] = json.loads(Path(built["tokens"]).read_text())
    port = free_port()
    server = start_server(url, port, ctx.workdir / f"server-{port}.log")
    concurrency = sizes["serve-concurrency"]
    try:
        warm = drive(port, ballot_requests(tokens, port, 0, sizes["serve-warmup"]), concurrency)
        timed = ballot_requests(tokens, port, sizes["serve-warmup"], sizes["serve"])
        before = proc_status(server.pid)
        load = drive(port, timed, concurrency)
        after = proc_status(server.pid)
    finally:
        stop_server(server)
    participated, sealed = _ballots_in(url)
    acknowledged = warm.acknowledged + load.acknowledged
    if load.errors or not participated == sealed == acknowledged:
        raise RuntimeError(f"serve: errors {load.errors}, ledger {participated}/{sealed}, "
                           f"acknowledged {acknowledged}")
    return {
        f"POST /api/commands, {concurrency} connections":
            _rate(load.seconds, load.acknowledged, "ballots"),
        "latency p50": _measure(percentile(load.latencies, 0.5) * 1e3, "ms", "lower"),
        "latency p99": _measure(percentile(load.latencies, 0.99) * 1e3, "ms", "lower"),
        "server CPU per ballot": _measure((after["cpu"] - before["cpu"]) / load.acknowledged * 1e6,
                                          "µs", "lower"),
    }


def child(argv: list[str]) -> int:
    """``python -m bench.side_by_side child JSON``: setup or measure, print one JSON line."""
    job = json.loads(argv[0])
    import councils

    ctx = _Ctx(Path(job["workdir"]), job["postgres"], job["side"])
    sizes, shared = job["sizes"], Path(job["shared"])
    if job["step"] == "setup":
        result: Any = setup(job["case"], job["kind"], ctx, sizes, shared)
    else:
        result = measure(job["case"], job["kind"], job["built"], ctx, sizes, shared)
    print(json.dumps({"source": councils.__file__, "result": result}, default=str))
    return 0


# --- in the parent ---------------------------------------------------------------------------


def materialise(ref: str, base: Path | None = None) -> tuple[str, Path]:
    """`git archive REF src | tar -x` into /tmp/councils-ref-<sha>; (sha, its src folder)."""
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = (base or Path(tempfile.gettempdir())) / f"councils-ref-{sha[:12]}"
    done = tree / ".complete"
    if not done.exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(["git", "archive", sha, "src"], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            raise RuntimeError(f"git archive {sha} failed")
        done.write_text(sha + "\n")
    return sha, tree / "src"


class Runner:
    def __init__(self, trees: dict[str, Path], workdir: Path, postgres: str | None,
                 sizes: dict[str, int], shared: Path) -> None:
        self.trees, self.workdir, self.postgres = trees, workdir, postgres
        self.sizes, self.shared = sizes, shared

    def run(self, side: str, step: str, case: str, kind: str, built: dict[str, Any] | None = None) -> Any:
        src = self.trees[side]
        workdir = self.workdir / side
        workdir.mkdir(parents=True, exist_ok=True)
        job = {"step": step, "case": case, "kind": kind, "side": side, "built": built,
               "workdir": str(workdir), "postgres": self.postgres, "sizes": self.sizes,
               "shared": str(self.shared)}
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(src), str(ROOT)] +
                                            [p for p in [env.get("PYTHONPATH")] if p])
        done = subprocess.run([sys.executable, "-m", "bench.side_by_side", "child", json.dumps(job)],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{side} {step} {case} {kind} failed:\n{done.stderr[-4000:]}")
        got = json.loads(done.stdout.strip().splitlines()[-1])
        if not Path(got["source"]).resolve().is_relative_to(src.resolve()):
            raise RuntimeError(f"{side}: councils came from {got['source']}, not {src}")
        return got["result"]


def _summarise(values: list[float], better: str) -> tuple[float, float]:
    best = min(values) if better == "lower" else max(values)
    return best, statistics.median(values)


def _ratio(ref: float, this: float, better: str) -> float:
    """This tree's cost relative to REF: > 1 is worse."""
    if better == "lower":
        return this / ref if ref else float("inf")
    return ref / this if this else float("inf")


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1e3:,.2f} ms" if value < 1 else f"{value:,.2f} s"
    if unit.endswith("/s"):
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def compare(ref: str, cases: list[str], kinds: list[str], postgres: str | None, runs: int,
            sizes: dict[str, int], out: Path, command: str,
            log: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)) -> str:
    sha, ref_src = materialise(ref)
    here = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    diff = subprocess.run(["git", "diff", "HEAD", "--", "src"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    this_label = here + (f" + uncommitted src changes (diff sha1 {hashlib.sha1(diff).hexdigest()[:10]})"
                         if diff else "")
    started = time.time()
    loads: list[str] = []
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    from bench.harness import machine

    def load() -> str:
        return Path("/proc/loadavg").read_text().split()[0]

    def write(done: bool) -> str:
        elapsed = time.time() - started
        info = machine()
        lines = [
            f"# Side by side with {sha[:7]}",
            "",
            f"`{command}`, {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}, {elapsed / 60:.1f} min; "
            f"REF = {sha[:7]} (`git archive {sha[:7]} src`), this tree = {this_label}. "
            f"{runs} runs per side, each in a fresh process, alternating sides; load (1-min average) "
            f"{min(loads, default='?')}–{max(loads, default='?')} at the runs' starts."
            + ("" if done else " **Partial: the run has not finished.**")
            + "".join(f" **{f}**" for f in failures),
            "",
            "Figures: best of the runs (median in the last column's ratio). Ratio = this tree's cost "
            "relative to REF: this/REF for times, memory and latency, REF/this for rates; above 1 this "
            f"tree is worse. ⚠ = the best-of ratio is above {THRESHOLD:.2f}.",
            "",
            "| case | db | measure | REF | this tree | ratio | ratio of medians | |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in rows:
            lines.append(f"| {row['case']} | {row['db']} | {row['measure']} | {_fmt(row['ref'], row['unit'])} | "
                         f"{_fmt(row['this'], row['unit'])} | {row['ratio']:.2f} | {row['ratio_median']:.2f} | "
                         f"{'⚠ worse' if row['worse'] else ''} |")
        size_note = ", ".join(f"{k} {v:,}" for k, v in sizes.items())
        lines += ["", f"Sizes: {size_note}; count cases {', '.join(COUNT_CASES)} (best of 5 inside each "
                  "process, after a warm-up run). Machine: "
                  f"{info['cpu']}, {info['cores']} cores, {info['memory']}; Python {info['python']}, "
                  f"SQLite {info['sqlite']}, PostgreSQL {info['postgresql']}."]
        md = "\n".join(lines) + "\n"
        out.mkdir(parents=True, exist_ok=True)
        (out / "results-side-by-side.md").write_text(md)
        payload = {"command": command, "ref": sha, "this": this_label, "started": started, "minutes": elapsed / 60,
                   "runs": runs, "sizes": sizes, "loads": loads, "threshold": THRESHOLD, "machine": info,
                   "rows": rows}
        (out / "results-side-by-side.json").write_text(json.dumps(payload, indent=1, default=str) + "\n")
        return md

    with tempfile.TemporaryDirectory(prefix="councils-sbs-") as scratch:
        # This tree's src as it is now, copied once: others may edit the working tree meanwhile.
        this_src = Path(scratch) / "this-tree" / "src"
        shutil.copytree(ROOT / "src", this_src, ignore=shutil.ignore_patterns("__pycache__"))
        trees = {"ref": ref_src, "this": this_src}
        shared = Path(scratch) / "shared"
        shared.mkdir()
        runner = Runner(trees, Path(scratch), postgres, sizes, shared)
        try:
            if "register" in cases:
                from bench._ledgers import write_register
                from bench.register import COUNCILS

                write_register(shared / "register.csv", sizes["register"], COUNCILS)
            # Every case on the first database, then the next database (count needs none).
            steps = [(case, "-" if case == "count" else kind) for i, kind in enumerate(kinds)
                     for case in cases if case != "count" or i == 0]
            for case, kind in steps:
                try:
                    t0 = time.perf_counter()
                    built = {side: runner.run(side, "setup", case, kind) for side in ("ref", "this")}
                    log(f"[{case} {kind}] set up in {time.perf_counter() - t0:.0f} s, load {load()}")
                    samples: dict[str, list[dict[str, Any]]] = {"ref": [], "this": []}
                    for r in range(runs):
                        for side in (("ref", "this") if r % 2 == 0 else ("this", "ref")):
                            loads.append(load())
                            got = runner.run(side, "measure", case, kind, built[side])
                            samples[side].append(got)
                            log(f"[{case} {kind}] round {r + 1} {side}: " + "; ".join(
                                f"{k} {_fmt(v['value'], v['unit'])}" for k, v in got.items()))
                    for name, first in samples["this"][0].items():
                        if name not in samples["ref"][0]:
                            continue
                        better, unit = first["better"], first["unit"]
                        ref_best, ref_median = _summarise([s[name]["value"] for s in samples["ref"]], better)
                        this_best, this_median = _summarise([s[name]["value"] for s in samples["this"]], better)
                        ratio = _ratio(ref_best, this_best, better)
                        rows.append({"case": case, "db": kind, "measure": name, "unit": unit, "better": better,
                                     "ref": ref_best, "this": this_best, "ratio": ratio,
                                     "ref_median": ref_median, "this_median": this_median,
                                     "ratio_median": _ratio(ref_median, this_median, better),
                                     "worse": ratio > THRESHOLD,
                                     "ref_runs": [s[name]["value"] for s in samples["ref"]],
                                     "this_runs": [s[name]["value"] for s in samples["this"]]})
                    log(f"[{case} {kind}] done in {time.perf_counter() - t0:.0f} s")
                except Exception as exc:  # one case failing must not lose the others
                    failures.append(f"{case} {kind} failed: {str(exc).strip().splitlines()[-1][:300]}")
                    log(f"[{case} {kind}] FAILED: {exc}")
                write(done=False)
        finally:
            if postgres:
                from bench.harness import drop_postgres

                drop_postgres(postgres, "sbs")
    return write(done=True)


def parse_sizes(items: list[str]) -> dict[str, int]:
    sizes = dict(SIZES)
    for item in items:
        name, _, value = item.partition("=")
        if name not in sizes or not value:
            raise ValueError(f"--size {item}: expected NAME=N with NAME one of {', '.join(sizes)}")
        sizes[name] = int(value.replace("_", ""))
    return sizes


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        raise SystemExit(child(sys.argv[2:]))
    raise SystemExit("use: python -m bench --side-by-side REF [CASE ...]")
