"""The web UI's forms over HTTP (no browser): CSRF, sign-in, CSV per-row errors, escaping.

The browser tests (tests/browser) drive the same pages in Chromium; these check the
protocol-level guarantees that a browser would hide.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, PASSWORD

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> FastAPI:
    return create_app(demo_gov, hasher=FAST)


@pytest.fixture
def browser(web: FastAPI) -> TestClient:
    return TestClient(web, follow_redirects=False)


def csrf(client: TestClient, url: str = "/signin") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, login: str, password: str = PASSWORD) -> None:
    response = client.post("/signin", data={"csrf_token": csrf(client), "login": login,
                                             "password": password, "next": "/"})
    assert response.status_code == 303, response.text


def test_a_form_without_a_valid_csrf_token_is_refused(browser: TestClient) -> None:
    csrf(browser)
    for token in ("", "forged", csrf(TestClient(browser.app))):  # another browser's token
        response = browser.post("/signin", data={"csrf_token": token, "login": "admin",
                                                 "password": PASSWORD})
        assert response.status_code == 403
        assert "CSRF" in response.text and "did not come from this site" in response.text
    fresh = TestClient(browser.app)  # no CSRF cookie at all
    assert fresh.post("/signin", data={"login": "admin", "password": PASSWORD}).status_code == 403


def test_sign_in_sets_an_http_only_session_and_renews_the_csrf_nonce(browser: TestClient) -> None:
    before = csrf(browser)
    response = browser.post("/signin", data={"csrf_token": before, "login": "clerk@ukraine",
                                             "password": PASSWORD, "next": "//evil.example/"})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("councils_session="))
    assert "httponly" in session.lower() and "samesite=lax" in session.lower()
    assert any(c.startswith("councils_csrf=") for c in cookies)
    stale = browser.post("/signout", data={"csrf_token": before})
    assert stale.status_code == 403  # the token from before signing in no longer works
    assert browser.get("/me").status_code == 200


def test_a_wrong_password_is_401_and_says_so(browser: TestClient) -> None:
    response = browser.post("/signin", data={"csrf_token": csrf(browser), "login": "admin",
                                             "password": "not-the-password"})
    assert response.status_code == 401 and "the login or the password is wrong" in response.text


def test_a_csv_upload_registers_good_rows_and_lists_each_bad_one(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    body = ("person,name,nationality,class,born,council\n"
            "ukraine-a,A,ukrainian,worker,1980,\n"
            "ukraine-olena,Olena,ukrainian,worker,1975,\n"
            "ukraine-b,B,ukrainian,worker,nineteen,\n"
            "ukraine-c,C,ukrainian,worker,1990,georgia/tiflis\n"
            "ukraine-d,D,ukrainian,peasant,1991,ukraine/poltava,extra\n")
    response = browser.post("/clerk/ukraine/residents/csv",
                            data={"csrf_token": csrf(browser, "/clerk/ukraine"),
                                  "council": "ukraine/kharkiv"},
                            files={"file": ("people.csv", body.encode(), "text/csv")})
    # Post/redirect/get: the results are on the page the form redirects to; a reload sends nothing.
    assert response.status_code == 303, response.text
    assert "?upload=" in response.headers["location"]
    page = browser.get(response.headers["location"])
    assert page.status_code == 200
    assert "1 registered, 4 refused" in browser.get(response.headers["location"]).text  # again
    table = page.text.split('id="csv-result"')[1]
    assert "1 registered, 4 refused" in table
    assert "already registered" in table
    assert "born must be a year" in table
    assert "R6 no rule over another people" in table
    assert "more values than columns" in table
    missing = browser.post("/clerk/ukraine/residents/csv",
                           data={"csrf_token": csrf(browser, "/clerk/ukraine")},
                           files={"file": ("p.csv", b"person,name\nx,y\n", "text/csv")})
    assert missing.status_code == 422 and "lacks the column(s) nationality, class, born" in missing.text


def test_a_second_ballot_is_refused_and_the_page_names_the_rule(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    token = csrf(browser, "/questions/new?body=ukraine/kharkiv&kind=motion")
    opened = browser.post("/questions/new", data={
        "csrf_token": token, "body": "ukraine/kharkiv", "kind": "motion", "question": "bread",
        "text": "<script>alert(1)</script> Open a bakery"})
    assert opened.status_code == 303 and opened.headers["location"] == "/questions/bread"
    page = browser.get("/questions/bread").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    browser.post("/signout", data={"csrf_token": csrf(browser, "/")})
    sign_in(browser, "ukraine-taras")
    token = csrf(browser, "/questions/bread")
    first = browser.post("/questions/bread/ballot", data={"csrf_token": token, "choice": "yes"})
    # Post/redirect/get: the receipt is on a page of its own, which a reload only reads again.
    assert first.status_code == 303 and first.headers["location"] == "/questions/bread/ballot-cast"
    cast = browser.get("/questions/bread/ballot-cast")
    receipt = re.search(r'id="receipt">([^<]+)<', cast.text)
    assert cast.status_code == 200 and receipt is not None
    again = browser.get("/questions/bread/ballot-cast")
    assert receipt.group(1) in again.text
    assert re.search(r"\b1 of \d+ on the roll have voted", browser.get("/questions/bread").text)
    assert receipt.group(1) in browser.get("/me").text  # kept on the person's page
    second = browser.post("/questions/bread/ballot", data={"csrf_token": token, "choice": "no"})
    assert second.status_code == 409 and "Refused under one ballot" in second.text
    nothing = browser.post("/questions/bread/ballot", data={"csrf_token": token})
    assert nothing.status_code in (409, 422)


def test_unknown_pages_are_404_pages(browser: TestClient) -> None:
    for url in ("/republics/atlantis", "/questions/none", "/bodies/ukraine/odessa", "/nowhere"):
        response = browser.get(url)
        assert response.status_code == 404 and "<h1>Not found</h1>" in response.text, url


def test_a_motion_cannot_escape_its_threshold_by_a_method_chosen_on_the_form(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    form = browser.get("/questions/new?body=ukraine/kharkiv&kind=motion").text
    assert 'name="method"' not in form  # one method only: the constitution's
    token = csrf(browser, "/questions/new?body=ukraine/kharkiv&kind=motion")
    refused = browser.post("/questions/new", data={
        "csrf_token": token, "body": "ukraine/kharkiv", "kind": "motion", "question": "colours",
        "text": "Colours of the banner", "options": "red\ngold\nblue", "method": "approval"})
    assert refused.status_code in (403, 409, 422) and "questions.motion" in refused.text
    assert browser.get("/questions/colours").status_code == 404


def test_ranking_ballots_from_their_forms(browser: TestClient) -> None:
    assert "By-election" in browser.get("/questions/kharkiv-by-election").text
    ranked = browser.get("/questions/kharkiv-by-election")  # decided: no form, a chart
    assert 'id="count-chart"' in ranked.text and 'name="rank"' not in ranked.text
