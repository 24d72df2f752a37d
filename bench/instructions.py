"""instructions: side by side in instructions executed, the one measure a shared machine does not move.

    python -m bench.instructions REF [--cases register,import,record] [--n 5000] [--out DIR]

Wall-clock figures on this two-core machine move by +-20 % between runs when other work
shares it, which is more than the 10 % bound that issue #10 sets between this tree and
REF. The number of instructions a workload executes does not depend on the load: each
workload runs under valgrind's cachegrind (``--cache-sim=no``: it only counts, "I refs"),
once with N operations and once with 2N, in a fresh process per tree, and the difference
divided by N is the cost of one operation with every fixed cost (start-up, imports, the
template database's set-up, the first call's warm-up) taken out.

Instructions are not time: cache misses, system calls and SQLite's disk writes weigh
differently. They are a second measure beside ``python -m bench --side-by-side``, not a
replacement: when the timed ratio is inside the noise, the instruction ratio says which
way the code moved.

The cases (each on its tree's own template database, built outside valgrind):

- ``register``: ``register_person`` commands through ``Governance.handle_batch``, 1,000 a
  transaction (as ``councils apply --batch 1000``);
- ``import``: ``import_register`` of a CSV register;
- ``record``: ballots through ``Governance.handle_batch``, 1,000 a transaction.

REF is written out as ``bench.side_by_side`` does (``git archive REF src``). The workload
code is this tree's ``bench``; only ``councils`` differs (each child prints the
``councils.__file__`` it ran, and the parent checks it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CASES = ("register", "import", "record")
UNITS = {"register": "resident", "import": "resident", "record": "ballot"}
REPUBLIC = "r"


# -- in the child: PYTHONPATH=<tree>/src, run under valgrind (or not, to build the template) --


def _template(case: str, workdir: Path, n: int) -> tuple[str, Path]:
    """This tree's template database for `case` (made once), and the register CSV."""
    from bench._ledgers import settle, voting_republic, write_register

    register = workdir / f"register-{2 * n}.csv"
    if not register.exists():
        write_register(register, 2 * n, councils=50)
    url = f"sqlite:///{workdir / f'{case}-template.db'}"
    if not (workdir / f"{case}-template.db").exists():
        if case == "record":
            voting_republic(url, workdir, 2 * n, 2)
            settle(url)
        else:
            from bench.register import _template as register_template

            class _Ctx:
                def fresh_url(self, kind: str, name: str) -> str:
                    return url

            register_template(_Ctx(), "sqlite")  # type: ignore[arg-type]
    return url, register


def child(case: str, n: int, count: int, workdir: Path) -> int:
    """Build the template (count < 0), or run `count` operations of `case` on a copy of it."""
    import councils
    from bench._ledgers import copy_database

    template, register = _template(case, workdir, n)
    if count < 0:
        print(json.dumps({"source": councils.__file__}))
        return 0
    from councils.bootstrap import governance

    url = copy_database(template, f"sqlite:///{workdir / f'{case}-run.db'}")
    gov = governance(url)
    gov.catch_up()
    if case == "import":
        from councils.application.register_import import import_register

        part = workdir / f"register-part-{count}.csv"
        with register.open(newline="", encoding="utf-8") as source, part.open("w", newline="",
                                                                              encoding="utf-8") as target:
            lines = list(csv.reader(source))
            csv.writer(target).writerows(lines[: count + 1])
        import_register(gov, part, REPUBLIC)
    else:
        if case == "register":
            from councils.domain.commands import RegisterPerson

            with register.open(newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))[1 : count + 1]
            commands = [{"cmd": RegisterPerson.name, "person": p, "council": f"{REPUBLIC}/{c}",
                         "nationality": k, "class": cl, "born": int(b), "name": name}
                        for p, c, k, cl, b, name in rows]
        else:
            from bench.record import Sizes, _ballot

            sizes = Sizes(electors=2 * n, questions=2, per_command=0, batched=2 * n)
            commands = [_ballot(sizes, i) for i in range(count)]
        for i in range(0, len(commands), 1000):
            _, error = gov.handle_batch(commands[i : i + 1000])
            if error is not None:
                raise RuntimeError(str(error))
    gov.ledger.dispose()
    print(json.dumps({"source": councils.__file__}))
    return 0


