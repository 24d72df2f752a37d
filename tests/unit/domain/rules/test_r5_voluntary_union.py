"""R5: a republic joins only by its own congress's decision, then admission by the union's rule."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def test_r5_union_cannot_admit_a_republic_that_did_not_decide(gov: Governance) -> None:
    w = World(gov).union("coop", constitution="coop-federation").member("a", union="coop")
    w.union_delegate("a", union="coop")
    w.republic("b")
    message = must_refuse(gov, {"cmd": "open_question", "question": "annex", "body": "coop/congress",
                                "kind": "admission", "republic": "b", "text": "admit b"}, "R5")
    assert "own congress has not decided" in message
    assert gov.state.polities["b"].union is None


def test_r5_accession_then_admission_by_union_vote(gov: Governance) -> None:
    w = World(gov).union("coop", constitution="coop-federation").member("a", union="coop")
    w.union_delegate("a", union="coop")
    w.republic("b")
    w.elect("b-seat", "b/town", "b/congress", "b-0", ["b-0"])
    w.decide("b-joins", "b/congress", "accession", ["b-0"], union="coop")
    assert gov.state.polities["b"].union is None  # admission to coop-federation is by vote
    w.decide("admit", "coop/congress", "admission", ["a-0"], republic="b")
    assert gov.snapshot()["unions"]["coop"]["members"] == ["a", "b"]


def test_r5_union_vote_against_admission_leaves_republic_independent(gov: Governance) -> None:
    w = World(gov).union("coop", constitution="coop-federation").member("a", union="coop")
    w.union_delegate("a", union="coop")
    w.republic("b")
    w.elect("b-seat", "b/town", "b/congress", "b-0", ["b-0"])
    w.decide("b-joins", "b/congress", "accession", ["b-0"], union="coop")
    w.decide("admit", "coop/congress", "admission", ["a-0"], "no", republic="b")
    assert gov.state.polities["b"].union is None


def test_r5_a_founder_joins_on_the_republics_own_decision(gov: Governance) -> None:
    World(gov).union().member("rep")  # ussr-1924: its founders accede to the treaty on their own decision
    assert gov.snapshot()["republics"]["rep"]["union"] == "union"


def test_r5_once_the_union_congress_sits_a_new_republic_is_admitted_by_its_vote(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")  # the union's congress sits: admission is a union matter (USSR 1924 Art. 1(c))
    w.member("b")
    assert gov.state.polities["b"].union is None
    w.decide("admit-b", "union/congress", "admission", ["a-0"], republic="b")
    assert gov.snapshot()["unions"]["union"]["members"] == ["a", "b"]


def test_r5_union_body_cannot_open_an_accession(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                      "kind": "accession", "union": "union", "text": "annex"}, "R5")


def test_r5_congress_vote_against_joining_keeps_independence(gov: Governance) -> None:
    w = World(gov).union().republic("rep")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0"])
    w.decide("join", "rep/congress", "accession", ["rep-0"], "no", union="union")
    assert gov.state.polities["rep"].union is None
