"""The congress pyramid's ratios (issue 12 item 1): a council within a district or a province sends
to that level's congress by the ratio the constitution gives for it (RSFSR 1918 Art. 53), not the
republic congress's (Art. 25)."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _fill(gov: Governance, council: str, count: int, prefix: str) -> None:
    gov.handle_batch({"cmd": "register_person", "person": f"{prefix}-{i}", "council": council,
                      "nationality": "n", "class": "worker", "born": 1990} for i in range(count))


def _pyramid(gov: Governance) -> World:
    w = World(gov).republic("r")
    w.council("r", "gubernia", kind="province")
    w.council("r", "uyezd", kind="district", within="r/gubernia")
    w.council("r", "selo", kind="village", within="r/uyezd")
    w.council("r", "vitebsk", kind="town", within="r/gubernia")
    return w


def test_r7_a_village_of_3000_sends_3_to_its_uyezd_congress_by_art_53c(gov: Governance) -> None:
    _pyramid(gov)
    _fill(gov, "r/selo", 3000, "selo")
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/selo", "kind": "election",
                                "text": "x", "to": "r/uyezd", "options": ["selo-0"], "seats": 4}, "R7")
    assert "at most 3 delegate(s)" in message and "1 per 1,000 inhabitants (3,000)" in message


def test_r7_a_town_of_4000_electors_sends_2_to_its_gubernia_congress_by_art_53b(gov: Governance) -> None:
    _pyramid(gov)
    _fill(gov, "r/vitebsk", 4000, "vitebsk")
    gov.handle({"cmd": "open_question", "question": "q", "body": "r/vitebsk", "kind": "election",
                "text": "x", "to": "r/gubernia", "options": ["vitebsk-0", "vitebsk-1"]})
    assert gov.state.questions["q"].detail("seats") == 2  # Art. 25's 1 per 25,000 would give 1


def test_a_gubernia_congress_votes_by_the_delegates_seated_in_it_not_by_its_residents(gov: Governance) -> None:
    w = _pyramid(gov)
    for person in ("v-0", "v-1", "v-2"):
        w.person(person, "r/vitebsk")
    w.elect("to-gubernia", "r/vitebsk", "r/gubernia", "v-0", ["v-0", "v-1", "v-2"])
    w.do("open_question", question="q", body="r/gubernia", kind="motion", text="a motion of the congress")
    assert list(gov.state.questions["q"].roll) == ["v-0"]  # the delegate, not the three residents


def test_r8_recalled_from_the_town_a_delegate_loses_the_gubernia_seat_and_the_one_it_gave(
        gov: Governance) -> None:
    w = _pyramid(gov)
    for person in ("v-0", "v-1", "v-2"):
        w.person(person, "r/vitebsk")
    w.elect("to-gubernia", "r/vitebsk", "r/gubernia", "v-0", ["v-0", "v-1", "v-2"])
    w.elect("to-congress", "r/gubernia", "r/congress", "v-0", ["v-0"])
    assert [s.constituency for s in gov.state.bodies["r/congress"].seats] == ["r/gubernia"]
    w.decide("recall", "r/vitebsk", "recall", ["v-1", "v-2"], delegate="v-0")
    assert gov.state.bodies["r/gubernia"].seats == [] and gov.state.bodies["r/congress"].seats == []


def test_r7_a_town_within_a_gubernia_sends_by_both_routes_as_art_25_allows(gov: Governance) -> None:
    w = _pyramid(gov)
    for person in ("v-0", "v-1"):
        w.person(person, "r/vitebsk")
    w.elect("to-gubernia", "r/vitebsk", "r/gubernia", "v-0", ["v-0", "v-1"])
    w.elect("to-congress", "r/vitebsk", "r/congress", "v-1", ["v-0", "v-1"])  # straight, 1 per 25,000
    assert [s.constituency for s in gov.state.bodies["r/congress"].seats] == ["r/vitebsk"]
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/selo", "kind": "election",
                      "text": "x", "to": "r/congress", "options": ["v-0"]}, "R7")  # a village goes through its uyezd


def _every_level(gov: Governance, doc: dict[str, object] | None = None) -> World:
    """Region > gubernia > uyezd > volost > villages, the five levels of Art. 53 (a)-(d)."""
    w = World(gov)
    w.do("found_republic", republic="r", name="R", constitution=doc or "rsfsr-1918")
    w.council("r", "oblast", kind="region")
    w.council("r", "gubernia", kind="province", within="r/oblast")
    w.council("r", "uyezd", kind="district", within="r/gubernia")
    w.council("r", "volost", kind="volost", within="r/uyezd")
    for name in ("selo", "derevnya", "khutor"):
        w.council("r", name, kind="village", within="r/volost")
    return w


def test_r7_a_village_soviet_of_25_members_sends_2_to_its_volost_congress_by_art_53d(gov: Governance) -> None:
    _every_level(gov)
    _fill(gov, "r/selo", 25, "selo")
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/selo", "kind": "election",
                                "text": "x", "to": "r/volost", "options": ["selo-0"], "seats": 3}, "R7")
    assert "at most 2 delegate(s)" in message and "1 per 10 members (25)" in message


def test_r7_a_soviet_of_fewer_than_10_members_sends_1_by_art_53d_note_2(gov: Governance) -> None:
    _every_level(gov)
    _fill(gov, "r/khutor", 4, "khutor")
    gov.handle({"cmd": "open_question", "question": "q", "body": "r/khutor", "kind": "election",
                "text": "x", "to": "r/volost", "options": ["khutor-0"]})
    assert gov.state.questions["q"].detail("seats") == 1


def test_r7_each_level_sends_by_its_own_article_up_to_the_region_and_the_congress(gov: Governance) -> None:
    from councils.domain.apportionment import apportion, sends_to

    _every_level(gov)
    state = gov.state
    b = state.bodies
    routes = {(s, t): sends_to(state, b[s], b[t]) for s, t in (
        ("r/volost", "r/uyezd"), ("r/uyezd", "r/gubernia"), ("r/gubernia", "r/oblast"), ("r/oblast", "r/congress"))}
    assert list(routes.values()) == ["district_congress", "province_congress", "region_congress", "republic_congress"]
    share = apportion(state, b["r/gubernia"], b["r/oblast"], 2026)
    assert share is not None and share.rule is not None and share.rule.article.startswith("Art. 53(a) [V]")
    assert sends_to(state, b["r/selo"], b["r/uyezd"]) is None  # a village goes through its volost


def test_r7_a_congress_seats_no_more_than_its_cap_each_share_scaled_down(gov: Governance) -> None:
    """Art. 53(c): at most 300 in an uyezd congress; here a test constitution caps the volost's at 3."""
    from councils.constitution.loader import resolve_document

    doc = resolve_document("rsfsr-1918")
    doc["congress_caps"]["volost_congress"] = 3
    _every_level(gov, doc)
    for village in ("selo", "derevnya", "khutor"):
        _fill(gov, f"r/{village}", 20, village)  # 2 seats each by 1 per 10 members: 6 > 3
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/selo", "kind": "election",
                                "text": "x", "to": "r/volost", "options": ["selo-0", "selo-1"], "seats": 2}, "R7")
    assert "at most 1 delegate(s)" in message and "scaled down as the congress seats at most 3 in all" in message


