"""R2: where an assembly and a council body decide the same question, the council binds."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World


def _republic_with_assembly(gov: Governance) -> World:
    w = World(gov).republic("rep")
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    return w


def test_r2_council_decision_overrides_earlier_assembly_decision(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    assembly = w.decide("a", "rep/assembly", "law", ["rep-0", "rep-1"], "yes", competence="housing")
    assert assembly.binding is True
    w.decide("c", "rep/town", "law", ["rep-0", "rep-1"], "no", competence="housing")
    decided = gov.state.questions["a"]
    assert decided.binding is False and decided.overridden_by == "c"
    assert gov.snapshot()["questions"]["a"]["overridden_by"] == "c"


def test_r2_assembly_decision_after_a_council_decision_is_overridden_at_once(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    w.decide("c", "rep/town", "law", ["rep-0"], "no", competence="housing")
    a = w.decide("a", "rep/assembly", "law", ["rep-0", "rep-1"], "yes", competence="housing")
    assert a.binding is False and a.overridden_by == "c"


def test_r2_different_matters_do_not_override_each_other(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    w.decide("c", "rep/town", "law", ["rep-0"], "no", competence="housing")
    a = w.decide("a", "rep/assembly", "law", ["rep-0"], "yes", competence="schools")
    assert a.binding is True and a.overridden_by is None


def test_r2_an_assembly_cannot_elect_delegates(gov: Governance) -> None:
    from tests.conftest import must_refuse

    _republic_with_assembly(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "e", "body": "rep/assembly",
                      "kind": "election", "text": "x", "to": "rep/congress", "options": ["rep-0"]},
                "R2")
