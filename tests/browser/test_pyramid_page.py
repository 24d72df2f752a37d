"""The congress pyramid drawn as a tree, in a real browser (issue 12 item 2, issue 16 item 6):
accessible (axe-core), no sideways scrolling on a phone, names not ids, reached from the nations page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_the_pyramid_is_drawn_accessibly_and_fits_a_phone(browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto("/republics/rsfsr/pyramid")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Congress pyramid of")
    tree = page.locator("ul.pyramid")
    expect(tree).to_contain_text("Congress of Soviets of Tatar ASSR")
    kazan = tree.locator("li", has=page.get_by_role("link", name="Kazan", exact=True)).last
    expect(kazan).to_contain_text("sent Galimjan")
    indent = kazan.bounding_box()
    root = tree.locator("> li").first.bounding_box()
    assert indent is not None and root is not None and indent["x"] > root["x"]  # drawn a level down
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the pyramid scrolls sideways at {width} px ({scroll} px wide)"
    context.close()


def test_the_nations_page_links_to_the_pyramid(browser: Browser, base_url: str) -> None:
    page = browser.new_page(base_url=base_url)
    page.goto("/polities/rsfsr/nations")
    page.get_by_role("link", name="Congress pyramid of Russian Socialist Federative Soviet Republic").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Congress pyramid of")
    page.close()


@pytest.mark.parametrize("url", ["/polities/rsfsr/treaties", "/polities/rsfsr/territory"])
def test_the_treaty_and_territory_forms_are_accessible_on_a_phone(browser: Browser, base_url: str, url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 900})
    page = context.new_page()
    sign_in(page, "clerk@rsfsr")  # with the clerk's forms
    page.goto(url)
    expect(page.locator("main form").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("of Russian Socialist Federative Soviet Republic")
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 375, f"{url} scrolls sideways at 375 px ({scroll} px wide)"
    context.close()
