"""R4: secession and accession are decided by the congress of councils, never by an assembly."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def test_r4_assembly_vote_to_separate_is_advisory_only(gov: Governance) -> None:
    w = World(gov).union().member("rep")
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    q = w.decide("a", "rep/assembly", "secession", ["rep-0", "rep-1", "rep-2"], "yes")
    assert q.outcome == "yes" and q.binding is False and "advisory" in (q.advisory or "")
    assert gov.state.polities["rep"].union == "union"


def test_r4_out_of_the_way_corner_congress_decision_stands(gov: Governance) -> None:
    """The chapter's case: the assembly votes to separate, the congress against; the congress stands."""
    w = World(gov).union().member("rep")
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    w.decide("a", "rep/assembly", "secession", ["rep-0", "rep-1", "rep-2"], "yes")
    w.decide("c", "rep/congress", "secession", ["rep-0"], "no")
    snapshot = gov.snapshot()
    assert snapshot["republics"]["rep"]["union"] == "union"
    assert snapshot["questions"]["a"]["overridden_by"] == "c"
    assert snapshot["questions"]["c"]["binding"] is True


def test_r4_assembly_vote_to_join_does_not_make_a_member(gov: Governance) -> None:
    w = World(gov).union().republic("rep")
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    q = w.decide("a", "rep/assembly", "accession", ["rep-0", "rep-1"], "yes", union="union")
    assert q.binding is False
    assert gov.state.polities["rep"].union is None


def test_r4_a_local_council_cannot_decide_secession(gov: Governance) -> None:
    World(gov).union().member("rep")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "rep/town",
                      "kind": "secession", "text": "leave"}, "R4")
