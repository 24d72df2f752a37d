"""The congress pyramid as a tree (issue 12 item 1): every level a republic's constitution declares,
the seats each route gets by its article, and who sent whom, by name; `councils state` carries it."""

from __future__ import annotations

from typing import Any

from councils.application.governance import Governance
from councils.application.pyramid_view import pyramid_of, pyramids_snapshot
from tests.builders import World


def _route(node: dict[str, Any], sender: str) -> dict[str, Any]:
    return next(r for r in node["senders"] if r["id"] == sender)


def _elected_pyramid(gov: Governance) -> World:
    """selo -> uyezd -> gubernia -> the congress; Vitebsk (a town in the gubernia) by both routes."""
    w = World(gov).republic("r")
    w.council("r", "gubernia", kind="province")
    w.council("r", "uyezd", kind="district", within="r/gubernia")
    w.council("r", "selo", kind="village", within="r/uyezd")
    w.council("r", "vitebsk", kind="town", within="r/gubernia")
    w.person("s-0", "r/selo")
    w.person("s-1", "r/selo")
    w.person("v-0", "r/vitebsk")
    w.person("v-1", "r/vitebsk")
    w.elect("selo-to-uyezd", "r/selo", "r/uyezd", "s-0", ["s-0", "s-1"])
    w.elect("uyezd-to-gubernia", "r/uyezd", "r/gubernia", "s-0", ["s-0"])
    w.elect("vitebsk-to-gubernia", "r/vitebsk", "r/gubernia", "v-0", ["v-0", "v-1"])
    w.elect("gubernia-to-congress", "r/gubernia", "r/congress", "v-0", ["s-0", "v-0"])
    w.elect("vitebsk-to-congress", "r/vitebsk", "r/congress", "v-1", ["v-0", "v-1"])
    return w


def test_the_pyramid_shows_each_level_and_who_sent_whom_by_name(gov: Governance) -> None:
    _elected_pyramid(gov)
    tree = pyramid_of(gov.state, "r", 2026)
    congress = tree["congress"]
    assert congress["id"] == "r/congress" and congress["seats"] == 2  # the gubernia's and Vitebsk's
    gubernia = _route(congress, "r/gubernia")
    assert [d["person"] for d in gubernia["delegates"]] == ["v-0"]
    uyezd = _route(gubernia["below"], "r/uyezd")
    assert [d["person"] for d in uyezd["delegates"]] == ["s-0"]
    selo = _route(uyezd["below"], "r/selo")
    assert [d["elected_by"] for d in selo["delegates"]] == ["selo-to-uyezd"] and selo["below"] is None


def test_a_town_in_a_gubernia_appears_under_both_routes_art_25_allows(gov: Governance) -> None:
    _elected_pyramid(gov)
    congress = pyramid_of(gov.state, "r", 2026)["congress"]
    straight = _route(congress, "r/vitebsk")
    through = _route(_route(congress, "r/gubernia")["below"], "r/vitebsk")
    assert [d["person"] for d in straight["delegates"]] == ["v-1"]
    assert [d["person"] for d in through["delegates"]] == ["v-0"]
    assert straight["apportioned"]["article"] == "Art. 25 [V]"
    assert through["apportioned"]["article"] == "Art. 53(b) [V]"


def test_each_route_cites_the_article_its_ratio_comes_from_and_whether_it_is_verified(gov: Governance) -> None:
    _elected_pyramid(gov)
    congress = pyramid_of(gov.state, "r", 2026)["congress"]
    selo = _route(_route(_route(congress, "r/gubernia")["below"], "r/uyezd")["below"], "r/selo")
    assert selo["apportioned"]["article"].startswith("Art. 53(c) [S]")
    assert selo["apportioned"]["verified"] is False
    assert "1 per 1,000 inhabitants" in selo["apportioned"]["explain"]


def test_a_village_does_not_appear_as_sending_straight_to_the_congress(gov: Governance) -> None:
    _elected_pyramid(gov)
    congress = pyramid_of(gov.state, "r", 2026)["congress"]
    assert "r/selo" not in [r["id"] for r in congress["senders"]]  # it goes through its uyezd (R7)


def test_state_carries_the_pyramid_of_every_republic_with_seats(gov: Governance) -> None:
    _elected_pyramid(gov)
    World(gov).republic("empty")
    snapshot = pyramids_snapshot(gov.state)
    assert "r" in snapshot and "empty" not in snapshot
    assert "apportioned" not in _route(snapshot["r"]["congress"], "r/gubernia")  # cheap: no register counts
    assert gov.snapshot()["pyramids"]["r"]["congress"]["seats"] == 2
