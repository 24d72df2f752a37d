"""``python -m bench [NAME ...] [--quick]``: run benchmarks, write results.md, .json and plots.

Full runs write ``bench/results.md`` and ``bench/results.json``; ``--quick`` runs
(small sizes, for a smoke test or CI) write ``results-quick.*`` so they never replace
full results. Running some benchmarks keeps the others' last results in the files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import BENCH_DIR, Context, discover, drop_postgres, machine, tables_json
from bench.report import plot, table_markdown


def main(argv: list[str] | None = None) -> int:
    benchmarks = discover()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(benchmarks)}")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke test")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="folder for the results")
    parser.add_argument("--postgres", default=os.environ.get("COUNCILS_BENCH_POSTGRES_URL")
                        or os.environ.get("COUNCILS_TEST_POSTGRES_URL"),
                        help="PostgreSQL server URL (default: $COUNCILS_BENCH_POSTGRES_URL or "
                             "$COUNCILS_TEST_POSTGRES_URL); without one, SQLite only")
    parser.add_argument("--side-by-side", metavar="REF",
                        help="instead: time this tree's councils against commit REF's on count, record, "
                             "register, replay, serve (or the NAMEs given), alternating fresh processes; "
                             "--runs per side; writes results-side-by-side.md/.json (bench/side_by_side.py)")
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgresql"),
                        help="with --side-by-side: the databases (default sqlite, and postgresql with --postgres)")
    parser.add_argument("--size", action="append", default=[], metavar="NAME=N",
                        help="with --side-by-side: a workload size, e.g. record=200000 (see side_by_side.SIZES)")
    args = parser.parse_args(argv)
    if args.side_by_side:
        return _side_by_side(parser, args, argv)
    unknown = [n for n in args.names if n not in benchmarks]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(benchmarks)}")
    chosen = args.names or list(benchmarks)
    suffix = "-quick" if args.quick else ""
    args.out.mkdir(parents=True, exist_ok=True)
    info = machine()
    json_path, md_path = args.out / f"results{suffix}.json", args.out / f"results{suffix}.md"
    stored = json.loads(json_path.read_text()) if json_path.exists() else {}
    sections: dict[str, str] = stored.get("sections", {})
    results: dict[str, object] = stored.get("benchmarks", {})
    ran: list[str] = []
    with tempfile.TemporaryDirectory(prefix="councils-bench-") as scratch:
        for name in chosen:
            bench = benchmarks[name]
            reason = bench.available()
            if reason:
                print(f"[{name}] skipped: {reason}", file=sys.stderr)
                continue
            print(f"[{name}] {bench.summary}", file=sys.stderr)
            started = time.perf_counter()
            workdir = Path(scratch) / name
            workdir.mkdir()
            ctx = Context(args.quick, max(1, args.runs), workdir, args.postgres)
            try:
                tables = bench.run(ctx)
            finally:
                if args.postgres:
                    drop_postgres(args.postgres, name)
            results[name] = tables_json(tables)
            ran.append(name)
            images = plot(f"{name}{suffix}", tables, args.out)
            body = "\n".join(table_markdown(t) for t in tables)
            pictures = "".join(f"\n![{name}]({p.name})\n" for p in images)
            sections[name] = (f"## {name}\n\n{bench.summary}\n\n{body}{pictures}\n"
                              f"_{time.perf_counter() - started:,.0f} s, "
                              f"{time.strftime('%Y-%m-%d %H:%M')}, load {machine()['load']}_\n")
            print(body, file=sys.stderr)
    header = ("# Benchmarks" + (" (quick)" if args.quick else "") + "\n\n"
              f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}; "
              f"Python {info['python']}, SQLite {info['sqlite']}, PostgreSQL {info['postgresql']}."
              f"\n\nCommand: `python -m bench{' --quick' if args.quick else ''}` "
              "(see bench/README.md).\n\n")
    # Others may have run other benchmarks meanwhile: merge into the file as it is now.
    latest = json.loads(json_path.read_text()) if json_path.exists() else {}
    for key, mine in (("sections", sections), ("benchmarks", results)):
        merged = latest.get(key, {})
        merged.update({name: mine[name] for name in ran})
        mine.clear()
        mine.update(merged)
    order = [n for n in benchmarks if n in sections] + [n for n in sections if n not in benchmarks]
    md_path.write_text(header + "\n".join(sections[n] for n in order))
    latest.update(machine=info, quick=args.quick, benchmarks=results, sections=sections)
    json_path.write_text(json.dumps(latest, indent=1, default=str) + "\n")
    print(f"wrote {md_path} and {json_path}", file=sys.stderr)
    return 0


def _side_by_side(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: list[str] | None) -> int:
    from bench import side_by_side as sbs

    unknown = [n for n in args.names if n not in sbs.CASES]
    if unknown:
        parser.error(f"--side-by-side runs {', '.join(sbs.CASES)}; not {', '.join(unknown)}")
    kinds = args.db or (["sqlite", "postgresql"] if args.postgres else ["sqlite"])
    if "postgresql" in kinds and not args.postgres:
        parser.error("--db postgresql needs --postgres URL (or $COUNCILS_BENCH_POSTGRES_URL)")
    try:
        sizes = sbs.parse_sizes(args.size)
    except ValueError as exc:
        parser.error(str(exc))
    command = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
    print(sbs.compare(args.side_by_side, args.names or list(sbs.CASES), kinds, args.postgres,
                      max(1, args.runs), sizes, args.out, command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
