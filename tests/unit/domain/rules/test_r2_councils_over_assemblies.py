"""R2: where an assembly and a council body decide the same question, the council binds."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World


def _republic_with_assembly(gov: Governance) -> World:
    """A republic with its assembly and a congress with one seated delegate (rep-0)."""
    w = World(gov).republic("rep")
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0", "rep-1", "rep-2"])
    return w


def test_r2_council_decision_overrides_earlier_assembly_decision(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    assembly = w.decide("a", "rep/assembly", "law", ["rep-0", "rep-1"], "yes", competence="housing",
                        matter="housing-2027")
    assert assembly.binding is True
    w.decide("c", "rep/congress", "law", ["rep-0"], "no", competence="housing", matter="housing-2027")
    decided = gov.state.questions["a"]
    assert decided.binding is False and decided.overridden_by == "c"
    shown = gov.snapshot()["questions"]["a"]
    assert shown["overridden_by"] == "c"
    assert "housing-2027" in shown["overridden_because"] and "congress of rep" in shown["overridden_because"]


def test_r2_assembly_decision_after_a_council_decision_is_overridden_at_once(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    w.decide("c", "rep/congress", "law", ["rep-0"], "no", competence="housing", matter="housing-2027")
    a = w.decide("a", "rep/assembly", "law", ["rep-0", "rep-1"], "yes", competence="housing",
                 matter="housing-2027")
    assert a.binding is False and a.overridden_by == "c"


def test_r2_a_congress_question_that_answers_an_assembly_question_overrides_it(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    w.decide("a", "rep/assembly", "motion", ["rep-0", "rep-1"], "yes")
    w.decide("c", "rep/congress", "motion", ["rep-0"], "no", answers="a")
    assert gov.state.questions["a"].overridden_by == "c"


def test_r2_different_matters_do_not_override_each_other(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    w.decide("c", "rep/congress", "law", ["rep-0"], "no", competence="housing", matter="housing-2027")
    a = w.decide("a", "rep/assembly", "law", ["rep-0"], "yes", competence="housing", matter="rents")
    assert a.binding is True and a.overridden_by is None


def test_r2_two_plain_motions_are_not_the_same_matter(gov: Governance) -> None:
    """Before: any two motions matched, so a motion on trams overrode one on schools."""
    w = _republic_with_assembly(gov)
    a = w.decide("schools", "rep/assembly", "motion", ["rep-0", "rep-1"], "yes")
    w.decide("trams", "rep/congress", "motion", ["rep-0"], "no")
    assert a.binding is True and gov.state.questions["schools"].overridden_by is None


def test_r2_a_town_council_does_not_override_the_republics_assembly(gov: Governance) -> None:
    w = _republic_with_assembly(gov)
    a = w.decide("a", "rep/assembly", "motion", ["rep-0", "rep-1"], "yes", matter="schools")
    w.decide("c", "rep/town", "motion", ["rep-0", "rep-1"], "no", matter="schools")
    assert gov.state.questions["a"].overridden_by is None and a.binding is True


def test_r2_a_council_question_answers_only_an_assembly_question(gov: Governance) -> None:
    from tests.conftest import must_refuse

    w = _republic_with_assembly(gov)
    w.decide("t", "rep/town", "motion", ["rep-0"], "yes")
    must_refuse(gov, {"cmd": "open_question", "question": "c", "body": "rep/congress", "kind": "motion",
                      "text": "x", "answers": "t"}, "R2")


def test_r2_an_assembly_cannot_elect_delegates(gov: Governance) -> None:
    from tests.conftest import must_refuse

    _republic_with_assembly(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "e", "body": "rep/assembly",
                      "kind": "election", "text": "x", "to": "rep/congress", "options": ["rep-0"]},
                "R2")
