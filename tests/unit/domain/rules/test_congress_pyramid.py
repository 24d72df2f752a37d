"""The congress pyramid (issue 12 item 1): a delegate recalled below loses the seat above that it
held by that mandate, and the ledger records each loss by the same decision (R8)."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World


def _seated_up_to_the_union(gov: Governance) -> World:
    w = World(gov).union().member("a")  # a-0 sits in a/congress for a/town
    w.union_delegate("a")  # and a/congress sent a-0 to union/congress
    return w


def test_r8_a_delegate_recalled_below_loses_the_seat_above_that_mandate_gave(gov: Governance) -> None:
    w = _seated_up_to_the_union(gov)
    assert [s.person for s in gov.state.bodies["union/congress"].seats] == ["a-0"]
    w.decide("recall-a0", "a/town", "recall", ["a-1", "a-2"], delegate="a-0")
    state = gov.state
    assert state.bodies["a/congress"].seats == []
    assert state.bodies["union/congress"].seats == []
    recalls = [r.event for r in gov.ledger.read() if r.event.type == "DelegateRecalled"]
    assert [(e.data["body"], e.data.get("mandate_of")) for e in recalls] == [
        ("a/congress", None), ("union/congress", "a/congress")]


def test_a_recall_voted_down_takes_no_seat_at_any_level(gov: Governance) -> None:
    w = _seated_up_to_the_union(gov)
    w.decide("recall-a0", "a/town", "recall", ["a-1", "a-2"], "no", delegate="a-0")
    assert [s.person for s in gov.state.bodies["union/congress"].seats] == ["a-0"]


def test_the_congress_refills_the_seat_above_once_the_seat_below_is_refilled(gov: Governance) -> None:
    w = _seated_up_to_the_union(gov)
    w.decide("recall-a0", "a/town", "recall", ["a-1", "a-2"], delegate="a-0")
    w.elect("by-election", "a/town", "a/congress", "a-1", ["a-1", "a-2"])
    w.elect("a-to-union-again", "a/congress", "union/congress", "a-1", ["a-1"])
    assert [s.person for s in gov.state.bodies["union/congress"].seats] == ["a-1"]
