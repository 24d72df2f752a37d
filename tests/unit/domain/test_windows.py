"""Voting windows (issue 15 item 1): a question opens and closes on time, counted by the clock.

Every test drives the fake clock (tests/conftest.FixedClock) on the memory ledger; the
tick is the pipeline's (the scheduler's and `councils tick`'s).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from councils.application.governance import Governance
from councils.bootstrap import wire
from councils.domain.errors import DomainError
from tests.builders import World
from tests.conftest import FixedClock, must_refuse


def _coop(gov: Governance, electors: int = 4) -> World:
    w = World(gov)
    w.republic("coop", constitution="coop-federation", electors=electors)
    return w


def _motion(w: World, **window: str) -> None:
    w.do("open_question", question="m", body="coop/town", kind="motion", text="Buy a van", **window)


def test_a_question_closes_on_time_and_is_counted_by_the_tick(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    _motion(w, duration="48h")
    q = gov.state.questions["m"]
    assert q.details["closes_at"] == (clock.now + timedelta(hours=48)).isoformat(timespec="seconds")
    w.vote("m", ["coop-0", "coop-1"], choice="yes")
    assert gov.tick() == []  # nothing is due before the closing time
    clock.now += timedelta(hours=48)
    assert gov.next_due() == clock.now
    recorded = gov.tick()
    assert [r.event.type for r in recorded] == ["BallotsPublished", "QuestionDecided"]
    assert q.status == "decided" and q.outcome == "yes"
    assert q.decided_at == clock.now.isoformat(timespec="seconds")
    assert gov.tick() == [] and gov.next_due() is None


def test_a_ballot_after_the_closing_time_finds_the_question_closed(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    _motion(w, duration="1d")
    w.vote("m", ["coop-0", "coop-1"], choice="no")
    clock.now += timedelta(days=1, minutes=1)
    with pytest.raises(DomainError, match="closed"):
        w.vote("m", ["coop-2"], choice="yes")
    q = gov.state.questions["m"]
    assert q.status == "decided" and q.outcome == "no"  # settled before the ballot was decided


def test_a_scheduled_question_takes_no_ballot_and_freezes_its_roll_when_it_opens(
        gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov, electors=2)
    opens = clock.now + timedelta(hours=2)
    _motion(w, opens=opens.isoformat(), duration="24h")
    q = gov.state.questions["m"]
    assert q.status == "scheduled"
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "m", "voter": "coop-0", "choice": "yes"},
                          "window")
    assert "opens at" in message
    w.person("coop-late", "coop/town")  # registered before voting opens: on the roll
    clock.now = opens
    assert [r.event.type for r in gov.tick()] == ["VotingOpened"]
    q = gov.state.questions["m"]
    assert q.status == "open" and "coop-late" in q.roll
    w.vote("m", ["coop-late"], choice="yes")
    clock.now += timedelta(hours=24)
    assert [r.event.type for r in gov.tick()][-1] == "QuestionDecided"


def test_the_window_must_fit_the_constitution_bounds(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    base = {"cmd": "open_question", "question": "m", "body": "coop/town", "kind": "motion", "text": "t"}
    short = must_refuse(gov, {**base, "duration": "2h"}, "constitution questions.motion.min_window_hours")
    assert "at least 24 hours; this window is 2 hours" in short
    must_refuse(gov, {**base, "duration": "31d"}, "constitution questions.motion.max_window_hours")
    with pytest.raises(DomainError, match="'closes' or 'duration', not both"):
        w.do("open_question", **{k: v for k, v in base.items() if k != "cmd"}, duration="1d",
             closes=(clock.now + timedelta(days=2)).isoformat())
    with pytest.raises(DomainError, match="a question cannot open in the past"):
        _motion(w, opens=(clock.now - timedelta(hours=1)).isoformat(), duration="1d")
    with pytest.raises(DomainError, match="such as 90m, 48h or 7d"):
        _motion(w, duration="two days")
    assert "m" not in gov.state.questions


def test_close_early_refused_where_the_constitution_forbids_it_names_the_rule(
        gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    _motion(w, duration="48h")
    w.vote("m", ["coop-0", "coop-1"], choice="yes")
    message = must_refuse(gov, {"cmd": "close_question", "question": "m"}, "constitution questions.motion.close_early")
    assert "2 of 4 on the roll have voted" in message
    w.vote("m", ["coop-2", "coop-3"], choice="no")  # everyone has voted: waiting changes nothing
    w.do("close_question", question="m")
    assert gov.state.questions["m"].status == "decided"


def test_close_early_allowed_where_the_constitution_allows_it(gov: Governance, clock: FixedClock) -> None:
    w = World(gov)
    w.republic("rus", electors=3)  # rsfsr-1918: no bound on windows, close_early by default
    w.do("open_question", question="m", body="rus/town", kind="motion", text="t", duration="3d")
    w.vote("m", ["rus-0"], choice="yes")
    w.do("close_question", question="m")
    assert gov.state.questions["m"].status == "decided"
    assert gov.next_due() is None


def test_the_scheduler_closes_a_window_on_time(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    _motion(w, duration="24h")
    w.vote("m", ["coop-0", "coop-1", "coop-2"], choice="yes")
    scheduler = wire(gov).scheduler
    assert scheduler.run_once() == []
    clock.now += timedelta(hours=24)
    assert [r.event.type for r in scheduler.run_once()][-1] == "QuestionDecided"
    assert gov.state.questions["m"].outcome == "yes"


def test_an_election_by_schulze_through_the_engine(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov, electors=5)
    must_refuse(gov, {"cmd": "open_question", "question": "f", "body": "coop/town", "kind": "election",
                      "text": "t", "to": "coop/congress", "options": ["coop-0"], "method": "borda"},
                "constitution questions.election.methods")
    w.do("open_question", question="e", body="coop/town", kind="election", text="Delegate",
         to="coop/congress", options=["coop-0", "coop-1", "coop-2"], method="schulze", seats=1)
    for voter, ranking in (("coop-0", ["coop-0", "coop-1", "coop-2"]), ("coop-1", ["coop-1", "coop-2", "coop-0"]),
                           ("coop-2", ["coop-2", "coop-1", "coop-0"]), ("coop-3", ["coop-1", "coop-0"]),
                           ("coop-4", ["coop-0", "coop-1"])):
        w.do("cast_ballot", question="e", voter=voter, ranking=ranking)
    w.do("close_question", question="e")
    q = gov.state.questions["e"]
    assert q.winners == ("coop-1",)  # the Condorcet winner, though not the most first preferences
    assert q.count is not None and q.count["pairwise"]["condorcet_winner"] == "coop-1"


def test_a_dated_window_closes_at_its_own_closing_time(gov: Governance, clock: FixedClock) -> None:
    """Dated history: ballots dated inside the window are taken though the window closed
    before now; the question is counted at its closing time, not when it was noticed."""
    today = clock.now
    clock.now = today - timedelta(days=20)  # the republic was founded before the dated record
    w = _coop(gov)
    clock.now = today
    start = today - timedelta(days=10)
    w.do("open_question", question="m", body="coop/town", kind="motion", text="t", duration="2d",
         at=start.isoformat())
    for hours, voter in ((1, "coop-0"), (5, "coop-1")):
        w.do("cast_ballot", question="m", voter=voter, choice="no", at=(start + timedelta(hours=hours)).isoformat())
    q = gov.state.questions["m"]
    assert q.status == "open" and len(q.voted) == 2
    w.person("coop-new", "coop/town")  # undated: now, long after the window closed
    assert q.status == "decided" and q.outcome == "no"
    assert q.decided_at == (start + timedelta(days=2)).isoformat(timespec="seconds")


def test_a_closed_window_is_refused_as_closed_not_as_early(gov: Governance, clock: FixedClock) -> None:
    w = _coop(gov)
    _motion(w, duration="24h")
    clock.now += timedelta(hours=25)
    gov.tick()
    must_refuse(gov, {"cmd": "close_question", "question": "m"}, "closed")
