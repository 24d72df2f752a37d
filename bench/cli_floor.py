"""The floor under a one-shot ``councils count``: Python's start and NumPy's import, cold and warm.

``bench cli`` times whole processes; this says how much of such a process no counting
code can remove: ``python -c pass``, ``python -c "import numpy"`` (with OpenBLAS's
default thread pool, and with the one thread ``councils count`` asks for) and, for
comparison, ``councils count`` of ``ic8.soi`` and ``ic8.csv`` by STV (3 seats), the
files with the smallest budget (pref_voting's time / 20). Cold and warm as in
``bench.cli`` (the same eviction of the ballot file and every package file), each
command in turn so that all see the same load; median and least of N runs.

    python -m bench.cli_floor [FOLDER] [RUNS]     # FOLDER holds ic8.soi and ic8.csv (default /tmp/clif), RUNS 7

About 15 s at the default size; the files come from ``bench cli`` (``COUNCILS_BENCH_CLI_FILES``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.cli import COUNCILS, _evict, _package_files


def main(folder: Path, runs: int) -> None:
    python = sys.executable
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "OPENBLAS_NUM_THREADS")}
    env["COLUMNS"] = "120"
    one_thread = env | {"OPENBLAS_NUM_THREADS": "1"}
    cases: list[tuple[str, list[str], dict[str, str], list[Path]]] = [
        ("python -c pass", [python, "-c", "pass"], env, []),
        ("python -c 'import numpy'", [python, "-c", "import numpy"], env, []),
        ("the same, OPENBLAS_NUM_THREADS=1", [python, "-c", "import numpy"], one_thread, []),
    ]
    for name in ("ic8.soi", "ic8.csv"):
        file = folder / name
        cases.append((f"councils count {name} --method stv --seats 3",
                      [str(COUNCILS), "count", str(file), "--method", "stv", "--seats", "3"], env, [file]))
    packages = _package_files()
    for mode in ("cold", "warm"):
        times: dict[str, list[float]] = {case[0]: [] for case in cases}
        for _ in range(runs):
            for name, command, environment, files in cases:
                if mode == "cold":
                    _evict(packages + files)
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, env=environment, check=True)
                times[name].append(time.perf_counter() - start)
        for name, seconds in times.items():
            print(f"{mode}  {name:50}  median {statistics.median(seconds):.3f} s  least {min(seconds):.3f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/clif"), int(sys.argv[2]) if len(sys.argv) > 2 else 7)
