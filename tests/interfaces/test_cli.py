"""The `councils` console script, run as a user runs it, on real SQLite files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

COUNCILS = shutil.which("councils") or str(Path(sys.executable).with_name("councils"))

BASE = [
    {"cmd": "found_union", "union": "u", "name": "Union", "constitution": "ussr-1924"},
    {"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"},
    {"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"},
    {"cmd": "register_person", "person": "a", "council": "r/town", "nationality": "n",
     "class": "worker", "born": 1980},
    {"cmd": "register_person", "person": "b", "council": "r/town", "nationality": "n",
     "class": "worker", "born": 1985},
    {"cmd": "open_question", "question": "e", "body": "r/town", "kind": "election",
     "text": "delegate", "to": "r/congress", "options": ["a", "b"]},
    {"cmd": "cast_ballot", "question": "e", "voter": "a", "ranking": ["a", "b"]},
    {"cmd": "cast_ballot", "question": "e", "voter": "b", "ranking": ["a"]},
    {"cmd": "close_question", "question": "e"},
    {"cmd": "open_question", "question": "join", "body": "r/congress", "kind": "accession",
     "text": "join", "union": "u"},
    {"cmd": "cast_ballot", "question": "join", "voter": "a", "choice": "yes"},
    {"cmd": "close_question", "question": "join"},
]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNCILS_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "200"}
    return subprocess.run([COUNCILS, *args], capture_output=True, text=True, env=env, timeout=120)


def state_of(db: Path) -> dict[str, Any]:
    """`state --json` without the time it is as of (which moves between two runs)."""
    state: dict[str, Any] = json.loads(run(db, "state", "--json").stdout)
    state.pop("as_of")
    return state


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    result = run(path, "apply", str(write_lines(tmp_path / "base.jsonl", BASE)))
    assert result.returncode == 0, result.stderr
    return path


def test_state_json_has_the_documented_keys(db: Path) -> None:
    result = run(db, "state", "--json")
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state["republics"]["r"]["union"] == "u"
    assert state["unions"]["u"]["members"] == ["r"]
    assert [d["person"] for d in state["bodies"]["r/congress"]["delegates"]] == ["a"]
    assert state["questions"]["e"]["status"] == "decided"
    assert state["questions"]["e"]["outcome"] == "a"
    assert state["questions"]["join"]["binding"] is True
    assert state["questions"]["join"]["overridden_by"] is None


@pytest.mark.parametrize(("line", "message"), [
    ('{"cmd": "cast_ballot", "question": "e", "voter": "a", "choise": "yes"}',
     "unknown field 'choise' (did you mean 'choice'?)"),
    ('{"cmd": "register_person", "person": "c", "council": "r/town", "class": "worker", "born": 1990}',
     "missing field 'nationality'"),
    ('{"cmd": "open_question", "question": "m", "body": "r/town", "kind": "motion", "text": "x"}\n'
     '{"cmd": "cast_ballot", "question": "m", "voter": "nobody", "choice": "yes"}',
     "refused (R1 franchise): no person 'nobody' is registered"),
    ('{"cmd": "open_question", "question": "m", "body": "r/town", "kind": "motion", "text": "x"}\n'
     '{"cmd": "cast_ballot", "question": "m", "voter": "a", "choice": "yes"}\n'
     '{"cmd": "cast_ballot", "question": "m", "voter": "a", "choice": "no"}',
     "a has already voted on m"),
    ('{"cmd": "cast_ballot", "question": "e", "voter": "a", "ranking": ["a"]}',
     "question e is closed"),
    ('{"cmd": "open_question", "question": "keep", "body": "u/congress", "kind": "law", '
     '"competence": "secession", "target": "r", "text": "r may not leave"}',
     "refused (R3 right of separation)"),
    ('{"cmd": "found_republic", "republic": "x", "name": "X", "constitution": "rsfsr-1919"}',
     "no such preset or file"),
    ('{"cmd": "cast_ballot", "question": "e", "voter": "a" "choice": "yes"}', "not valid JSON"),
])
def test_bad_line_gets_one_line_refusal_and_changes_nothing(db: Path, tmp_path: Path, line: str,
                                                            message: str) -> None:
    lines = line.split("\n")
    good_before = len(lines) - 1
    before = events(db)
    state_before = state_of(db)
    result = run(db, "apply", str(write_lines(tmp_path / "bad.jsonl", ["# a comment", *lines])))
    assert result.returncode == 1
    assert message in result.stderr
    assert f"bad.jsonl:{len(lines) + 1}:" in result.stderr  # the line number of the bad line
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    if good_before == 0:
        assert events(db) == before
        assert state_of(db) == state_before
    else:
        assert events(db) > before  # the earlier good lines are kept


def test_ledger_verify_is_clean_then_names_the_altered_position(db: Path) -> None:
    ok = run(db, "ledger", "verify")
    assert ok.returncode == 0 and "ledger ok" in ok.stdout
    with sqlite3.connect(db) as conn:
        (position,) = conn.execute("SELECT position FROM events WHERE payload LIKE '%1980%'").fetchone()
        conn.execute("UPDATE events SET payload = replace(payload, '1980', '1880') WHERE position = ?",
                     (position,))
    broken = run(db, "ledger", "verify")
    assert broken.returncode == 3
    assert f"broken at position {position}:" in broken.stderr and "altered" in broken.stderr


def test_replay_folds_the_same_state(db: Path) -> None:
    before = state_of(db)
    result = run(db, "replay")
    assert result.returncode == 0, result.stderr
    assert f"replayed {before['position']} events" in result.stdout
    assert state_of(db) == before


def test_republic_export_and_import_into_a_fresh_database(db: Path, tmp_path: Path) -> None:
    archive = tmp_path / "r.archive"
    assert run(db, "republic", "export", "r", str(archive)).returncode == 0
    fresh = tmp_path / "fresh.db"
    result = run(fresh, "republic", "import", str(archive))
    assert result.returncode == 0, result.stderr
    state = json.loads(run(fresh, "state", "--json").stdout)
    assert state["republics"]["r"]["union"] is None
    assert state["questions"]["e"]["outcome"] == "a"
    text = archive.read_text().replace('"born": 1980', '"born": 1880')
    archive.write_text(text)
    refused = run(tmp_path / "other.db", "republic", "import", str(archive))
    assert refused.returncode == 1 and "tampered" in refused.stderr


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "COUNCILS_DATABASE_URL": "nosuchdb://x"}
    result = subprocess.run([COUNCILS, "state"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "nosuchdb" in result.stderr


def test_demo_runs_all_six_cases_and_verifies_the_ledger(tmp_path: Path) -> None:
    result = run(tmp_path / "demo.db", "demo", "--fresh")
    assert result.returncode == 0, result.stdout + result.stderr
    for case in ("a-out-of-the-way-corner", "b-union-cannot-keep-by-force", "c-republic-separates",
                 "d-republic-joins", "e-recall", "f-excluded-class"):
        assert case in result.stdout
    assert "CHECK FAILED" not in result.stdout and "UNEXPECTED" not in result.stdout
    assert "ledger ok" in result.stdout
    assert run(tmp_path / "demo.db", "ledger", "verify").returncode == 0
    # case (l): the window the scheduler closed, on the notices of an elector who chose them by e-mail
    assert "the scheduler closed poltava-well at" in result.stdout
    hanna = run(tmp_path / "demo.db", "notices", "show", "ukraine-hanna").stdout
    assert "receives opened, closing, decided at hanna@poltava.example.org" in hanna
    assert "Result declared: Dig a new village well  [pending to hanna@poltava.example.org" in hanna


def test_bad_constitution_file_is_named_with_its_key_path(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('[constitution]\nname = "mine"\n[franchise]\nenfranchised = ["worker"]\n'
                   'excluded = []\nmin_age = "eighteen"\n[questions]\n')
    cmd = {"cmd": "found_republic", "republic": "x", "name": "X", "constitution": str(bad)}
    result = run(tmp_path / "c.db", "apply", str(write_lines(tmp_path / "f.jsonl", [cmd])))
    assert result.returncode == 1
    assert f"{bad}: franchise.min_age: expected an integer, got 'eighteen'" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_every_subcommand() -> None:
    from typer.main import get_command

    from councils.interfaces.cli import app

    result = subprocess.run([COUNCILS, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert listed == set(commands) and {"count", "serve", "register", "ledger"} <= listed


def test_the_cli_imports_no_database_counting_or_web_code_until_a_command_runs() -> None:
    """`councils --help` answers at once: the CLI module loads typer and the command
    declarations, nothing a command needs only when it runs."""
    heavy = ["sqlalchemy", "alembic", "numpy", "numba", "fastapi", "uvicorn", "pydantic", "rich.progress",
             "councils.counting", "councils.adapters", "councils.application", "councils.bootstrap"]
    code = ("import sys, councils.interfaces.cli\n"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
