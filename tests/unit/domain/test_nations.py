"""Nations inside republics (issue 12 items 2, 4, 5): autonomous units with their own congress,
the Soviet of Nationalities' Art. 15 composition, languages, territory and treaties."""

from __future__ import annotations

from typing import Any

import pytest

from councils.application.governance import Governance
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import must_refuse


def _tatarstan(gov: Governance) -> World:
    """RSFSR-like republic `r` with the Tatar autonomous republic, a town of its own and two electors."""
    w = World(gov).republic("r")
    w.do("found_autonomy", autonomy="tatar", republic="r", kind="autonomous_republic",
         nationalities=["tatar", "chuvash"], name="Tatar ASSR", languages=["tt", "ru"])
    w.council("r", "kazan", within="r/tatar")
    for person in ("kazan-0", "kazan-1"):
        w.person(person, "r/kazan")
    return w


def test_an_autonomous_republic_is_a_body_within_its_republic_with_its_own_congress(gov: Governance) -> None:
    _tatarstan(gov)
    state = gov.state
    unit = state.nations.autonomies["r/tatar"]
    assert (unit.kind, unit.nationalities, unit.congress) == ("autonomous_republic", ("tatar", "chuvash"),
                                                              "r/tatar-congress")
    assert state.bodies["r/tatar"].council_kind == "autonomous_republic"
    assert state.bodies["r/tatar-congress"].kind == "congress"
    assert state.nations.languages["r/tatar"] == ("tt", "ru")
    assert [p.id for p in state.residents_of("r/tatar")] == ["kazan-0", "kazan-1"]


def test_the_councils_of_a_unit_send_to_its_congress_and_its_congress_to_the_republics(gov: Governance) -> None:
    w = _tatarstan(gov)
    w.elect("kazan-seat", "r/kazan", "r/tatar-congress", "kazan-0", ["kazan-0", "kazan-1"])
    w.elect("tatar-seat", "r/tatar-congress", "r/congress", "kazan-0", ["kazan-0"])
    assert [s.constituency for s in gov.state.bodies["r/congress"].seats] == ["r/tatar-congress"]


def test_r7_a_council_outside_the_unit_does_not_send_to_its_congress(gov: Governance) -> None:
    _tatarstan(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/town", "kind": "election",
                      "text": "x", "to": "r/tatar-congress", "options": ["r-0"]}, "R7")


def test_r4_a_units_congress_cannot_decide_its_republics_membership_or_constitution(gov: Governance) -> None:
    w = _tatarstan(gov).union()
    w.elect("kazan-seat", "r/kazan", "r/tatar-congress", "kazan-0", ["kazan-0", "kazan-1"])
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/tatar-congress",
                                "kind": "accession", "union": "union", "text": "r joins"}, "R4")
    assert "decided by r's own congress" in message
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/tatar-congress", "kind": "amendment",
                      "amend": {"franchise.min_age": 16}, "text": "r votes at 16"}, "R6")


def test_the_soviet_of_nationalities_has_5_per_union_and_autonomous_republic_and_1_per_region(
        gov: Governance) -> None:
    w = World(gov).union().member("r")
    w.do("found_autonomy", autonomy="tatar", republic="r", kind="autonomous_republic", nationalities=["tatar"])
    w.do("found_autonomy", autonomy="chuvash", republic="r", kind="autonomous_region", nationalities=["chuvash"])
    w.do("found_autonomy", autonomy="mari", republic="r", kind="autonomous_region", nationalities=["mari"])
    w.do("open_question", question="nat", body="r/congress", kind="election", text="to the nationalities",
         to="union/nationalities", options=["r-0"])
    assert gov.state.questions["nat"].detail("seats") == 5 + 5 + 1 + 1  # USSR 1924 Art. 15