# -- in the parent ---------------------------------------------------------------------------------


def _environment(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), str(ROOT)])
    env["PYTHONHASHSEED"] = "0"  # the same hashing, so the same dict layouts, in every run
    return env


def _run(src: Path, case: str, n: int, count: int, workdir: Path, valgrind: bool) -> int | None:
    """Instructions of one child (None when not under valgrind)."""
    command = [sys.executable, "-m", "bench.instructions", "child", case, str(n), str(count), str(workdir)]
    if valgrind:
        command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                   *command]
    done = subprocess.run(command, capture_output=True, text=True, env=_environment(src), cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{case} ({count}) failed in {src}: {done.stderr.strip()[-800:]}")
    source = json.loads(done.stdout.strip().splitlines()[-1])["source"]
    if not source.startswith(str(src)):
        raise RuntimeError(f"the child ran {source}, not the tree in {src}")
    if not valgrind:
        return None
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-400:]}")
    return int(found.group(1).replace(",", ""))


def compare(ref: str, cases: list[str], n: int, out: Path) -> str:
    from bench.side_by_side import materialise

    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    sha, ref_src = materialise(ref)
    this_src = out / "this" / "src"
    if this_src.exists():
        shutil.rmtree(this_src)
    shutil.copytree(ROOT / "src", this_src, ignore=shutil.ignore_patterns("__pycache__"))
    trees = {"REF": ref_src, "this tree": this_src}
    started = time.time()
    lines = [f"# Instructions side by side with {ref}", "",
             f"`python -m bench.instructions {ref} --cases {','.join(cases)} --n {n}`, "
             f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime(started))} UTC; REF = {sha[:7]}. "
             "valgrind cachegrind's instruction count (I refs) of a process that does 2N operations "
             "less that of one doing N, divided by N: one operation, fixed costs taken out. "
             "Ratio = this tree / REF; above 1 this tree executes more.", "",
             "| case | per | REF | this tree | ratio |", "|---|---|---:|---:|---:|"]
    for case in cases:
        per: dict[str, float] = {}
        for side, src in trees.items():
            workdir = out / side.replace(" ", "-") / case
            workdir.mkdir(parents=True, exist_ok=True)
            _run(src, case, n, -1, workdir, valgrind=False)
            once = _run(src, case, n, n, workdir, valgrind=True)
            twice = _run(src, case, n, 2 * n, workdir, valgrind=True)
            assert once is not None and twice is not None
            per[side] = (twice - once) / n
            print(f"[instructions] {case} {side}: {per[side]:,.0f} per {UNITS[case]}", flush=True)
        lines.append(f"| {case} | {UNITS[case]} | {per['REF']:,.0f} | {per['this tree']:,.0f} | "
                     f"{per['this tree'] / per['REF']:.3f} |")
    lines += ["", f"N = {n:,}; {time.time() - started:.0f} s in all. Python {sys.version.split()[0]}."]
    text = "\n".join(lines) + "\n"
    (out / "results-instructions.md").write_text(text)
    return text


def main(argv: list[str]) -> int:
    if argv[:1] == ["child"]:
        return child(argv[1], int(argv[2]), int(argv[3]), Path(argv[4]))
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", help="the commit to compare with (e.g. 9c27b65)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--n", type=int, default=5000, help="operations in the smaller run (the larger: 2N)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/councils-instructions"))
    args = parser.parse_args(argv)
    cases = [c for c in args.cases.split(",") if c]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case {', '.join(unknown)}: use {', '.join(CASES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    print(compare(args.ref, cases, args.n, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
