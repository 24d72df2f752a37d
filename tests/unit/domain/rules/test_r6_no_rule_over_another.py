"""R6: a body binds only its own republic; a union binds members only within reserved competences."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def test_r6_republic_body_cannot_bind_another_republic(gov: Governance) -> None:
    World(gov).republic("a").republic("b")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "a/town", "kind": "law",
                      "competence": "housing", "target": "b", "text": "b shall..."}, "R6")


def test_r6_union_law_outside_reserved_competences_is_refused(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                                "kind": "law", "competence": "schools", "target": "a",
                                "text": "schools in a"}, "R6")
    assert "not a competence reserved" in message


def test_r6_union_law_within_reserved_competence_is_accepted(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    q = w.decide("q", "union/congress", "law", ["a-0"], competence="transport", target="a")
    assert q.binding is True and q.outcome == "yes"


def test_r6_union_cannot_bind_a_non_member(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    w.republic("outsider")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                      "kind": "law", "competence": "transport", "target": "outsider",
                      "text": "x"}, "R6")


def test_r6_a_council_cannot_sit_within_another_republics_council(gov: Governance) -> None:
    World(gov).republic("a").republic("b")
    must_refuse(gov, {"cmd": "create_council", "council": "a/x", "republic": "a", "kind": "town",
                      "within": "b/town"}, "R6")


def test_r6_a_council_cannot_send_delegates_to_another_republics_congress(gov: Governance) -> None:
    World(gov).republic("a").republic("b")
    must_refuse(gov, {"cmd": "open_question", "question": "e", "body": "a/town", "kind": "election",
                      "text": "x", "to": "b/congress", "options": ["a-0"]}, "R6")
