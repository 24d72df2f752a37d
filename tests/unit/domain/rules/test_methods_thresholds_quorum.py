"""A question's method, threshold and quorum are its kind's, from the constitution: no way around them.

Before: an rsfsr-1918 amendment (two-thirds) opened with `method: plurality` passed 3 to 2;
a coop-federation motion with 1 ballot of 12 electors was 'no quorum' by default but
passed, binding, with `method: plurality`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from councils.application.governance import Governance
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, resolve_document
from tests.builders import World
from tests.conftest import must_refuse


@pytest.mark.parametrize("method", ["plurality", "approval", "irv", "stv"])
def test_a_two_thirds_amendment_cannot_choose_an_easier_method(gov: Governance, method: str) -> None:
    w = World(gov).republic("rep")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0", "rep-1", "rep-2"])
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "rep/congress",
                                "kind": "amendment", "text": "x", "method": method,
                                "options": ["yes", "no"], "amend": {"franchise.min_age": 16}},
                          "constitution questions.amendment.methods")
    assert f"not by {method}" in message and "majority" in message


@pytest.mark.parametrize("kind", ["motion", "law"])
def test_the_options_of_a_yes_no_kind_are_the_kinds(gov: Governance, kind: str) -> None:
    World(gov).republic("rep")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "rep/town", "kind": kind,
                      "text": "x", "options": ["trams", "buses"]}, f"constitution questions.{kind}")


def test_a_motion_below_its_quorum_stays_no_quorum(gov: Governance) -> None:
    w = World(gov).republic("rep", constitution="coop-federation", electors=12)  # motion quorum 1/3
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "rep/town", "kind": "motion",
                      "text": "x", "method": "plurality", "options": ["yes", "no"]},
                "constitution questions.motion.methods")
    decided = w.decide("q", "rep/town", "motion", ["rep-0"])
    assert decided.outcome == "no quorum"


def _with_election_quorum(quorum: str) -> dict[str, Any]:
    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    doc["questions"]["election"].update(quorum=quorum, methods=["stv", "irv", "plurality"])
    return doc


def test_an_election_of_any_method_needs_the_kinds_quorum(gov: Governance) -> None:
    w = World(gov)
    gov.handle({"cmd": "found_republic", "republic": "rep", "name": "Rep",
                "constitution": _with_election_quorum("1/2")})
    w.council("rep", "town")
    for i in range(4):
        w.person(f"rep-{i}", "rep/town")
    gov.handle({"cmd": "open_question", "question": "e", "body": "rep/town", "kind": "election",
                "text": "delegate", "to": "rep/congress", "options": ["rep-0"], "method": "plurality"})
    w.vote("e", ["rep-0"], choice="rep-0")
    gov.handle({"cmd": "close_question", "question": "e"})
    assert gov.state.questions["e"].outcome == "no quorum"
    assert gov.state.bodies["rep/congress"].seats == []  # no one was seated


def test_a_constitution_cannot_allow_another_method_for_a_yes_no_kind() -> None:
    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    doc["questions"]["motion"]["methods"] = ["majority", "plurality"]
    with pytest.raises(ConstitutionError, match=r"questions\.motion\.methods.*majority"):
        load_constitution(doc, "doc")
