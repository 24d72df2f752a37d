"""`councils register import`, run as a clerk runs it, on a real SQLite file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COUNCILS = shutil.which("councils") or str(Path(sys.executable).with_name("councils"))
FOUNDING = [
    {"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"},
    {"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"},
    {"cmd": "create_council", "council": "r/village", "republic": "r", "kind": "village"},
]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNCILS_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "200"}
    return subprocess.run([COUNCILS, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    commands = tmp_path / "found.jsonl"
    commands.write_text("\n".join(json.dumps(c) for c in FOUNDING) + "\n")
    assert run(path, "apply", str(commands)).returncode == 0
    return path


def _state(db: Path) -> dict[str, object]:
    result = run(db, "state", "--json")
    assert result.returncode == 0, result.stderr
    state = dict(json.loads(result.stdout))
    state.pop("as_of")  # the time the state is as of moves between two runs
    return state


def test_a_register_is_imported_and_summarised(db: Path, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("person,council,nationality,class,born,name\n"
                        "a,town,n,worker,1980,Anna\nb,town,n,employer,1970,\n"
                        "c,village,n,peasant,1990,\n")
    result = run(db, "register", "import", str(register), "--republic", "r")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"imported 3 residents from {register} (3 in r); "
                                    "2 of them electors")
    assert _state(db)["persons"] == {"r": {"r/town": 2, "r/village": 1}}
    assert run(db, "ledger", "verify").returncode == 0


def test_a_bad_register_prints_each_problem_and_imports_nothing(db: Path, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("person,council,nationality,class,born\n"
                        "a,town,n,worker,1980\nb,town,n,wroker,1970\nc,nowhere,n,worker,1990\n")
    before = _state(db)
    result = run(db, "register", "import", str(register), "--republic", "r")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{register}:3: class 'wroker'")
    assert lines[1].startswith(f"{register}:4: no council 'r/nowhere'")
    assert lines[-1] == f"error: 2 problem(s) in {register}; nothing was imported"
    assert _state(db) == before


def test_a_missing_file_is_one_line(db: Path, tmp_path: Path) -> None:
    result = run(db, "register", "import", str(tmp_path / "nope.csv"))
    assert result.returncode != 0
    assert "nope.csv" in result.stderr and "Traceback" not in result.stderr
