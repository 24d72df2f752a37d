"""The territory map in Chromium (issue 16 item 6): on the union's and a republic's page, an outline
per council and republic with territory, each drawn (a visible shape inside the picture), named
for a screen reader and a link; accessible (axe-core), within a phone's width, nothing fetched
from another site."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

UNION = {"Ukrainian Council Republic", "Byelorussian Council Republic", "Armenian Council Republic",
         "Moldavian Autonomous Council Republic", "Kharkiv", "Poltava", "Balta", "Minsk", "Erivan"}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_union_map_draws_and_names_an_outline_per_holder_of_territory(
        browser: Browser, base_url: str, screenshots: Path, width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/unions/union")
    figure = page.locator("figure.territory-map")
    expect(figure).to_be_visible()
    picture = figure.locator("svg").bounding_box()
    assert picture is not None and picture["width"] <= width
    regions = figure.locator("a.region")
    names = {str(label).split(":")[0] for label in regions.evaluate_all(
        "links => links.map(a => a.getAttribute('aria-label'))")}
    assert names == UNION
    for i in range(regions.count()):  # every outline is drawn: a shape of some size, inside the picture
        box = regions.nth(i).locator("path").bounding_box()
        assert box is not None and box["width"] > 2 and box["height"] > 2
        assert picture["x"] - 1 <= box["x"] and box["x"] + box["width"] <= picture["x"] + picture["width"] + 1
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the union page scrolls sideways at {width} px ({scroll} px wide)"
    outside = [u for u in requested if not u.startswith(base_url)]
    assert not outside, f"the map asked another site: {outside}"
    figure.screenshot(path=str(screenshots / f"map-{'desktop' if width > 600 else 'phone'}.png"))
    # Each outline is a link: Kharkiv's leads to its council.
    page.get_by_role("link", name="Kharkiv: Kharkiv and its district").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kharkiv")
    context.close()


def test_a_republics_map_in_russian_names_its_councils(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 740}, locale="ru",
                                  extra_http_headers={"Accept-Language": "ru"})
    page = context.new_page()
    page.goto("/republics/ukraine")
    expect(page.get_by_role("heading", name="Карта")).to_be_visible()
    expect(page.locator("figure.territory-map a.region")).to_have_count(3)  # Ukraine, Kharkiv, Poltava
    expect(page.locator("figure.territory-map text.region-label")).to_have_text(["Kharkiv", "Poltava"])
    assert_accessible(page)
    context.close()