def test_a_question_carries_its_text_in_each_language_of_its_body(gov: Governance) -> None:
    _tatarstan(gov)
    gov.handle({"cmd": "open_question", "question": "q", "body": "r/kazan", "kind": "motion",
                "text": "A school in Tatar", "texts": {"ru": "Школа на татарском", "tt": "Татарча мәктәп"}})
    assert gov.state.questions["q"].detail("texts") == {"tt": "Татарча мәктәп", "ru": "Школа на татарском"}


def test_a_text_in_a_language_the_body_has_not_declared_is_refused(gov: Governance) -> None:
    _tatarstan(gov)
    with pytest.raises(InvalidCommand, match="'de' is not a language of r/tatar"):
        gov.handle({"cmd": "open_question", "question": "q", "body": "r/kazan", "kind": "motion",
                    "text": "x", "texts": {"de": "Schule"}})
    with pytest.raises(InvalidCommand, match="r has declared no languages"):
        gov.handle({"cmd": "open_question", "question": "q", "body": "r/town", "kind": "motion",
                    "text": "x", "texts": {"ru": "школа"}})
    gov.handle({"cmd": "declare_languages", "holder": "r", "languages": ["ru"]})
    gov.handle({"cmd": "open_question", "question": "q", "body": "r/town", "kind": "motion",
                "text": "x", "texts": {"ru": "школа"}})
    assert gov.state.questions["q"].detail("texts") == {"ru": "школа"}


SQUARE: dict[str, Any] = {"type": "Polygon", "coordinates": [[[49, 55], [50, 55], [50, 56], [49, 55]]]}


def test_a_council_holds_territory_as_a_named_area_or_geojson(gov: Governance) -> None:
    _tatarstan(gov)
    gov.handle({"cmd": "declare_territory", "holder": "r/kazan", "area": "Kazan uyezd", "geojson": SQUARE})
    assert gov.state.nations.territory["r/kazan"] == {"area": "Kazan uyezd", "geojson": SQUARE}
    with pytest.raises(InvalidCommand, match="GeoJSON"):
        gov.handle({"cmd": "declare_territory", "holder": "r/kazan", "geojson": {"type": "Circle"}})


def _two_members(gov: Governance) -> World:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    w.council("a", "narva")
    w.person("narva-0", "a/narva")
    w.elect("narva-seat", "a/narva", "a/congress", "narva-0", ["narva-0"])
    return w


def test_r6_a_union_decision_cannot_move_a_council_without_each_republics_consent(gov: Governance) -> None:
    w = _two_members(gov)
    w.decide("frontier", "union/congress", "law", ["a-0", "b-0"], competence="frontiers")
    message = must_refuse(gov, {"cmd": "transfer_council", "council": "a/narva", "to": "b",
                                "consents": [], "decision": "frontier"}, "R6")
    assert "needs the consent of its own congress (a/congress)" in message
    w.decide("b-agrees", "b/congress", "motion", ["b-0"])
    must_refuse(gov, {"cmd": "transfer_council", "council": "a/narva", "to": "b",
                      "consents": ["b-agrees"], "decision": "frontier"}, "R6")  # a has not agreed
    assert gov.state.bodies["a/narva"].polity == "a"


def test_a_council_moves_with_the_consent_of_both_congresses(gov: Governance) -> None:
    w = _two_members(gov)
    w.decide("a-agrees", "a/congress", "motion", ["a-0", "narva-0"])
    w.decide("b-agrees", "b/congress", "motion", ["b-0"])
    gov.handle({"cmd": "transfer_council", "council": "a/narva", "to": "b", "consents": ["a-agrees", "b-agrees"]})
    state = gov.state
    assert state.bodies["a/narva"].polity == "b"
    assert state.persons["narva-0"].republic == "b"
    assert all(s.constituency != "a/narva" for s in state.bodies["a/congress"].seats)  # its seat was a's


