"""What a sitting decided, told from the folded state alone (`decided_at_sitting`), is what its
minutes find between its two ledger events: the page of a sitting shows it without reading the
ledger. The clock here is fixed, so every event has the same second: only the ledger's order can
tell an amendment decided before the sitting from one decided at it."""

from __future__ import annotations

from datetime import timedelta

from councils.application.governance import Governance
from councils.application.minutes import decided_at_sitting, sitting_minutes
from tests.builders import World
from tests.conftest import FixedClock


def _world(gov: Governance) -> None:
    World(gov).republic("rep", electors=3)
    for q in ("tram", "baths"):
        gov.handle({"cmd": "open_question", "question": q, "body": "rep/town", "kind": "motion", "text": q})


def _amend_and_decide(gov: Governance, amendment: str, motion: str) -> None:
    gov.handle({"cmd": "open_question", "question": amendment, "body": "rep/town", "kind": "motion",
                "amends": motion, "text": f"{motion}, amended"})
    World(gov).vote(amendment, ["rep-0", "rep-1"], choice="yes")
    gov.handle({"cmd": "close_question", "question": amendment})


def _as_minuted(gov: Governance, sitting: str) -> list[str]:
    return [d.question for d in sitting_minutes(gov, sitting).decisions]


def test_an_amendment_decided_before_the_sitting_met_is_not_among_what_it_decided(
        gov: Governance, clock: FixedClock) -> None:
    _world(gov)
    _amend_and_decide(gov, "tram-a1", "tram")  # in the same second as the convening, but before it
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram", "baths"]})
    state = gov.state
    assert state.sittings["s1"].settled == ("tram-a1",)
    assert decided_at_sitting(state, state.sittings["s1"]) == _as_minuted(gov, "s1") == []

    _amend_and_decide(gov, "tram-a2", "tram")
    clock.now += timedelta(minutes=5)  # within one second the state orders by when each was put
    World(gov).vote("tram", ["rep-0", "rep-1"], choice="yes")
    gov.handle({"cmd": "close_question", "question": "tram"})
    state = gov.state
    assert decided_at_sitting(state, state.sittings["s1"]) == _as_minuted(gov, "s1") == ["tram-a2", "tram"]

    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    state = gov.state
    assert "tram-a1" in state.sittings["s1"].decided  # the closing's own record counts it by the clock
    assert decided_at_sitting(state, state.sittings["s1"]) == _as_minuted(gov, "s1") == ["tram-a2", "tram"]


def test_what_is_decided_after_the_sitting_closed_is_not_its_decision(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram", "baths"]})
    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    _amend_and_decide(gov, "tram-a1", "tram")
    gov.handle({"cmd": "close_question", "question": "baths"})
    state = gov.state
    assert decided_at_sitting(state, state.sittings["s1"]) == _as_minuted(gov, "s1") == []
    assert state.sittings["s1"].carried_over == ("tram", "baths")


def test_the_settled_amendments_are_folded_again_from_the_ledger(gov: Governance) -> None:
    _world(gov)
    _amend_and_decide(gov, "tram-a1", "tram")
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram"]})
    refolded = Governance(gov.ledger, clock=gov.clock).state.sittings["s1"]
    assert refolded.settled == gov.state.sittings["s1"].settled == ("tram-a1",)
