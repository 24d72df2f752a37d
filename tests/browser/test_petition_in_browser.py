"""A petition to recall a delegate, in a real browser (issue 15): started from the council's page,
signed by the electors one after another until the recall opens; the petition and notice pages
pass axe-core and fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_electors_petition_until_the_recall_opens(browser: Browser, base_url: str) -> None:
    page = browser.new_page(base_url=base_url)
    sign_in(page, "ukraine-taras")
    page.goto("/bodies/ukraine/kharkiv")
    page.get_by_role("link", name="Start a petition to recall a delegate of Kharkiv (R8)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Start a petition")
    page.get_by_label("What it says").fill("Recall Oksana, in a browser")
    page.get_by_role("button", name="Start the petition").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recall Oksana, in a browser")
    assert_accessible(page)
    url = page.url
    for login in ("ukraine-taras", "ukraine-mykola", "ukraine-olena"):
        if login != "ukraine-taras":
            sign_out(page)
            sign_in(page, login)
            page.goto(url)
        button = page.get_by_role("button", name="Sign this petition")
        if button.count() == 0:  # its signatures were reached: the recall is open
            break
        button.click()
    expect(page.get_by_role("link", name="The question it opened")).to_be_visible()
    page.get_by_role("link", name="The question it opened").click()
    expect(page.locator("main")).to_contain_text("Recall Oksana, in a browser")
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_petition_and_notice_pages_are_accessible_and_fit_the_screen(
        browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, "ukraine-taras")
    for url in ("/petitions", "/petitions/kharkiv-petition", "/me/notices",
                "/petitions/new?body=ukraine/kharkiv&kind=recall"):
        page.goto(url)
        assert_accessible(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{url} scrolls sideways at {width} px ({scroll} px wide)"
    context.close()
