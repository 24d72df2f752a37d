"""A republic's congress votes to secede, and the union page no longer lists it (R3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_congress_votes_to_secede_and_the_union_no_longer_lists_it(page: Page,
                                                                      screenshots: Path) -> None:
    page.goto("/unions/union")
    expect(page.locator("#member-list")).to_contain_text("Byelorussian Council Republic")
    sign_in(page, "clerk@byelorussia")
    page.goto("/republics/byelorussia")
    page.get_by_role("link", name="How Byelorussian Council Republic may leave its union").click()
    expect(page.locator(".rule")).to_contain_text("R3 right of separation")
    expect(page.locator(".rule")).to_contain_text("takes effect at once")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "secession.png"), full_page=True)
    page.get_by_role("button", name="Put the secession to the congress").click()
    question = page.url
    expect(page.locator("main")).to_contain_text("Secession in Congress of Councils")
    sign_out(page)

    sign_in(page, "byelorussia-ales")  # the congress's one seated delegate
    page.goto(question)
    page.get_by_label("yes").check()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot is cast")
    expect(page.locator("main")).to_contain_text("open ballot")
    sign_out(page)

    sign_in(page, "clerk@byelorussia")
    page.goto(question)
    page.get_by_role("button", name="Close and count").click()
    expect(page.locator("#close-turnout")).to_be_visible()  # a confirmation with the turnout first
    page.get_by_role("button", name="Yes, close and count").click()
    expect(page.locator("#outcome")).to_have_text("Decided: leaves the union")  # not a bare "yes"
    expect(page.locator("#binding")).to_contain_text("Binding")

    page.goto("/unions/union")
    expect(page.locator("#member-list")).not_to_contain_text("Byelorussian")
    expect(page.locator("#former-list")).to_contain_text("Byelorussian Council Republic")
    expect(page.locator(".timeline li").last).to_contain_text("Byelorussian Council Republic left")
    page.goto("/republics/byelorussia")
    expect(page.locator("main")).to_contain_text("An independent republic")
