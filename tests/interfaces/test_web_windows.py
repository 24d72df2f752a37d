"""The web for voting windows and Condorcet counts: the closing confirmation, the window on the
question page, the pairwise matrix as a table and a chart (issue 15 items 1 and 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, add_demo_accounts
from tests.interfaces.test_api_web import csrf, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def coop(demo_gov: Governance) -> Governance:
    """A co-operative republic (coop-federation: close_early = false for motions) beside the demo."""
    do = demo_gov.handle
    do({"cmd": "found_republic", "republic": "spinners", "name": "Spinners", "constitution": "coop-federation"})
    do({"cmd": "create_council", "council": "spinners/mill", "republic": "spinners", "kind": "workplace",
        "name": "The Mill"})
    for i, name in enumerate(("Ada", "Bea", "Cy", "Dot", "Eli")):
        do({"cmd": "register_person", "person": f"spinners-{i}", "council": "spinners/mill", "nationality": "n",
            "class": "worker", "born": 1980, "name": name})
    add_demo_accounts(demo_gov)
    return demo_gov


@pytest.fixture
def browser(coop: Governance) -> TestClient:
    web: FastAPI = create_app(coop, hasher=FAST)
    return TestClient(web, follow_redirects=False)


def test_close_and_count_leads_to_a_confirmation_with_the_turnout(coop: Governance, browser: TestClient) -> None:
    coop.handle({"cmd": "open_question", "question": "dyes", "body": "spinners/mill", "kind": "motion",
                 "text": "Buy new dyes", "duration": "2d"})
    for voter in ("spinners-0", "spinners-1"):
        coop.handle({"cmd": "cast_ballot", "question": "dyes", "voter": voter, "choice": "yes"})
    sign_in(browser, "clerk@spinners")
    page = browser.get("/questions/dyes").text
    assert 'id="window"' in page and "closes" in page and "(not before)" in page
    assert 'action="/questions/dyes/close"' in page and 'method="get"' in page
    confirm = browser.get("/questions/dyes/close")
    assert confirm.status_code == 200
    assert "2 of 5 on the roll have voted (40%)" in confirm.text
    assert "3 have not voted yet" in confirm.text
    assert "lets no one close a question of this kind before its closing time" in confirm.text
    token = csrf(browser, "/questions/dyes/close")
    unconfirmed = browser.post("/questions/dyes/close", data={"csrf_token": token})
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == "/questions/dyes/close"
    refused = browser.post("/questions/dyes/close", data={"csrf_token": token, "confirm": "yes"})
    assert refused.status_code == 409 and "questions.motion.close_early" in refused.text
    assert coop.state.questions["dyes"].status == "open"


def test_a_confirmed_close_counts_and_draws_the_pairwise_matrix(coop: Governance, browser: TestClient) -> None:
    coop.handle({"cmd": "open_question", "question": "rep", "body": "spinners/mill", "kind": "election",
                 "text": "Delegate to the congress", "to": "spinners/congress",
                 "options": ["spinners-0", "spinners-1", "spinners-2"], "method": "schulze"})
    for voter, ranking in (("spinners-0", ["spinners-0", "spinners-1", "spinners-2"]),
                           ("spinners-1", ["spinners-1", "spinners-2", "spinners-0"]),
                           ("spinners-2", ["spinners-2", "spinners-1", "spinners-0"]),
                           ("spinners-3", ["spinners-1", "spinners-0"])):
        coop.handle({"cmd": "cast_ballot", "question": "rep", "voter": voter, "ranking": ranking})
    sign_in(browser, "clerk@spinners")
    confirm = browser.get("/questions/rep/close").text
    assert "4 of 5 on the roll have voted" in confirm and "Yes, close and count" in confirm
    closed = browser.post("/questions/rep/close", data={"csrf_token": csrf(browser, "/questions/rep/close"),
                                                        "confirm": "yes"})
    assert closed.status_code == 303 and closed.headers["location"] == "/questions/rep"
    page = browser.get("/questions/rep").text
    assert 'id="pairwise-chart"' in page and 'id="pairwise-table"' in page
    assert "Bea beats every other candidate head to head: the Condorcet winner." in page
    assert page.count('class="pair wins"') == 2  # Bea beats Ada and Cy
    assert page.count('class="pair even"') == 2  # Ada and Cy tie, 2 to 2
    assert "<td>3</td>" in page  # Bea over Cy: three voters
    assert "spinners-1" not in page.split('id="pairwise"')[1].split("</section>")[0]  # names, not ids
    assert browser.get("/questions/rep/close").status_code == 303  # decided: nothing to confirm


def test_a_clerk_opens_a_question_with_a_window_from_the_form(coop: Governance, browser: TestClient) -> None:
    sign_in(browser, "clerk@spinners")
    url = "/questions/new?body=spinners/mill&kind=motion"
    assert 'id="window-fields"' in browser.get(url).text
    short = browser.post("/questions/new", data={"csrf_token": csrf(browser, url), "body": "spinners/mill",
                                                 "kind": "motion", "question": "wool", "text": "Buy wool",
                                                 "duration": "2h"})
    assert short.status_code == 409 and "questions.motion.min_window_hours" in short.text
    opened = browser.post("/questions/new", data={"csrf_token": csrf(browser, url), "body": "spinners/mill",
                                                  "kind": "motion", "question": "wool", "text": "Buy wool",
                                                  "duration": "3d"})
    assert opened.status_code == 303, opened.text
    q = coop.state.questions["wool"]
    assert q.details["closes_at"] > q.details["opens_at"] and q.status == "open"


def test_a_scheduled_question_says_when_voting_opens(coop: Governance, browser: TestClient) -> None:
    opens = coop.clock() + timedelta(days=1)
    coop.handle({"cmd": "open_question", "question": "loom", "body": "spinners/mill", "kind": "motion",
                 "text": "A new loom", "opens": opens.isoformat(), "duration": "2d"})
    page = browser.get("/questions/loom").text
    assert 'id="not-yet-open"' in page and 'id="result"' not in page and "voting opens" in page
