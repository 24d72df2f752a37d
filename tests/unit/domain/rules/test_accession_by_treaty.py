"""Accession by treaty where the constitution says so (issue 12 item 5; USSR 1924 Art. 1(c): the
union concludes treaties admitting new republics): under `admission = "treaty"` a republic joins once
a treaty of accession between it and the union is ratified by the congress of each; not by a vote
of the union alone, nor by a treaty its own congress has not ratified (R5)."""

from __future__ import annotations

from councils.application.governance import Governance
from councils.constitution.loader import resolve_document
from tests.builders import World
from tests.conftest import must_refuse


def _union_admitting_by_treaty(gov: Governance) -> World:
    doc = resolve_document("ussr-1924")
    doc["accession"]["admission"] = "treaty"
    w = World(gov)
    w.do("found_union", union="union", name="Union", constitution=doc)
    w.member("a")  # a founding member, on its own decision (no congress of the union sits yet)
    w.union_delegate("a")
    w.republic("c")
    w.elect("c-seat", "c/town", "c/congress", "c-0", ["c-0"])
    return w


def _accession_treaty(gov: Governance) -> None:
    gov.handle({"cmd": "propose_treaty", "treaty": "c-joins", "text": "Treaty of accession of C",
                "parties": ["union", "c"], "admits": "c"})


def test_r5_a_republic_joins_by_a_treaty_of_accession_ratified_by_both_congresses(gov: Governance) -> None:
    w = _union_admitting_by_treaty(gov)
    _accession_treaty(gov)
    w.decide("union-ratifies", "union/congress", "motion", ["a-0"], competence="admission")
    gov.handle({"cmd": "ratify_treaty", "treaty": "c-joins", "party": "union", "question": "union-ratifies"})
    assert gov.state.polities["c"].union is None  # the union's ratification alone annexes no one
    w.decide("c-ratifies", "c/congress", "motion", ["c-0"])
    gov.handle({"cmd": "ratify_treaty", "treaty": "c-joins", "party": "c", "question": "c-ratifies"})
    assert gov.state.polities["c"].union == "union" and "c" in gov.state.polities["union"].members


def test_r5_where_admission_is_by_treaty_a_union_vote_does_not_admit(gov: Governance) -> None:
    w = _union_admitting_by_treaty(gov)
    w.decide("c-decides", "c/congress", "accession", ["c-0"], union="union")
    assert gov.state.polities["c"].union is None  # its decision waits for the treaty
    message = must_refuse(gov, {"cmd": "open_question", "question": "admit-c", "body": "union/congress",
                                "kind": "admission", "text": "Admit C", "republic": "c"}, "R5")
    assert "treaty of accession" in message


def test_r5_a_treaty_of_accession_is_refused_where_the_constitution_admits_by_vote(gov: Governance) -> None:
    w = World(gov).union().member("a")
    w.union_delegate("a")
    w.republic("c")
    message = must_refuse(gov, {"cmd": "propose_treaty", "treaty": "c-joins", "text": "x", "parties": ["union", "c"],
                                "admits": "c"}, "R5")
    assert "by a vote of its congress, not by treaty" in message
