"""The nations page in a real browser (issue 12): accessible (axe-core), no sideways scrolling on a
phone, and it shows the autonomous units, the chamber of the nations and the treaties by name."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

PAGES = (("/polities/rsfsr/nations", "Tatar ASSR"), ("/polities/ussr/nations", "26 seats"),
         ("/polities/ukraine/nations", "Moldavian Autonomous Council Republic"))


@pytest.mark.parametrize("width", [1280, 375])
def test_the_nations_pages_are_accessible_and_fit_the_screen(browser: Browser, base_url: str,
                                                              width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    for url, text in PAGES:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Nations of")
        expect(page.locator("main")).to_contain_text(text)
        assert_accessible(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{url} scrolls sideways at {width} px ({scroll} px wide)"
    context.close()


def test_a_treaty_links_each_partys_ratification(browser: Browser, base_url: str) -> None:
    page = browser.new_page(base_url=base_url)
    page.goto("/polities/rsfsr/nations")
    page.get_by_role("link", name="Ratify the treaty of union with the Ukrainian SSR").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ratify the treaty of union")
    page.close()