def _treaty_world(gov: Governance) -> World:
    w = World(gov).republic("a").republic("b")
    w.elect("a-seat", "a/town", "a/congress", "a-0", ["a-0"])
    w.elect("b-seat", "b/town", "b/congress", "b-0", ["b-0"])
    return w


def test_r3_a_treaty_that_takes_a_partys_right_to_leave_is_refused(gov: Governance) -> None:
    _treaty_world(gov)
    must_refuse(gov, {"cmd": "propose_treaty", "treaty": "t", "text": "x", "parties": ["a", "b"],
                      "obligations": ["secession"]}, "R3")
    must_refuse(gov, {"cmd": "propose_treaty", "treaty": "t", "text": "x", "parties": ["a", "b"],
                      "obligations": ["territory"]}, "R6")


def test_r5_a_treaty_binds_a_party_only_once_its_own_congress_ratifies(gov: Governance) -> None:
    w = _treaty_world(gov)
    gov.handle({"cmd": "propose_treaty", "treaty": "t", "text": "Trade", "parties": ["a", "b"],
                "obligations": ["foreign_trade"], "notice_days": 30})
    w.decide("b-says-no", "b/congress", "motion", ["b-0"], "no")
    must_refuse(gov, {"cmd": "ratify_treaty", "treaty": "t", "party": "b", "question": "b-says-no"}, "R5")
    w.decide("a-ratifies", "a/congress", "motion", ["a-0"])
    must_refuse(gov, {"cmd": "ratify_treaty", "treaty": "t", "party": "b", "question": "a-ratifies"}, "R5")
    gov.handle({"cmd": "ratify_treaty", "treaty": "t", "party": "a", "question": "a-ratifies"})
    treaty = gov.state.nations.treaties["t"]
    assert treaty.binds("a", "2026-11-25") and not treaty.binds("b", "2026-11-25")


def test_any_party_may_renounce_a_treaty_and_it_stops_binding_by_its_terms(gov: Governance) -> None:
    w = _treaty_world(gov)
    gov.handle({"cmd": "propose_treaty", "treaty": "t", "text": "Trade", "parties": ["a", "b"],
                "notice_days": 30})
    w.decide("a-ratifies", "a/congress", "motion", ["a-0"])
    gov.handle({"cmd": "ratify_treaty", "treaty": "t", "party": "a", "question": "a-ratifies"})
    w.decide("a-renounces", "a/congress", "motion", ["a-0"])
    gov.handle({"cmd": "renounce_treaty", "treaty": "t", "party": "a", "question": "a-renounces"})
    treaty = gov.state.nations.treaties["t"]
    assert treaty.renounced["a"]["effective_at"] == "2026-12-25T12:00:00+00:00"  # 30 days' notice
    assert treaty.binds("a", "2026-12-01T00:00:00+00:00") and not treaty.binds("a", "2026-12-25T12:00:00+00:00")


def test_a_scattered_nation_has_its_own_council_of_its_electors_wherever_they_live(gov: Governance) -> None:
    w = World(gov).republic("r")  # r/town with r-0..r-2 of nationality n
    w.council("r", "village", kind="village")
    for person, council in (("roma-0", "r/town"), ("roma-1", "r/village")):
        gov.handle({"cmd": "register_person", "person": person, "council": council, "nationality": "roma",
                    "class": "worker", "born": 1990})
    gov.handle({"cmd": "found_autonomy", "autonomy": "roma", "republic": "r", "kind": "national_council",
                "nationalities": ["roma"], "name": "Roma Council"})
    assert "r/roma-congress" not in gov.state.bodies  # no territory, no congress
    w.elect("roma-seat", "r/roma", "r/congress", "roma-1", ["roma-0", "roma-1"])
    assert list(gov.state.questions["roma-seat"].roll) == ["roma-0", "roma-1"]  # from both councils
    assert [s.constituency for s in gov.state.bodies["r/congress"].seats] == ["r/roma"]
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/roma", "kind": "secession",
                      "text": "x"}, "R4")
