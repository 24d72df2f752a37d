"""A clerk registers electors and opens an STV election; three electors vote; the count is drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.browser.support import assert_accessible, sign_in

pytestmark = pytest.mark.browser

REGISTER = b"""person,name,nationality,class,born
testland-anna,Anna,testish,worker,1980
testland-boris,Boris,testish,peasant,1985
testland-vera,Vera,testish,worker,1990
testland-anna,Anna again,testish,worker,1980
testland-gleb,Gleb,testish,worker,19x0
"""


def register_electors(page: Page) -> None:
    page.goto("/clerk/testland")
    upload: FilePayload = {"name": "register.csv", "mimeType": "text/csv", "buffer": REGISTER}
    page.get_by_label("CSV file (at most 1 MB)").set_input_files(files=[upload])
    page.get_by_role("button", name="Upload and register").click()
    result = page.locator("#csv-result")
    expect(result).to_contain_text("3 registered, 2 refused")
    expect(result.get_by_role("row").filter(has_text="Anna again")).to_have_count(0)
    expect(result).to_contain_text("already registered")  # row 5: the same person twice
    expect(result).to_contain_text("born must be a year")  # row 6
    # One more, with the single form.
    page.get_by_label("Person id").fill("testland-gleb")
    page.get_by_label("Name", exact=True).fill("Gleb")
    page.get_by_label("Council (constituency)").select_option("testland/town")
    page.get_by_label("Nationality").fill("testish")
    page.get_by_label("Class (way of earning a living)").select_option("worker")
    page.get_by_label("Year of birth").fill("1975")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Registered Gleb (testland-gleb) in Testtown")
           ).to_be_visible()
    assert_accessible(page)


def open_election(page: Page) -> str:
    page.get_by_role("link", name="in Testtown").click()
    page.get_by_label("Kind of question").select_option("election")
    page.get_by_role("button", name="Show the form for this kind").click()
    page.get_by_label("Text of the question").fill("Delegates of Testtown to the congress")
    page.get_by_label("Question id (optional)").fill("testtown-delegates")
    page.get_by_label("Delegates to").select_option("testland/congress")
    page.get_by_label("Seats (optional)").fill("2")
    for name in ("Anna", "Boris", "Vera"):
        page.get_by_label(f"{name} (testland-").check()
    assert_accessible(page)
    page.get_by_role("button", name="Open the question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegates of Testtown to the congress")
    page.get_by_text("How it is decided").click()
    expect(page.locator("main")).to_contain_text("Counted by single transferable vote (ranked), 2 seats")
    return page.url


def issue_sign_ins(page: Page, people: list[str]) -> dict[str, str]:
    passwords = {}
    for person in people:
        page.goto("/republics/testland/people")
        page.get_by_role("button", name=f"Issue a sign-in for {person}").click()
        expect(page.locator("#issued-login")).to_have_text(person)
        passwords[person] = page.locator("#issued-password").inner_text()
    page.goto("/republics/testland/people")
    expect(page.locator("#register")).to_contain_text("has one")
    assert_accessible(page)
    return passwords


def vote(browser: Browser, base_url: str, question: str, person: str, password: str,
         ranking: list[str]) -> str:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, person, password)
    page.goto(question)
    expect(page.locator("#participation")).to_be_visible()
    assert_accessible(page)
    for i, candidate in enumerate(ranking, 1):
        page.get_by_label(f"Preference {i}", exact=True).select_option(candidate)
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot is cast")
    receipt = page.locator("#receipt").inner_text()
    context.close()
    return receipt


def test_stv_election_from_register_to_chart(page: Page, browser: Browser, base_url: str,
                                             screenshots: Path) -> None:
    sign_in(page, "clerk@testland")
    register_electors(page)
    page.screenshot(path=str(screenshots / "clerk.png"), full_page=True)
    question = open_election(page)
    passwords = issue_sign_ins(page, ["testland-anna", "testland-boris", "testland-vera"])
    ballots = {"testland-anna": ["testland-anna", "testland-boris"],
               "testland-boris": ["testland-anna", "testland-vera"],
               "testland-vera": ["testland-boris", "testland-anna"]}
    receipts = {p: vote(browser, base_url, question, p, passwords[p], r) for p, r in ballots.items()}
    page.goto(question)
    expect(page.locator("#participation")).to_contain_text("3 of 4")
    page.get_by_role("button", name="Close and count").click()
    expect(page.locator("#close-turnout")).to_be_visible()  # a confirmation with the turnout first
    page.get_by_role("button", name="Yes, close and count").click()
    expect(page.get_by_role("status").filter(has_text="closed and counted")).to_be_visible()
    expect(page.locator("#winners")).to_have_text("Anna, Boris")  # names; the ids are tooltips
    expect(page.locator("#winners span").first).to_have_attribute("title", "testland-anna")
    chart = page.locator("#count-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("g.round")).to_have_count(2)
    expect(chart).to_contain_text("Round 1")
    expect(chart).to_contain_text("Round 2")
    expect(page.locator("#rounds-table")).to_contain_text("Anna")
    expect(page.locator("#rounds-table")).not_to_contain_text("testland-anna")
    expect(page.locator("#binding")).to_contain_text("Binding")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "question-count.png"), full_page=True)
    # A voter checks that their secret ballot was counted.
    page.get_by_label("Receipt code").fill(receipts["testland-vera"])
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("Published with the count and counted")
    page.goto("/republics/testland")
    expect(page.locator("#congress ~ .scroll table").first).to_contain_text("Anna")
