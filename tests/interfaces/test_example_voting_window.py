"""The worked example of a voting window closing on time (examples/h-voting-window.jsonl), as the demo runs it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from councils.application.governance import Governance
from councils.interfaces import demo


def test_a_motion_and_a_schulze_election_close_at_their_closing_times(
        gov: Governance, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CASES", ("h-voting-window.jsonl",))
    out = io.StringIO()
    assert demo.run_demo(gov, Console(file=out, width=200)), out.getvalue()
    text = out.getvalue()
    assert "refused (constitution questions.motion.min_window_hours): a motion stays open at least 24 hours" in text
    assert "refused (constitution questions.motion.close_early)" in text and "(2 of 5 on the roll have voted)" in text
    questions = gov.snapshot()["questions"]
    dyes, delegate = questions["weavers-dyes"], questions["weavers-delegate"]
    assert (dyes["status"], dyes["outcome"], dyes["decided_at"]) == ("decided", "yes", "2026-10-07T09:00:00+00:00")
    assert delegate["decided_at"] == "2026-10-08T18:00:00+00:00"
    assert delegate["count"]["pairwise"]["condorcet_winner"] == "weavers-bea" == delegate["winners"][0]
    assert delegate["count"]["rounds"][0]["tallies"] == {"weavers-ada": 0, "weavers-bea": 2, "weavers-cy": 1}
    events = [r.event for r in gov.ledger.read()]
    decided = [e for e in events if e.type == "QuestionDecided"]
    assert [e.at for e in decided] == ["2026-10-07T09:00:00+00:00", "2026-10-08T18:00:00+00:00"]
    assert events[-1].type == "PersonRegistered"  # the command that came after both closing times
