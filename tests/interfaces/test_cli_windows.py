"""`councils tick` closes a voting window on time; `councils question close` asks first (issue 15 item 1)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from councils.bootstrap import governance
from tests.builders import World
from tests.conftest import FIXED_NOW, FixedClock
from tests.interfaces.test_cli import run


def _window(db: Path, duration: str) -> None:
    """A motion of a co-operative opened 3 days ago with a window of `duration`, two votes in."""
    clock = FixedClock(FIXED_NOW - timedelta(days=3))
    gov = governance(f"sqlite:///{db}", clock=clock)
    w = World(gov)
    w.republic("coop", constitution="coop-federation", electors=4)
    w.do("open_question", question="van", body="coop/town", kind="motion", text="Buy a van", duration=duration)
    w.vote("van", ["coop-0", "coop-1"], choice="yes")
    gov.ledger.dispose()


def test_tick_closes_and_counts_a_window_that_has_closed(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _window(db, "48h")  # closed a day ago, by the real clock of the process
    before = json.loads(run(db, "state", "--json").stdout)["questions"]["van"]
    assert before["status"] == "open" and before["details"]["closes_at"].startswith("2026-11-24")
    assert "due and not yet recorded: QuestionDecided of van" in run(db, "state").stdout
    ticked = run(db, "tick")
    assert ticked.returncode == 0, ticked.stderr
    assert "QuestionDecided" in ticked.stdout
    after = json.loads(run(db, "state", "--json").stdout)["questions"]["van"]
    assert after["status"] == "decided" and after["outcome"] == "yes"
    assert after["decided_at"] == before["details"]["closes_at"]  # counted at its closing time
    assert run(db, "tick").stdout.strip() == "nothing is due"


def test_question_close_shows_the_turnout_and_needs_yes(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _window(db, "30d")
    shown = run(db, "question", "show", "van")
    assert shown.returncode == 0, shown.stderr
    assert "2 of 4 on the roll have voted (50%)" in shown.stdout
    assert "the constitution lets no one close it before" in shown.stdout
    unconfirmed = run(db, "question", "close", "van")  # no terminal to ask: refused, nothing closed
    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
    refused = run(db, "question", "close", "van", "--yes")  # confirmed, but the window holds
    assert refused.returncode != 0
    assert "questions.motion.close_early" in refused.stderr and "2 of 4" in refused.stderr
    state = json.loads(run(db, "state", "--json").stdout)
    assert state["questions"]["van"]["status"] == "open"
    assert "closes 2026-12-" in run(db, "state").stdout  # the window in the table


def test_question_close_yes_closes_where_the_constitution_allows(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    gov = governance(f"sqlite:///{db}", clock=FixedClock())
    w = World(gov)
    w.republic("rus", electors=3)  # rsfsr-1918: a clerk may close before the window ends
    w.do("open_question", question="mill", body="rus/town", kind="motion", text="Mill", duration="30d")
    w.vote("mill", ["rus-0", "rus-1"], choice="yes")
    gov.ledger.dispose()
    closed = run(db, "question", "close", "mill", "--yes")
    assert closed.returncode == 0, closed.stderr
    assert "2 of 3 on the roll have voted (67%)" in closed.stdout
    assert "closed and counted: yes" in closed.stdout
