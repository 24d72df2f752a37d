"""Sittings of a body: convened with an agenda of its open questions, closed, refused by name."""

from __future__ import annotations

import pytest

from councils.application.governance import Governance
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import must_refuse


def _world(gov: Governance) -> None:
    w = World(gov).republic("rep", electors=3)
    w.council("rep", "village", kind="village")
    w.person("v-0", "rep/village")
    for q, body in (("tram", "rep/town"), ("baths", "rep/town"), ("well", "rep/village")):
        gov.handle({"cmd": "open_question", "question": q, "body": body, "kind": "motion", "text": q})


def test_a_sitting_is_convened_with_its_agenda_and_closed_with_what_it_decided(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram", "baths"]})
    sitting = gov.state.sittings["s1"]
    assert (sitting.body, sitting.agenda, sitting.open) == ("rep/town", ("tram", "baths"), True)
    World(gov).vote("tram", ["rep-0", "rep-1"], choice="yes")
    gov.handle({"cmd": "close_question", "question": "tram"})
    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    sitting = gov.state.sittings["s1"]
    assert (sitting.open, sitting.decided, sitting.carried_over) == (False, ("tram",), ("baths",))
    refolded = Governance(gov.ledger, clock=gov.clock).state.sittings["s1"]
    assert (refolded.decided, refolded.carried_over, refolded.closed_at) == (
        sitting.decided, sitting.carried_over, sitting.closed_at)


def test_an_amendment_to_a_motion_on_the_agenda_is_decided_at_the_sitting(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram"]})
    gov.handle({"cmd": "open_question", "question": "tram-a1", "body": "rep/town", "kind": "motion",
                "amends": "tram", "text": "A tram to the works and the hospital"})
    World(gov).vote("tram-a1", ["rep-0", "rep-1"], choice="yes")
    gov.handle({"cmd": "close_question", "question": "tram-a1"})
    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    assert gov.state.sittings["s1"].decided == ("tram-a1",)
    assert gov.state.sittings["s1"].carried_over == ("tram",)


def test_one_sitting_at_a_time_per_body(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram"]})
    assert "sitting already" in must_refuse(
        gov, {"cmd": "convene_sitting", "sitting": "s2", "body": "rep/town", "agenda": ["baths"]},
        "one sitting at a time")
    gov.handle({"cmd": "convene_sitting", "sitting": "s3", "body": "rep/village", "agenda": ["well"]})
    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    gov.handle({"cmd": "convene_sitting", "sitting": "s2", "body": "rep/town", "agenda": ["tram", "baths"]})
    must_refuse(gov, {"cmd": "convene_sitting", "sitting": "s2", "body": "rep/village", "agenda": ["well"]},
                "exists")


def test_the_agenda_holds_only_the_bodys_own_open_questions(gov: Governance) -> None:
    _world(gov)
    assert "before rep/village" in must_refuse(
        gov, {"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram", "well"]}, "agenda")
    gov.handle({"cmd": "close_question", "question": "baths"})
    assert "already decided" in must_refuse(
        gov, {"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["baths"]}, "agenda")
    must_refuse(gov, {"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["nothing"]},
                "unknown")
    must_refuse(gov, {"cmd": "convene_sitting", "sitting": "s1", "body": "rep/nowhere", "agenda": ["tram"]},
                "unknown")
    with pytest.raises(InvalidCommand, match="names no question"):
        gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": []})
    with pytest.raises(InvalidCommand, match="twice"):
        gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram", "tram"]})
    assert gov.state.sittings == {}


def test_a_sitting_is_closed_once(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "convene_sitting", "sitting": "s1", "body": "rep/town", "agenda": ["tram"]})
    gov.handle({"cmd": "close_sitting", "sitting": "s1"})
    assert "was closed" in must_refuse(gov, {"cmd": "close_sitting", "sitting": "s1"}, "sitting closed")
    must_refuse(gov, {"cmd": "close_sitting", "sitting": "s9"}, "unknown")
