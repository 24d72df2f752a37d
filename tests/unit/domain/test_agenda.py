"""Amendments to a motion are voted before the motion (issue 15 item 4; LiquidFeedback's phases)."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse

MOTION = {"cmd": "open_question", "question": "tram", "body": "rep/town", "kind": "motion",
          "text": "A tram to the works"}
AMEND = {"cmd": "open_question", "question": "tram-a1", "body": "rep/town", "kind": "motion",
         "amends": "tram", "text": "A tram to the works and to the hospital"}


def _world(gov: Governance) -> World:
    w = World(gov).republic("rep", electors=3)
    w.council("rep", "village", kind="village")
    w.person("v-0", "rep/village")
    return w


def test_a_carried_amendment_rewrites_the_motion_before_it_is_voted(gov: Governance) -> None:
    w = _world(gov)
    gov.handle(MOTION)
    gov.handle(AMEND)
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "tram", "voter": "rep-0",
                                "choice": "yes"}, "amendments first")
    assert "tram-a1 to tram is still open" in message
    must_refuse(gov, {"cmd": "close_question", "question": "tram"}, "amendments first")
    w.vote("tram-a1", ["rep-0", "rep-1"], choice="yes")
    gov.handle({"cmd": "close_question", "question": "tram-a1"})
    q = gov.state.questions["tram"]
    assert (q.text, q.detail("amended_by")) == ("A tram to the works and to the hospital", ["tram-a1"])
    w.vote("tram", ["rep-0", "rep-1", "rep-2"], choice="yes")
    gov.handle({"cmd": "close_question", "question": "tram"})
    assert gov.snapshot()["questions"]["tram"]["text"] == "A tram to the works and to the hospital"
    fresh = Governance(gov.ledger, clock=gov.clock)
    assert fresh.snapshot() == gov.snapshot()


def test_a_lost_amendment_leaves_the_motion_as_it_was(gov: Governance) -> None:
    w = _world(gov)
    gov.handle(MOTION)
    gov.handle(AMEND)
    w.vote("tram-a1", ["rep-0", "rep-1"], choice="no")
    gov.handle({"cmd": "close_question", "question": "tram-a1"})
    assert gov.state.questions["tram"].text == "A tram to the works"


def test_no_amendment_once_voting_on_the_motion_has_begun(gov: Governance) -> None:
    _world(gov)
    gov.handle(MOTION)
    gov.handle({"cmd": "cast_ballot", "question": "tram", "voter": "rep-0", "choice": "yes"})
    assert "voting on tram has begun" in must_refuse(gov, AMEND, "amendments first")
    must_refuse(gov, {**AMEND, "body": "rep/village"}, "amendments first")  # another body
    must_refuse(gov, {**AMEND, "kind": "law"}, "amendments first")
    must_refuse(gov, {**AMEND, "amends": "nothing"}, "unknown")
