"""Dated history and nations from the command line (issue 12): `councils apply` takes dated
commands and the nation commands like any other, refuses by name, and `councils state --json`
shows them."""

from __future__ import annotations

from pathlib import Path

from tests.interfaces.test_cli import run, state_of, write_lines

HISTORY = [
    {"cmd": "found_republic", "republic": "rsfsr", "name": "RSFSR", "constitution": "rsfsr-1918",
     "at": "1918-07-10"},
    {"cmd": "create_council", "council": "rsfsr/moscow", "republic": "rsfsr", "kind": "town", "at": "1918-07-10"},
    {"cmd": "register_person", "person": "pyotr", "council": "rsfsr/moscow", "nationality": "russian",
     "class": "worker", "born": 1870, "at": "1918-07-10"},
    {"cmd": "found_autonomy", "autonomy": "tatar", "republic": "rsfsr", "kind": "autonomous_republic",
     "nationalities": ["tatar"], "name": "Tatar ASSR", "languages": ["tt", "ru"], "at": "1920-05-27"},
    {"cmd": "declare_territory", "holder": "rsfsr/moscow", "area": "Moscow gubernia", "at": "1920-05-27"},
]


def test_apply_records_dated_history_and_nations_and_state_shows_them(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    applied = run(db, "apply", str(write_lines(tmp_path / "h.jsonl", HISTORY)))
    assert applied.returncode == 0, applied.stderr
    state = state_of(db)
    assert state["nations"]["autonomies"]["rsfsr/tatar"]["nationalities"] == ["tatar"]
    assert state["nations"]["territory"]["rsfsr/moscow"] == {"area": "Moscow gubernia"}
    assert state["nations"]["languages"]["rsfsr/tatar"] == ["tt", "ru"]


def test_apply_refuses_a_command_dated_before_the_last_by_name(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    late = {"cmd": "create_council", "council": "rsfsr/petrograd", "republic": "rsfsr", "kind": "town",
            "at": "1917-11-07"}
    refused = run(db, "apply", str(write_lines(tmp_path / "h.jsonl", [*HISTORY, late])))
    assert refused.returncode != 0
    assert "refused (dated history)" in refused.stderr and "h.jsonl:6" in refused.stderr
    assert "rsfsr/petrograd" not in state_of(db)["bodies"]
