"""R3: a member secedes by its own congress; no union body may forbid, delay or condition it."""

from __future__ import annotations

from datetime import timedelta

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import FixedClock, must_refuse


def test_r3_union_cannot_block_secession(gov: Governance) -> None:
    World(gov).union().member("rep")
    message = must_refuse(gov, {"cmd": "open_question", "question": "keep", "body": "union/congress",
                                "kind": "law", "competence": "secession", "target": "rep",
                                "text": "rep may not leave"}, "R3")
    assert "no union body can forbid" in message


def test_r3_union_cannot_vote_on_a_members_secession(gov: Governance) -> None:
    World(gov).union().member("rep")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                      "kind": "secession", "text": "may rep leave?"}, "R3")


def test_r3_union_cannot_decide_membership_under_any_kind(gov: Governance) -> None:
    World(gov).union().member("rep")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "union/congress",
                      "kind": "motion", "competence": "membership", "target": "rep",
                      "text": "conditions on leaving"}, "R3")


def test_r3_secession_takes_effect_without_any_act_of_the_union(gov: Governance) -> None:
    w = World(gov).union().member("rep")
    w.union_delegate("rep")
    assert gov.state.bodies["union/congress"].seats
    w.decide("leave", "rep/congress", "secession", ["rep-0"])
    snapshot = gov.snapshot()
    assert snapshot["republics"]["rep"]["union"] is None
    assert snapshot["unions"]["union"]["members"] == []
    assert snapshot["bodies"]["union/congress"]["delegates"] == []  # its delegates left with it


def test_r3_secession_waits_for_the_unions_notice_period_and_no_longer(
    gov: Governance, clock: FixedClock
) -> None:
    w = World(gov).union("coop", constitution="coop-federation")  # notice_days = 90
    w.republic("rep", constitution="coop-federation")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0"])
    w.decide("join", "rep/congress", "accession", ["rep-0"], union="coop")
    assert gov.state.polities["rep"].union == "coop"  # a first member joins on its own decision
    w.decide("leave", "rep/congress", "secession", ["rep-0"])
    assert gov.state.polities["rep"].union == "coop"
    assert gov.snapshot()["republics"]["rep"]["seceding"]["effective_at"].startswith("2027-02-23")
    must_refuse(gov, {"cmd": "open_question", "question": "again", "body": "rep/congress",
                      "kind": "secession", "text": "x"}, "R3")
    clock.now += timedelta(days=90)
    w.person("later", "rep/town")  # the next command finds the notice run out
    assert gov.state.polities["rep"].union is None
    assert gov.snapshot()["unions"]["coop"]["members"] == []


def test_r3_constitution_cannot_switch_off_secession() -> None:
    import pytest

    from councils.constitution import ConstitutionError, load_constitution
    from councils.constitution.loader import resolve_document

    doc = resolve_document("ussr-1924")
    doc["secession"]["union_may_block"] = True
    with pytest.raises(ConstitutionError, match=r"secession.union_may_block: refused \(R3"):
        load_constitution(doc, "bad.toml")
    doc = resolve_document("ussr-1924")
    doc["union"]["competences"].append("secession")
    with pytest.raises(ConstitutionError, match=r"union.competences\[11\]: refused \(R3"):
        load_constitution(doc, "bad.toml")
