"""Comments: the discussion of an open question or petition, by those who take part in it."""

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
    gov.handle({"cmd": "open_question", "question": "tram", "body": "rep/town", "kind": "motion",
                "text": "A tram to the works"})


def test_those_on_the_roll_discuss_an_open_question(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "post_comment", "comment": "c1", "person": "rep-0", "question": "tram",
                "text": "And to the hospital?"})
    assert [c["text"] for c in gov.state.comments["tram"]] == ["And to the hospital?"]
    must_refuse(gov, {"cmd": "post_comment", "comment": "c2", "person": "v-0", "question": "tram",
                      "text": "I live elsewhere"}, "comment")
    must_refuse(gov, {"cmd": "post_comment", "comment": "c1", "person": "rep-1", "question": "tram",
                      "text": "again"}, "exists")
    gov.handle({"cmd": "close_question", "question": "tram"})
    assert "discussion is closed" in must_refuse(
        gov, {"cmd": "post_comment", "comment": "c3", "person": "rep-1", "question": "tram",
              "text": "too late"}, "comment")
    with pytest.raises(InvalidCommand, match="one of 'question' or 'petition'"):
        gov.handle({"cmd": "post_comment", "comment": "c4", "person": "rep-1", "text": "where?"})
    assert Governance(gov.ledger, clock=gov.clock).state.comments == gov.state.comments


def test_those_who_may_sign_discuss_a_petition(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "start_petition", "petition": "p", "kind": "proposal", "body": "rep/town",
                "text": "Free trams"})
    gov.handle({"cmd": "post_comment", "comment": "c1", "person": "rep-2", "petition": "p",
                "text": "Yes, for workers"})
    must_refuse(gov, {"cmd": "post_comment", "comment": "c2", "person": "v-0", "petition": "p",
                      "text": "no"}, "comment")
    assert gov.snapshot()["petitions"]["p"]["status"] == "open"
