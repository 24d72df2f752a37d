"""Amending a constitution from the web form: changes as `key = value` lines, and R10 consent."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.domain.errors import InvalidCommand
from councils.interfaces.api import create_app
from councils.interfaces.web.forms import amendment_changes
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_changes_are_read_as_toml_values_by_key() -> None:
    changes = amendment_changes('# lower the age\nfranchise.min_age = 16\n\n'
                                'franchise.excluded = ["rentier"]\nname = "New"\n')
    assert changes == {"franchise.min_age": 16, "franchise.excluded": ["rentier"],
                       "name": "New"}


@pytest.mark.parametrize(("lines", "message"), [
    ("franchise.min_age 16", "line 1: write key = value"),
    ("x = 1\nfranchise.min_age = sixteen", "line 2: the value of franchise.min_age is not a TOML value"),
    ("a = 1\na = 2", "line 2: a is changed twice"),
    ("\n# nothing\n", "at least one change"),
])
def test_a_malformed_change_names_its_line(lines: str, message: str) -> None:
    with pytest.raises(InvalidCommand, match=message):
        amendment_changes(lines)


@pytest.fixture
def browser(demo_gov: Governance) -> TestClient:
    return TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)


def test_a_clerk_opens_an_amendment_from_the_form(browser: TestClient, demo_gov: Governance) -> None:
    sign_in(browser, "clerk@ukraine")
    page = browser.get("/questions/new", params={"body": "ukraine/congress", "kind": "amendment"})
    assert page.status_code == 200 and 'name="amend"' in page.text
    form = {"csrf_token": csrf(browser, "/questions/new?body=ukraine/congress&kind=amendment"),
            "body": "ukraine/congress", "kind": "amendment", "text": "Vote at sixteen",
            "question": "age-16", "amend": "franchise.min_age = 16"}
    response = browser.post("/questions/new", data=form)
    assert response.status_code == 303, response.text
    assert demo_gov.catch_up().questions["age-16"].details["amend"] == {"franchise.min_age": 16}
    form.update(question="bad", amend="franchise.min_age = sixteen",
                csrf_token=csrf(browser, "/questions/new?body=ukraine/congress&kind=amendment"))
    refused = browser.post("/questions/new", data=form)
    assert refused.status_code == 422 and "line 1" in refused.text
    assert "franchise.min_age = sixteen" in refused.text  # what was typed is kept in the form
    assert "bad" not in demo_gov.catch_up().questions


def test_a_republic_is_asked_to_consent_to_its_union_s_amendment_of_separation(
        browser: TestClient, demo_gov: Governance) -> None:
    state = demo_gov.catch_up()
    demo_gov.handle({"cmd": "open_question", "question": "notice", "body": "union/congress",
                     "kind": "amendment", "text": "A notice period",
                     "amend": {"secession.notice_days": 30}})
    for seat in state.bodies["union/congress"].seats:
        demo_gov.handle({"cmd": "cast_ballot", "question": "notice", "voter": seat.person,
                         "choice": "yes"})
    demo_gov.handle({"cmd": "close_question", "question": "notice"})
    assert "notice" in demo_gov.catch_up().amendments  # waiting for the members (R10)
    sign_in(browser, "clerk@ukraine")
    url = "/questions/new?body=ukraine/congress&kind=amendment"
    page = browser.get(url)
    assert "Consent asked of this republic (R10)" in page.text and "secession.notice_days" in page.text
    response = browser.post("/questions/new", data={
        "csrf_token": csrf(browser, url), "body": "ukraine/congress", "kind": "amendment",
        "text": "Consent to the notice period", "question": "consent", "consent_to": "union"})
    assert response.status_code == 303, response.text
    assert demo_gov.catch_up().questions["consent"].details["consent_to"] == "notice"
