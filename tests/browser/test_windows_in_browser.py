"""Voting windows and a Condorcet count in a real browser (issue 15 items 1 and 6): a clerk opens
a motion with a window from the form, "Close and count" shows the turnout first and the
constitution's refusal after; the demo's Schulze election draws its pairwise matrix. Each page
passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_window_is_opened_from_the_form_and_not_closed_early(browser: Browser, base_url: str) -> None:
    page = browser.new_page(base_url=base_url)
    sign_in(page, "clerk@weavers")
    page.goto("/questions/new?body=weavers/mill&kind=motion")
    page.get_by_label("Text of the question").fill("Paint the mill, in a browser")
    page.get_by_label("Question id (optional)").fill("weavers-paint")
    page.get_by_label("Voting lasts (e.g. 48h or 7d)").fill("48h")
    assert_accessible(page)
    page.get_by_role("button", name="Open the question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paint the mill, in a browser")
    expect(page.locator("#window")).to_contain_text("closes")
    page.get_by_role("button", name="Close and count").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close and count?")
    expect(page.locator("#close-turnout")).to_contain_text("0 of 6 on the roll have voted")
    expect(page.locator("#close-window")).to_contain_text("lets no one close a question of this kind")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, close and count").click()
    expect(page.locator("main")).to_contain_text("close_early")
    page.close()


def test_the_pairwise_matrix_is_drawn_and_tabled(browser: Browser, base_url: str) -> None:
    page = browser.new_page(base_url=base_url)
    page.goto("/questions/weavers-delegate")
    chart = page.locator("#pairwise-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.pair.wins")).to_have_count(3)  # Bea over Ada and Cy, Cy over Ada
    expect(page.locator("#condorcet-winner")).to_contain_text("Bea beats every other candidate")
    expect(page.locator("#pairwise-table")).to_contain_text("Bea")
    expect(page.locator("#pairwise-order")).to_contain_text("Bea > Cy > Ada")
    assert_accessible(page)
    page.close()
