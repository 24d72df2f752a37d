"""Treaty obligations are competences delegated (issue 12 item 5): a party's body decides within
such a competence on another party only while the treaty binds both (ratified by each one's own
congress, R5; not yet freed by a renunciation that took effect, R3); otherwise R6 refuses it, and a
decision reached after the renunciation took effect no longer binds."""

from __future__ import annotations

from datetime import timedelta

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import FixedClock, must_refuse


def _trade_treaty(gov: Governance, ratified_by: tuple[str, ...] = ("a", "b")) -> World:
    w = World(gov).republic("a").republic("b")
    w.elect("a-seat", "a/town", "a/congress", "a-0", ["a-0"])
    w.elect("b-seat", "b/town", "b/congress", "b-0", ["b-0"])
    gov.handle({"cmd": "propose_treaty", "treaty": "trade", "text": "A common foreign trade", "parties": ["a", "b"],
                "obligations": ["foreign_trade"], "notice_days": 30})
    for party in ratified_by:
        w.decide(f"{party}-ratifies", f"{party}/congress", "motion", [f"{party}-0"])
        gov.handle({"cmd": "ratify_treaty", "treaty": "trade", "party": party, "question": f"{party}-ratifies"})
    return w


def _on_b(question: str, competence: str = "foreign_trade") -> dict[str, object]:
    return {"cmd": "open_question", "question": question, "body": "a/congress", "kind": "law",
            "text": "Tariffs at b's ports", "competence": competence, "target": "b"}


def test_r6_a_party_decides_on_another_within_a_competence_the_treaty_delegates(gov: Governance) -> None:
    w = _trade_treaty(gov)
    gov.handle(_on_b("tariffs"))
    w.vote("tariffs", ["a-0"], choice="yes")
    w.do("close_question", question="tariffs")
    q = gov.state.questions["tariffs"]
    assert q.detail("treaty") == "trade" and q.binding


def test_r6_a_competence_the_treaty_does_not_delegate_stays_with_the_other_party(gov: Governance) -> None:
    _trade_treaty(gov)
    message = must_refuse(gov, _on_b("schools", competence="education"), "R6")
    assert "cannot decide anything binding on b" in message


def test_r5_the_treaty_binds_a_party_only_after_its_own_congress_ratified_it(gov: Governance) -> None:
    _trade_treaty(gov, ratified_by=("a",))
    message = must_refuse(gov, _on_b("tariffs"), "R6")
    assert "b's congress has not ratified trade" in message


def test_r3_a_renunciation_that_took_effect_frees_the_party(gov: Governance, clock: FixedClock) -> None:
    w = _trade_treaty(gov)
    w.decide("b-renounces", "b/congress", "motion", ["b-0"])
    gov.handle({"cmd": "renounce_treaty", "treaty": "trade", "party": "b", "question": "b-renounces"})
    gov.handle(_on_b("before-notice-ends"))  # still bound for the 30 days of notice the terms give
    clock.now += timedelta(days=31)
    message = must_refuse(gov, _on_b("after-notice"), "R6")
    assert "b renounced trade, free from" in message


def test_a_decision_reached_after_the_renunciation_took_effect_is_advisory(gov: Governance,
                                                                             clock: FixedClock) -> None:
    w = _trade_treaty(gov)
    gov.handle(_on_b("tariffs"))
    w.vote("tariffs", ["a-0"], choice="yes")
    w.decide("b-renounces", "b/congress", "motion", ["b-0"])
    gov.handle({"cmd": "renounce_treaty", "treaty": "trade", "party": "b", "question": "b-renounces"})
    clock.now += timedelta(days=31)
    w.do("close_question", question="tariffs")
    q = gov.state.questions["tariffs"]
    assert not q.binding and "b renounced trade" in (q.advisory or "")


def test_r6_a_treaty_that_would_take_territory_or_the_right_to_leave_is_refused(gov: Governance) -> None:
    _trade_treaty(gov)
    for obligation, rule in (("territory", "R6"), ("secession", "R3"), ("membership", "R3")):
        must_refuse(gov, {"cmd": "propose_treaty", "treaty": f"unequal-{obligation}", "text": "x",
                          "parties": ["a", "b"], "obligations": [obligation]}, rule)


def test_r6_a_union_decides_on_a_member_in_a_competence_only_that_members_treaty_delegates(
        gov: Governance) -> None:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    gov.handle({"cmd": "propose_treaty", "treaty": "fish", "text": "The union regulates a's fisheries",
                "parties": ["union", "a"], "obligations": ["fisheries"]})
    law = {"cmd": "open_question", "body": "union/congress", "kind": "law", "text": "Fishing seasons",
           "competence": "fisheries"}
    must_refuse(gov, {**law, "question": "on-a", "target": "a"}, "R6")  # not yet ratified by a
    w.decide("union-ratifies", "union/congress", "motion", ["a-0", "b-0"], competence="treaties")  # Art. 1(a)
    w.decide("a-ratifies", "a/congress", "motion", ["a-0"])
    for party in ("union", "a"):
        gov.handle({"cmd": "ratify_treaty", "treaty": "fish", "party": party, "question": f"{party}-ratifies"})
    w.decide("on-a", "union/congress", "law", ["a-0", "b-0"], target="a", competence="fisheries")
    assert gov.state.questions["on-a"].binding
    must_refuse(gov, {**law, "question": "on-b", "target": "b"}, "R6")  # b delegated nothing
