"""Petitions: a recall, a popular initiative and an extraordinary congress are opened by those who sign.

The share of signatures is the constitution's (`[petitions.<kind>]`); each signature is an
event; only the signers fixed when the petition started may sign, once each.
"""

from __future__ import annotations

import pytest

from councils.application.governance import Governance
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, parse_toml, preset_text
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import must_refuse

RECALL = {"cmd": "start_petition", "petition": "p", "kind": "recall", "body": "rep/town",
          "delegate": "rep-0", "text": "Recall rep-0"}


def _seated(gov: Governance, electors: int = 12, constitution: str = "rsfsr-1918") -> World:
    w = World(gov).republic("rep", constitution=constitution, electors=electors)
    w.elect("seat", "rep/town", "rep/congress", "rep-0", [f"rep-{i}" for i in range(electors)])
    return w


def sign(gov: Governance, person: str, petition: str = "p") -> list[str]:
    applied = gov.handle({"cmd": "sign_petition", "petition": petition, "person": person})
    return [r.event.type for r in applied.events]


def test_r8_a_recall_opens_when_the_constitutions_share_of_electors_has_signed(gov: Governance) -> None:
    _seated(gov, electors=12)  # rsfsr-1918: 1/10 of 12 electors, rounded up: 2 signatures
    gov.handle(RECALL)
    assert gov.state.petitions["p"].needed == 2
    assert sign(gov, "rep-1") == ["PetitionSigned"]
    assert "p" not in gov.state.questions
    assert sign(gov, "rep-2") == ["PetitionSigned", "PetitionSucceeded", "QuestionOpened"]
    q = gov.state.questions["p"]
    assert (q.kind, q.status, q.detail("delegate"), q.detail("petition")) == ("recall", "open", "rep-0", "p")
    message = must_refuse(gov, {"cmd": "sign_petition", "petition": "p", "person": "rep-3"}, "closed")
    assert "2 signatures" in message


def test_r8_the_share_is_the_constitutions(gov: Governance) -> None:
    _seated(gov, electors=10, constitution="coop-federation")  # 1/5 of 10
    gov.handle(RECALL)
    assert gov.state.petitions["p"].needed == 2
    rule = load_constitution(parse_toml(preset_text("coop-federation"), "coop")).petition_rule("recall")
    assert str(rule.share) == "1/5"


def test_r8_only_the_constituencys_electors_sign_a_recall(gov: Governance) -> None:
    w = _seated(gov)
    w.council("rep", "village", kind="village")
    w.person("villager", "rep/village")
    w.person("boss", "rep/town", social_class="employer")  # R1: excluded from the franchise
    gov.handle(RECALL)
    assert "not an elector of rep/town" in must_refuse(
        gov, {"cmd": "sign_petition", "petition": "p", "person": "villager"}, "R8")
    must_refuse(gov, {"cmd": "sign_petition", "petition": "p", "person": "boss"}, "R8")
    w.person("newcomer", "rep/town")  # registered after the petition started: not on its list
    must_refuse(gov, {"cmd": "sign_petition", "petition": "p", "person": "newcomer"}, "R8")
    must_refuse(gov, {"cmd": "sign_petition", "petition": "p", "person": "nobody"}, "unknown")


def test_one_signature_per_elector(gov: Governance) -> None:
    _seated(gov)
    gov.handle(RECALL)
    sign(gov, "rep-1")
    must_refuse(gov, {"cmd": "sign_petition", "petition": "p", "person": "rep-1"}, "one signature")
    assert gov.state.petitions["p"].signatures == ["rep-1"]


def test_r8_one_petition_to_recall_a_delegate_at_a_time(gov: Governance) -> None:
    _seated(gov)
    gov.handle(RECALL)
    message = must_refuse(gov, {**RECALL, "petition": "p2"}, "R8")
    assert "already collecting signatures (p)" in message


def test_r8_a_recall_petition_needs_a_seat_this_constituency_filled(gov: Governance) -> None:
    w = _seated(gov)
    w.council("rep", "village", kind="village")
    w.person("villager", "rep/village")
    must_refuse(gov, {**RECALL, "body": "rep/village"}, "R8")
    must_refuse(gov, {**RECALL, "delegate": "rep-1"}, "R8")
    must_refuse(gov, {**RECALL, "body": "rep/nowhere"}, "unknown")


def test_a_petition_signed_by_a_republic_is_refused_for_a_recall(gov: Governance) -> None:
    _seated(gov)
    gov.handle(RECALL)
    with pytest.raises(InvalidCommand, match="signed by an elector"):
        gov.handle({"cmd": "sign_petition", "petition": "p", "republic": "rep"})


