"""Unions joining unions (issue 12 item 6): a union accedes to a larger union by its own congress's
decision and leaves the same way; R3, R5 and R6 hold at every level."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _nested(gov: Governance) -> World:
    """Union `small` with member `a` whose delegate sits in small's congress; union `big` with member `c`."""
    w = World(gov).union("small").member("a", union="small")
    w.union_delegate("a", union="small")
    w.union("big").member("c", union="big")
    w.union_delegate("c", union="big")
    return w


def _small_joins_big(w: World) -> None:
    w.decide("small-joins", "small/congress", "accession", ["a-0"], union="big")
    w.decide("admit-small", "big/congress", "admission", ["c-0"], republic="small")


def test_r5_a_union_accedes_to_a_larger_union_by_its_own_congress_then_admission(gov: Governance) -> None:
    w = _nested(gov)
    w.decide("small-joins", "small/congress", "accession", ["a-0"], union="big")
    assert gov.state.polities["small"].union is None  # big's congress sits: admission is by its vote
    w.decide("admit-small", "big/congress", "admission", ["c-0"], republic="small")
    snapshot = gov.snapshot()
    assert snapshot["unions"]["big"]["members"] == ["c", "small"]
    assert snapshot["unions"]["small"]["union"] == "big"


def test_r5_a_larger_union_cannot_admit_a_union_that_did_not_decide(gov: Governance) -> None:
    _nested(gov)
    message = must_refuse(gov, {"cmd": "open_question", "question": "annex", "body": "big/congress",
                                "kind": "admission", "republic": "small", "text": "annex small"}, "R5")
    assert "own congress has not decided" in message


def test_r5_no_union_joins_a_union_within_itself(gov: Governance) -> None:
    w = _nested(gov)
    _small_joins_big(w)
    message = must_refuse(gov, {"cmd": "open_question", "question": "loop", "body": "big/congress",
                                "kind": "accession", "union": "small", "text": "big joins small"}, "R5")
    assert "within big" in message


def test_r3_the_larger_union_cannot_put_a_member_unions_secession_to_a_vote(gov: Governance) -> None:
    w = _nested(gov)
    _small_joins_big(w)
    must_refuse(gov, {"cmd": "open_question", "question": "keep", "body": "big/congress", "kind": "secession",
                      "target": "small", "text": "small may not leave"}, "R3")
    must_refuse(gov, {"cmd": "open_question", "question": "keep2", "body": "big/congress", "kind": "law",
                      "competence": "secession", "target": "small", "text": "small stays"}, "R3")


def test_r3_a_member_union_leaves_by_its_own_congress_without_any_act_of_the_larger(gov: Governance) -> None:
    w = _nested(gov)
    _small_joins_big(w)
    w.elect("small-to-big", "small/congress", "big/congress", "a-0", ["a-0"])
    assert any(s.constituency == "small" for s in gov.state.bodies["big/congress"].seats)
    w.decide("small-leaves", "small/congress", "secession", ["a-0"])
    state = gov.state
    assert state.polities["small"].union is None and state.polities["big"].members == ["c"]
    assert not any(s.constituency == "small" for s in state.bodies["big/congress"].seats)  # R8: seats leave


def test_r4_a_unions_membership_is_decided_by_its_congress_not_its_other_chamber(gov: Governance) -> None:
    _nested(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "small/nationalities",
                      "kind": "accession", "union": "big", "text": "join"}, "R4")


def test_r6_the_larger_union_binds_only_its_members_not_the_republics_inside_them(gov: Governance) -> None:
    w = _nested(gov)
    _small_joins_big(w)
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "big/congress", "kind": "law",
                                "competence": "foreign_trade", "target": "a", "text": "a shall trade"}, "R6")
    assert "not a member of big" in message
