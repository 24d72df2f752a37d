"""R10: amending the separation rule needs the consent of every member republic's congress."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _union_of_two(gov: Governance) -> World:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    return w


def test_r10_separation_amendment_waits_for_every_member(gov: Governance) -> None:
    w = _union_of_two(gov)
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"],
             amend={"secession.notice_days": 30})
    assert gov.state.polities["union"].constitution.secession.notice_days == 0
    w.decide("a-consents", "a/congress", "amendment", ["a-0"], union="union")
    assert gov.state.polities["union"].constitution.secession.notice_days == 0
    w.decide("b-consents", "b/congress", "amendment", ["b-0"], union="union")
    assert gov.state.polities["union"].constitution.secession.notice_days == 30


def test_r10_one_member_refusing_defeats_the_amendment(gov: Governance) -> None:
    w = _union_of_two(gov)
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"],
             amend={"secession.notice_days": 30})
    w.decide("a-consents", "a/congress", "amendment", ["a-0"], union="union")
    w.decide("b-refuses", "b/congress", "amendment", ["b-0"], "no", union="union")
    assert gov.state.polities["union"].constitution.secession.notice_days == 0
    assert gov.state.amendments == {}


def test_r10_other_amendments_need_no_member_consent(gov: Governance) -> None:
    w = _union_of_two(gov)
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"],
             amend={"union.competences": ["transport", "admission", "budget"]})
    assert gov.state.polities["union"].constitution.union.competences == ("transport", "admission", "budget")


def test_r10_no_amendment_can_take_away_the_right_itself(gov: Governance) -> None:
    _union_of_two(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                      "kind": "amendment", "text": "x", "amend": {"secession.union_may_block": True}},
                "R3")


def test_r10_a_member_that_leaves_takes_its_pending_consent_with_it(gov: Governance) -> None:
    """Before: the amendment waited for ever, every later one was 'already waiting', and the
    member that left could not consent ('not a member')."""
    w = _union_of_two(gov)
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"],
             amend={"secession.notice_days": 30})
    w.decide("a-consents", "a/congress", "amendment", ["a-0"], union="union")
    pending = gov.snapshot()["amendments"]["amend"]
    assert (pending["union"], pending["consented"], pending["awaiting"]) == ("union", ["a"], ["b"])
    w.decide("b-leaves", "b/congress", "secession", ["b-0"])
    assert gov.state.polities["b"].union is None
    assert gov.state.polities["union"].constitution.secession.notice_days == 30  # decided on a alone
    assert gov.snapshot()["amendments"] == {}
    w.decide("again", "union/congress", "amendment", ["a-0"], amend={"secession.notice_days": 10})
    assert gov.snapshot()["amendments"]["again"]["awaiting"] == ["a"]  # not jammed


def test_r10_a_member_that_leaves_before_consenting_does_not_block_the_others(gov: Governance) -> None:
    w = _union_of_two(gov)
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"],
             amend={"secession.notice_days": 30})
    w.decide("b-leaves", "b/congress", "secession", ["b-0"])
    assert gov.snapshot()["amendments"]["amend"]["awaiting"] == ["a"]
    must_refuse(gov, {"cmd": "open_question", "question": "b-consents", "body": "b/congress",
                      "kind": "amendment", "text": "consent", "union": "union"}, "R10")
    w.decide("a-consents", "a/congress", "amendment", ["a-0"], union="union")
    assert gov.state.polities["union"].constitution.secession.notice_days == 30
