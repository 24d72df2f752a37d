"""The main pages: accessible (axe-core), usable with the keyboard, and photographed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "home", "Unions and republics"),
    ("/unions/union", "union", "Union of Council Republics"),
    ("/republics/ukraine", "republic", "Ukrainian Council Republic"),
    ("/bodies/ukraine/kharkiv", "body", "Kharkiv"),
    ("/questions/assembly-separates", "question-overridden", "Ukraine separates from the union"),
    ("/republics/armenia/accession", "accession", "Accession of Armenian Council Republic"),
    ("/signin", "signin", "Sign in"),
]


@pytest.mark.parametrize(("url", "name", "heading"), PAGES, ids=[p[1] for p in PAGES])
def test_main_pages_are_accessible(page: Page, screenshots: Path, url: str, name: str,
                                   heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_the_ledger_shows_its_verification_and_head(page: Page, screenshots: Path) -> None:
    page.goto("/ledger")
    expect(page.locator("#verification")).to_contain_text("Verified")  # loaded by htmx
    assert len(page.locator("#head-hash").inner_text()) == 64
    expect(page.locator("#events tbody tr")).to_have_count(50)
    page.get_by_role("link", name="Later events").click()
    expect(page.get_by_role("heading", level=2, name="Events 51 to")).to_be_visible()
    assert_accessible(page)
    page.goto("/ledger")
    expect(page.locator("#verification")).to_contain_text("Verified")
    page.screenshot(path=str(screenshots / "ledger.png"), full_page=True)


def test_the_keyboard_reaches_the_content_first(page: Page) -> None:
    page.goto("/republics/ukraine")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab goes into the main content"


def test_the_overridden_assembly_decision_says_so(page: Page) -> None:
    page.goto("/questions/assembly-separates")
    binding = page.locator("#binding")
    expect(binding).to_contain_text("Overridden (R2 councils over assemblies)")
    # The overriding decision is named by its title; its id is only the link's tooltip.
    link = binding.get_by_role("link", name="Ukraine separates from the union")
    expect(link).to_have_attribute("href", "/questions/congress-separates")
