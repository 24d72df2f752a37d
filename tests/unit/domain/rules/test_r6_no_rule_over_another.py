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


def test_r6_a_union_motion_under_no_reserved_competence_is_advisory_and_says_so(gov: Governance) -> None:
    """Before: 'all member republics teach only in English' was decided with binding = true."""
    w = World(gov).union().member("a")
    w.union_delegate("a")
    q = w.decide("english", "union/congress", "motion", ["a-0"])
    assert q.outcome == "yes" and q.binding is False
    assert q.advisory is not None and "reserved competences" in q.advisory and "advisory" in q.advisory


def test_r6_a_union_law_on_a_members_frontiers_does_not_bind_it_without_its_consent(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    q = w.decide("move", "union/congress", "law", ["a-0"], competence="frontiers", target="a")
    assert q.binding is False and "consent" in (q.advisory or "")


def test_r3_no_union_question_may_be_aimed_at_a_member_that_is_leaving(gov: Governance) -> None:
    """Before: 'use every means to prevent it from leaving' under external_relations was accepted."""
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    gov.handle({"cmd": "open_question", "question": "leave", "body": "b/congress", "kind": "secession",
                "text": "b leaves"})
    message = must_refuse(gov, {"cmd": "open_question", "question": "stop", "body": "union/congress",
                                "kind": "law", "competence": "foreign_relations", "target": "b",
                                "text": "use every means to prevent it from leaving"}, "R3")
    assert "b is leaving union" in message
