"""`councils count` of one file loads that file's reader and that method, nothing more.

A one-shot count is mostly start-up (issue 10 item 7: bench `cli`), so each counting
module imports what it needs when it runs: a CSV count loads no PrefLib or ``.blt``
reader, no other method, and none of the standard modules (``dataclasses``, ``inspect``,
``pathlib``, ``shutil``, ``csv``) that NumPy does not load itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Loaded by no plain count: other readers and methods, typer, and what NumPy does not load.
NEVER = ("councils.counting.io.blt", "councils.counting.motion", "councils.counting.condorcet",
         "councils.counting.meek", "councils.counting.borda", "councils.counting.approval",
         "councils.counting._kernels", "numba", "typer", "dataclasses", "inspect", "pathlib", "shutil",
         "numpy.typing")
CSV_ONLY = ("councils.counting.io.csv", "councils.counting.io.csv_plain", "csv")
PREFLIB_ONLY = ("councils.counting.io.preflib", "councils.counting.io.soi_plain", "councils.counting.io.scan")


def loaded_by_count(file: Path, *options: str, env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Run the console script's `main` for ``count FILE OPTIONS`` in a fresh interpreter
    (with ``env`` added to the environment): its output with the number of the process's
    threads at the end, and every module then loaded."""
    code = ("import sys\n"
            f"sys.argv = ['councils', 'count', {str(file)!r}, *{list(options)!r}]\n"
            "from councils.interfaces.console import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "threads = next(line for line in open('/proc/self/status') if line.startswith('Threads:'))\n"
            "print(threads.split()[1], 'THREADS')\n"
            "print('MODULES', ' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                          env={k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | (env or {}))
    out, _, modules = done.stdout.rpartition("MODULES ")
    return out, modules.split()


def eight_candidates(tmp_path: Path, name: str, lines: list[str], header: str) -> Path:
    file = tmp_path / name
    file.write_text(header + "\n" + "\n".join(lines) + "\n")
    return file


@pytest.mark.parametrize(("method", "other"), [(["--method", "stv", "--seats", "3"], "councils.counting.irv"),
                                               (["--method", "irv"], "councils.counting.stv")])
def test_a_csv_count_loads_the_csv_reader_and_its_method_only(tmp_path: Path, method: list[str], other: str) -> None:
    lines = ["1,2,3,4,5,6,7,8", "8,7,6,5,4,3,2,1", "2,1,3,4,5,6,7,8"] * 40 + [",1,2,,,,,3", "1,,,,,,,"] * 30
    file = eight_candidates(tmp_path, "ballots.csv", lines, ",".join(f"C{i}" for i in range(8)))
    out, modules = loaded_by_count(file, *method)
    assert "Elected:" in out
    unexpected = [m for m in (*NEVER, *PREFLIB_ONLY, other) if m in modules]
    assert unexpected == []
    assert all(m in modules for m in CSV_ONLY[:2])


def test_a_soi_count_loads_the_preflib_reader_only(tmp_path: Path) -> None:
    header = "\n".join(["# DATA TYPE: soi", "# NUMBER ALTERNATIVES: 3",
                        *(f"# ALTERNATIVE NAME {i}: C{i}" for i in (1, 2, 3))])
    file = eight_candidates(tmp_path, "ballots.soi", ["40: 1,2,3", "35: 2,3", "25: 3,1"], header)
    out, modules = loaded_by_count(file, "--method", "irv")
    assert "Elected: C1" in out
    unexpected = [m for m in (*NEVER, *CSV_ONLY, "councils.counting.stv") if m in modules]
    assert unexpected == []
    assert all(m in modules for m in PREFLIB_ONLY[:2])


def test_a_count_runs_in_one_thread_unless_the_user_sets_openblas_threads(tmp_path: Path) -> None:
    """OpenBLAS would start a thread per core at NumPy's import (a third of that import's
    time); a count needs none, so the console script asks for one, unless told otherwise."""
    lines = ["1,2,3", "2,1,3", "3,1,2"] * 5
    file = eight_candidates(tmp_path, "ballots.csv", lines, "a,b,c")
    out, _ = loaded_by_count(file, "--method", "irv")
    assert out.endswith("\n1 THREADS\n")
    out, _ = loaded_by_count(file, "--method", "irv", env={"OPENBLAS_NUM_THREADS": "2"})
    assert out.endswith("\n2 THREADS\n")
