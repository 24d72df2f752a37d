"""A clerk gives a council's outline as GeoJSON in Chromium (issue 12 item 4, issue 16 item 6): a
self-crossing outline is refused in words beside the form, what was typed kept, the page accessible
and within a phone's width; the same council's outline sent as a file is recorded and drawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible, sign_in

pytestmark = pytest.mark.browser

BOW_TIE = {"type": "Polygon", "coordinates": [[[37.0, 55.0], [38.0, 56.0], [38.0, 55.0], [37.0, 56.0],
                                               [37.0, 55.0]]]}
SQUARE = {"type": "Feature", "properties": {},
          "geometry": {"type": "Polygon", "coordinates": [[[37.3, 55.5], [37.9, 55.5], [37.9, 56.0],
                                                           [37.3, 56.0], [37.3, 55.5]]]}}


def test_a_clerk_is_told_what_is_wrong_with_an_outline_then_sends_a_file_that_is_drawn(
        browser: Browser, base_url: str, screenshots: Path) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 900})
    page = context.new_page()
    sign_in(page, "clerk@rsfsr")
    page.goto("/polities/rsfsr/territory")
    page.get_by_label("Held by").select_option("rsfsr/moscow")
    outline = page.get_by_label("Its outline as GeoJSON", exact=False)
    outline.fill(json.dumps(BOW_TIE))
    page.get_by_role("button", name="Record the territory").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("is not a valid shape (Self-intersection")
    expect(alert).to_contain_text("must not cross itself")
    expect(page.get_by_label("Its outline as GeoJSON", exact=False)).to_have_value(json.dumps(BOW_TIE))
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 375, f"the refused territory form scrolls sideways at 375 px ({scroll} px wide)"
    page.screenshot(path=str(screenshots / "territory-outline-refused-phone.png"), full_page=True)

    page.get_by_label("Held by").select_option("rsfsr/moscow")
    page.get_by_label("Its outline as GeoJSON", exact=False).fill("")
    page.get_by_label("or a GeoJSON file").set_input_files(
        {"name": "moscow.geojson", "mimeType": "application/geo+json", "buffer": json.dumps(SQUARE).encode()})
    page.get_by_role("button", name="Record the territory").click()
    expect(page.get_by_role("status").filter(has_text="The territory is recorded.")).to_be_visible()
    region = page.locator('figure.territory-map a.region[data-holder="rsfsr/moscow"]')
    expect(region).to_have_count(1)
    box = region.locator("path").bounding_box()
    assert box is not None and box["width"] > 2 and box["height"] > 2  # drawn, of some size
    assert_accessible(page)
    context.close()
