"""Properties of the ledger on real SQLite files: replay is faithful, tampering is always found."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.bootstrap import governance
from councils.domain.errors import DomainError
from tests.conftest import FixedClock

CLASSES = ["worker", "peasant", "employer", "trader", "soldier"]


def _commands(draw: st.DrawFn) -> list[dict[str, Any]]:
    cmds: list[dict[str, Any]] = [
        {"cmd": "found_union", "union": "u", "name": "U", "constitution": "ussr-1924"},
        {"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"},
        {"cmd": "create_council", "council": "r/t", "republic": "r", "kind": "town"},
        {"cmd": "convene_assembly", "assembly": "r/a", "republic": "r"},
    ]
    people = draw(st.integers(1, 6))
    for i in range(people):
        cmds.append({"cmd": "register_person", "person": f"p{i}", "council": "r/t",
                     "nationality": "n", "class": draw(st.sampled_from(CLASSES)),
                     "born": draw(st.integers(1930, 2015))})
    for q in range(draw(st.integers(0, 3))):
        body = draw(st.sampled_from(["r/t", "r/a"]))
        kind = draw(st.sampled_from(["motion", "law", "secession"]))
        cmds.append({"cmd": "open_question", "question": f"q{q}", "body": body, "kind": kind,
                     "text": "x"})
        for i in draw(st.lists(st.integers(0, people), max_size=people + 1)):
            cmds.append({"cmd": "cast_ballot", "question": f"q{q}", "voter": f"p{i}",
                         "choice": draw(st.sampled_from(["yes", "no", "abstain"]))})
        if draw(st.booleans()):
            cmds.append({"cmd": "close_question", "question": f"q{q}"})
    return cmds


commands = st.composite(_commands)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cmds=commands())
def test_replay_always_rebuilds_the_same_state(tmp_path_factory: pytest.TempPathFactory,
                                               cmds: list[dict[str, Any]]) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('replay')}/c.db"
    gov = governance(url, clock=FixedClock())
    for c in cmds:
        with contextlib.suppress(DomainError):
            gov.handle(c)
    live = gov.snapshot()
    gov.replay()
    assert gov.snapshot() == live
    fresh = governance(url, clock=FixedClock())  # a second process folding the same ledger
    assert fresh.snapshot() == live
    assert fresh.state.position == gov.state.position
    gov.ledger.dispose()
    fresh.ledger.dispose()


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger") / "base.db"
    gov = governance(f"sqlite:///{path}", clock=FixedClock())
    gov.handle({"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"})
    gov.handle({"cmd": "create_council", "council": "r/t", "republic": "r", "kind": "town"})
    gov.handle_batch([{"cmd": "register_person", "person": f"p{i}", "council": "r/t",
                       "nationality": "n", "class": "worker", "born": 1990} for i in range(20)])
    gov.ledger.dispose()
    return path


MUTATIONS = ["edit_payload", "edit_type", "edit_time", "delete", "delete_last", "insert", "swap"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=st.sampled_from(MUTATIONS), position=st.integers(1, 23))
def test_any_single_mutation_of_the_ledger_is_detected(
    ledger_file: Path, tmp_path_factory: pytest.TempPathFactory, mutation: str, position: int
) -> None:
    path = tmp_path_factory.mktemp("mut") / "c.db"
    shutil.copy(ledger_file, path)
    db = sqlite3.connect(path)
    total = db.execute("SELECT max(position) FROM events").fetchone()[0]
    position = min(position, total)
    if mutation == "edit_payload":
        payload = json.loads(db.execute("SELECT payload FROM events WHERE position=?", (position,)).fetchone()[0])
        payload["tampered"] = True
        db.execute("UPDATE events SET payload=? WHERE position=?", (json.dumps(payload), position))
    elif mutation == "edit_type":
        db.execute("UPDATE events SET type=CASE type WHEN 'BodyCreated' THEN 'PersonRegistered' "
                   "ELSE 'BodyCreated' END WHERE position=?", (position,))
    elif mutation == "edit_time":
        db.execute("UPDATE events SET at='1917-11-07T00:00:00+00:00' WHERE position=?", (position,))
    elif mutation == "delete":
        db.execute("DELETE FROM events WHERE position=?", (position,))
    elif mutation == "delete_last":
        position = total
        db.execute("DELETE FROM events WHERE position=?", (total,))
    elif mutation == "insert":
        db.execute("UPDATE events SET position=position+1000 WHERE position>=?", (position,))
        db.execute("UPDATE events SET position=position-999 WHERE position>=1000")
        db.execute("INSERT INTO events SELECT ?, stream, version+100, type, scope, at, payload, meta, "
                   "prev_hash, hash FROM events WHERE position=?", (position, position + 1))
    elif mutation == "swap":
        other = position + 1 if position < total else position - 1
        db.execute("UPDATE events SET position=-1 WHERE position=?", (position,))
        db.execute("UPDATE events SET position=? WHERE position=?", (position, other))
        db.execute("UPDATE events SET position=? WHERE position=-1", (other,))
        position = min(position, other)
    db.commit()
    db.close()
    gov = governance(f"sqlite:///{path}", clock=FixedClock())
    result = gov.ledger.verify()
    gov.ledger.dispose()
    assert not result.ok
    assert result.first_bad == position, (mutation, result)