def test_a_popular_initiative_puts_a_law_to_the_congress(gov: Governance) -> None:
    w = _seated(gov, electors=12)
    w.council("rep", "village", kind="village")
    for i in range(8):
        w.person(f"v-{i}", "rep/village", social_class="peasant")
    gov.handle({"cmd": "start_petition", "petition": "bread", "kind": "initiative", "body": "rep/congress",
                "text": "A law on bread", "competence": "food", "question": "bread-law"})
    p = gov.state.petitions["bread"]
    assert (len(p.signers), p.needed) == (20, 2)  # every elector of the republic, 1/10
    sign(gov, "v-0", "bread")
    assert sign(gov, "rep-3", "bread")[-1] == "QuestionOpened"
    q = gov.state.questions["bread-law"]
    assert (q.kind, q.body, q.detail("competence"), q.detail("petition")) == (
        "law", "rep/congress", "food", "bread")


def test_an_initiative_is_put_by_a_republics_electors_not_to_an_assembly(gov: Governance) -> None:
    _seated(gov)
    gov.handle({"cmd": "convene_assembly", "assembly": "rep/assembly", "republic": "rep"})
    must_refuse(gov, {"cmd": "start_petition", "petition": "i", "kind": "initiative",
                      "body": "rep/assembly", "text": "t"}, "constitution petitions.initiative")


def test_ussr_1924_art_11_two_union_republics_call_an_extraordinary_congress(gov: Governance) -> None:
    w = World(gov).union().member("a").member("b").member("c")
    w.republic("outside")
    gov.handle({"cmd": "start_petition", "petition": "x", "kind": "congress", "union": "union",
                "text": "An extraordinary congress on the budget"})
    p = gov.state.petitions["x"]
    assert (sorted(p.signers), p.needed) == (["a", "b", "c"], 2)
    must_refuse(gov, {"cmd": "sign_petition", "petition": "x", "republic": "outside"},
                "constitution petitions.congress")
    with pytest.raises(InvalidCommand, match="member 'republic'"):
        gov.handle({"cmd": "sign_petition", "petition": "x", "person": "a-0"})
    gov.handle({"cmd": "sign_petition", "petition": "x", "republic": "a"})
    applied = gov.handle({"cmd": "sign_petition", "petition": "x", "republic": "c"})
    assert [r.event.type for r in applied.events] == ["PetitionSigned", "PetitionSucceeded"]
    assert applied.events[-1].event.data["opens"] == "union/congress"
    assert gov.state.petitions["x"].status == "succeeded"


def test_petitions_replay_to_the_same_state(gov: Governance) -> None:
    _seated(gov)
    gov.handle(RECALL)
    sign(gov, "rep-1")
    sign(gov, "rep-2")
    fresh = Governance(gov.ledger, clock=gov.clock)
    assert fresh.state.petitions == gov.state.petitions
    assert fresh.snapshot() == gov.snapshot()


@pytest.mark.parametrize(("table", "message"), [
    ('[petitions.recall]\nshare = "0"', "must be above 0"),
    ('[petitions.recall]\nrepublics = 2', "only a petition to call a congress"),
    ('[petitions.referendum]\nshare = "1/2"', "unknown key"),
    ('[petitions.recall]\nshare = "3/2"', "between 0 and 1"),
])
def test_a_constitution_declares_sensible_petitions(table: str, message: str) -> None:
    text = preset_text("rsfsr-1918").split("# Petitions")[0] + table
    with pytest.raises(ConstitutionError, match=message):
        load_constitution(parse_toml(text, "t"), "t")


def test_a_proposal_with_enough_supporters_goes_on_the_councils_agenda(gov: Governance) -> None:
    _seated(gov, electors=30)  # rsfsr-1918 preset: 1/20 of 30 electors, rounded up: 2
    gov.handle({"cmd": "start_petition", "petition": "tram", "kind": "proposal", "body": "rep/town",
                "text": "A tram to the works", "person": "rep-5"})
    assert gov.state.petitions["tram"].needed == 2
    sign(gov, "rep-5", "tram")
    assert "tram" not in gov.state.questions
    sign(gov, "rep-6", "tram")
    q = gov.state.questions["tram"]
    assert (q.kind, q.body, q.text, q.status, q.detail("petition")) == (
        "motion", "rep/town", "A tram to the works", "open", "tram")
    must_refuse(gov, {"cmd": "start_petition", "petition": "c", "kind": "proposal",
                      "body": "rep/congress", "text": "t"}, "constitution petitions.proposal")
