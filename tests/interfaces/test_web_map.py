"""The map of a union or republic (issue 16 item 6): drawn on the server as SVG from the
territory its republics and councils declared as GeoJSON, each outline a named link, no tiles."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from councils.interfaces.web import charts, maps
from councils.interfaces.web.render import Names
from tests.interfaces.api_support import FAST

pytest_plugins = ("tests.interfaces.api_fixtures",)

DRAWN = {"ukraine", "byelorussia", "armenia", "moldavia", "ukraine/kharkiv", "ukraine/poltava", "ukraine/balta",
         "byelorussia/minsk", "armenia/erivan"}


@pytest.fixture
def web(demo_gov: Governance) -> TestClient:
    return TestClient(create_app(demo_gov, hasher=FAST, scheduler=False), follow_redirects=False)


def test_the_union_map_draws_an_outline_per_member_and_council_with_territory(demo_gov: Governance) -> None:
    drawn = maps.territory_map(demo_gov.state, "union", Names(demo_gov.state))
    assert drawn is not None
    assert {r.holder for r in drawn.regions} == DRAWN  # Georgia left the union: not on its map
    kharkiv = next(r for r in drawn.regions if r.holder == "ukraine/kharkiv")
    assert (kharkiv.name, kharkiv.href, kharkiv.filled) == ("Kharkiv", "/bodies/ukraine/kharkiv", True)
    assert [r.polity for r in drawn.regions] == sorted(r.polity for r in drawn.regions)[::-1]  # republics under
    # Each path stays inside the picture: projected, not raw longitudes and latitudes.
    for region in drawn.regions:
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", region.path)]
        assert numbers and min(numbers) >= 0 and max(numbers) <= max(drawn.width, drawn.height)
    # North is up: Minsk (53.9 N) is drawn above Erivan (40.2 N).
    label = {r.holder: r.label for r in drawn.regions}
    assert label["byelorussia/minsk"] and label["armenia/erivan"]
    assert label["byelorussia/minsk"][1] < label["armenia/erivan"][1]


def test_a_republic_map_shows_only_its_own_councils(demo_gov: Governance) -> None:
    drawn = maps.territory_map(demo_gov.state, "ukraine", Names(demo_gov.state))
    assert drawn is not None
    assert {r.holder for r in drawn.regions} == {"ukraine", "ukraine/kharkiv", "ukraine/poltava"}
    assert maps.territory_map(demo_gov.state, "georgia", Names(demo_gov.state)) is None  # no outline declared


def test_every_kind_of_geojson_is_read_and_an_unreadable_outline_is_named_not_drawn(
        demo_gov: Governance) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    assert maps.read_outline({"type": "Feature", "geometry": square, "properties": {}}).area == 1
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": square}]}
    assert maps.read_outline(collection).area == 1
    assert maps.svg_path(maps.read_outline({"type": "LineString", "coordinates": [[0, 0], [2, 3]]})) == (
        "M0.0,0.0L2.0,3.0")
    assert maps.svg_path(maps.read_outline({"type": "Point", "coordinates": [10, 10]})).startswith("M6.0,10.0a4")
    demo_gov.state.nations.territory["ukraine/poltava"] = {
        "geojson": {"type": "Polygon", "coordinates": [[["x", "y"]]]}}
    drawn = maps.territory_map(demo_gov.state, "ukraine", Names(demo_gov.state))
    assert drawn is not None and drawn.unread == ("Poltava",)
    assert "ukraine/poltava" not in {r.holder for r in drawn.regions}


def test_the_union_page_shows_the_map_with_named_links_and_no_external_tiles(web: TestClient) -> None:
    page = web.get("/unions/union").text
    figure = page[page.index('<figure class="territory-map"'):page.index("</figure>", page.index("territory-map"))]
    holders = set(re.findall(r'data-holder="([^"]+)"', figure))
    assert holders == DRAWN
    assert 'aria-label="Kharkiv: Kharkiv and its district"' in figure
    assert 'href="/bodies/ukraine/kharkiv"' in figure and "http" not in figure  # nothing fetched from outside
    russian = web.get("/republics/ukraine", headers={"Accept-Language": "ru"}).text
    assert "Карта" in russian and 'data-holder="ukraine/kharkiv"' in russian


@pytest.mark.parametrize("members", range(1, 7))
def test_no_republic_hides_another_on_the_union_graph(members: int) -> None:
    """Georgia (a former member) was drawn on top of Armenia: each former member now stands in a gap."""
    for former in range(4):
        graph = charts.union_graph([{"id": f"m{i}", "name": f"M{i}"} for i in range(members)],
                                   [{"id": f"f{i}", "name": f"F{i}"} for i in range(former)])
        nodes = graph.nodes
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                apart = ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
                assert apart >= 2 * 44, f"{members} members, {former} former: {a.id} over {b.id}"


def test_the_territory_page_draws_the_map_too(web: TestClient) -> None:
    page = web.get("/polities/ukraine/territory").text
    assert {"ukraine/kharkiv", "ukraine/poltava"} <= set(re.findall(r'data-holder="([^"]+)"', page))
