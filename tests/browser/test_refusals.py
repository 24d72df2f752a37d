"""Refusals in the browser: the rule named and explained, for the excluded and the observer."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def open_motion(page: Page, text: str) -> str:
    sign_in(page, "clerk@ukraine")
    page.goto("/bodies/ukraine/kharkiv")
    page.get_by_role("link", name="Open a question in Kharkiv").click()
    page.get_by_role("button", name="Show the form for this kind").click()  # motion is first
    page.get_by_label("Text of the question").fill(text)
    page.get_by_role("button", name="Open the question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    url = page.url
    sign_out(page)
    return url


def test_an_excluded_class_is_told_why_it_has_no_ballot_with_the_rule_named(
        page: Page, screenshots: Path) -> None:
    question = open_motion(page, "Pave the road to the tractor works")
    sign_in(page, "ukraine-nepman")
    page.goto(question)
    # No form to fill in and be refused after: the page says why, before anything is sent.
    expect(page.get_by_role("button", name="Cast my ballot")).to_have_count(0)
    notice = page.locator("#not-on-roll")
    expect(notice).to_contain_text("Not on the roll: R1 franchise")
    expect(notice).to_contain_text("Only people of a class the constitution enfranchises")
    expect(notice).to_contain_text("trader")
    expect(notice).to_contain_text("What to do next")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "refusal-r1.png"), full_page=True)
    expect(page.locator("#participation")).to_contain_text("0 of ")


def test_an_observer_cannot_open_a_question(page: Page) -> None:
    sign_in(page, "observer@ukraine")
    page.goto("/bodies/ukraine/kharkiv")
    expect(page.get_by_role("link", name="Open a question in Kharkiv")).to_have_count(0)
    response = page.goto("/questions/new?body=ukraine/kharkiv")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("alert")).to_contain_text("observers read")
    assert_accessible(page)
    response = page.goto("/clerk/ukraine")
    assert response is not None and response.status == 403
    page.goto("/republics/ukraine/people")  # but the register is theirs to read
    expect(page.locator("#register")).to_contain_text("ukraine-olena")


def test_a_union_officer_cannot_open_a_question_in_a_members_congress(page: Page) -> None:
    sign_in(page, "clerk@union")
    response = page.goto("/questions/new?body=ukraine/congress")
    assert response is not None and response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("R6 no rule over another people")


def test_a_clerk_amends_the_constitution_from_the_form_and_a_bad_line_is_named(
        page: Page, screenshots: Path) -> None:
    sign_in(page, "clerk@ukraine")
    page.goto("/questions/new?body=ukraine/congress")
    page.get_by_label("Kind of question").select_option("amendment")
    page.get_by_role("button", name="Show the form for this kind").click()
    page.get_by_label("Text of the question").fill("Lower the voting age (browser)")
    page.get_by_label("Changes to the constitution, one per line").fill(
        "franchise.min_age = 16\nfranchise.excluded = [rentier]")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "amendment-form.png"), full_page=True)
    page.get_by_role("button", name="Open the question").click()
    expect(page.get_by_role("alert")).to_contain_text("line 2")
    expect(page.get_by_label("Changes to the constitution, one per line")).to_have_value(
        "franchise.min_age = 16\nfranchise.excluded = [rentier]")
    page.get_by_label("Changes to the constitution, one per line").fill(
        'franchise.min_age = 16\nfranchise.excluded = ["rentier"]')
    page.get_by_role("button", name="Open the question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lower the voting age (browser)")
    sign_out(page)