def test_rsfsr_1918_caps_the_region_gubernia_and_uyezd_congresses_by_art_53() -> None:
    from councils.constitution.loader import load

    assert load("rsfsr-1918").congress_caps == {"region_congress": 500, "province_congress": 300,
                                                "district_congress": 300}


def test_r7_a_town_within_a_gubernia_also_sends_to_its_regional_congress_by_art_53a(gov: Governance) -> None:
    from councils.application.pyramid_view import pyramid_of
    from councils.domain.apportionment import sends_to

    w = _every_level(gov)
    w.council("r", "saratov", kind="town", within="r/gubernia")
    state = gov.state
    b = state.bodies
    assert [sends_to(state, b["r/saratov"], b[t]) for t in ("r/gubernia", "r/oblast", "r/congress")] == [
        "province_congress", "region_congress", "republic_congress"]  # Art. 53(b), 53(a), 25
    assert sends_to(state, b["r/selo"], b["r/oblast"]) is None  # a village only through its volost
    oblast = next(r for r in pyramid_of(state, "r", 2026)["congress"]["senders"] if r["id"] == "r/oblast")
    assert oblast["below"] is None or "r/saratov" in [r["id"] for r in oblast["below"]["senders"]]
    w.person("s-0", "r/saratov")
    w.elect("saratov-to-oblast", "r/saratov", "r/oblast", "s-0", ["s-0"])
    oblast = next(r for r in pyramid_of(gov.state, "r", 2026)["congress"]["senders"] if r["id"] == "r/oblast")
    town = next(r for r in oblast["below"]["senders"] if r["id"] == "r/saratov")
    assert [d["name"] for d in town["delegates"]] == ["s-0"]
    assert town["apportioned"]["article"] == "Art. 53(a) [V]: town soviets, 1 deputy per 5,000 electors"
