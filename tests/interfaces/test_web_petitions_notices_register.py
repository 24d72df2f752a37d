"""The pages of issue 15 over HTTP: a petition started and signed from the web until it opens the
recall; my notices and my choice of them; a clerk keeping the register. Each a command, each
refusal the API's, with what was typed kept."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def browser(demo_gov: Governance) -> TestClient:
    return TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)


def _sign(browser: TestClient, login: str, petition: str) -> int:
    browser.cookies.clear()
    sign_in(browser, login)
    token = csrf(browser, f"/petitions/{petition}")
    return browser.post(f"/petitions/{petition}/sign", data={"csrf_token": token}).status_code


def test_a_petition_from_the_web_opens_the_recall(browser: TestClient, demo_gov: Governance) -> None:
    sign_in(browser, "ukraine-taras")
    page = browser.get("/petitions/new", params={"body": "ukraine/kharkiv", "kind": "recall"})
    assert page.status_code == 200 and "Oksana" in page.text  # the delegate by name
    form = {"csrf_token": csrf(browser, "/petitions/new?body=ukraine/kharkiv"), "kind": "recall",
            "body": "ukraine/kharkiv", "delegate": "ukraine-oksana", "petition": "recall-oksana",
            "text": "Recall Oksana"}
    assert browser.post("/petitions/new", data=form).status_code == 303
    again = browser.post("/petitions/new", data={**form, "petition": "again",
                                                  "csrf_token": csrf(browser, "/petitions/new")})
    assert again.status_code == 409 and "R8" in again.text and "Recall Oksana" in again.text
    view = browser.get("/petitions/recall-oksana")
    assert "Sign this petition" in view.text and "0 of the" in view.text
    needed = demo_gov.catch_up().petitions["recall-oksana"].needed
    signers = ["ukraine-taras", "ukraine-mykola", "ukraine-olena", "kharkiv-petro"][:needed]
    for login in signers:
        assert _sign(browser, login, "recall-oksana") == 303
    assert demo_gov.catch_up().petitions["recall-oksana"].status == "succeeded"
    question = demo_gov.catch_up().questions["recall-oksana"]
    assert (question.kind, question.detail("delegate")) == ("recall", "ukraine-oksana")
    done = browser.get("/petitions/recall-oksana").text
    assert "The question it opened" in done and "Taras" in done
    assert "Recall Oksana" in browser.get("/petitions").text
    browser.cookies.clear()
    sign_in(browser, "ukraine-ivan")  # of Poltava: no button, and a forced post is refused
    assert "Sign this petition" not in browser.get("/petitions/recall-oksana").text


def test_my_notices_page_and_my_choice(browser: TestClient, demo_gov: Governance) -> None:
    sign_in(browser, "ukraine-taras")
    token = csrf(browser, "/me/notices")
    saved = browser.post("/me/notices", data={"csrf_token": token, "address": "taras@example.org",
                                              "kind": ["opened", "decided"]})
    assert saved.status_code == 303
    assert demo_gov.ledger.outbox.preferences("ukraine-taras").kinds == ("opened", "decided")
    demo_gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv",
                     "kind": "motion", "text": "A tram to the works"})
    page = browser.get("/me/notices").text
    assert "Question opened: A tram to the works" in page and "not sent by e-mail" in page
    bad = browser.post("/me/notices", data={"csrf_token": csrf(browser, "/me/notices"),
                                            "address": "nowhere"})
    assert bad.status_code == 422 and "not an e-mail address" in bad.text
    assert "/me/notices" in browser.get("/me").text


def test_a_clerk_keeps_the_register_from_the_web(browser: TestClient, demo_gov: Governance) -> None:
    sign_in(browser, "clerk@ukraine")
    page = browser.get("/register/ukraine-mykola")
    assert page.status_code == 200 and "Art. 65" in page.text
    token = csrf(browser, "/register/ukraine-mykola")
    moved = browser.post("/register/ukraine-mykola", data={"csrf_token": token, "cmd": "move_resident",
                                                           "council": "ukraine/poltava"})
    assert moved.status_code == 303
    assert demo_gov.catch_up().persons["ukraine-mykola"].council == "ukraine/poltava"
    refused = browser.post("/register/ukraine-mykola", data={
        "csrf_token": csrf(browser, "/register/ukraine-mykola"), "cmd": "deprive_rights",
        "ground": "sentence", "decision": "people's court", "decided": "2031-01-01"})
    assert refused.status_code == 409 and "people&#39;s court" in refused.text
    browser.cookies.clear()
    sign_in(browser, "ukraine-taras")
    assert browser.get("/register/ukraine-mykola").status_code == 403


def test_the_discussion_of_a_question_from_the_web_and_the_api(browser: TestClient,
                                                               demo_gov: Governance) -> None:
    demo_gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv",
                     "kind": "motion", "text": "A tram to the works"})
    sign_in(browser, "ukraine-taras")
    token = csrf(browser, "/questions/tram/comments")
    posted = browser.post("/questions/tram/comments", data={"csrf_token": token, "text": "To the hospital too"})
    assert posted.status_code == 303
    assert "To the hospital too" in browser.get("/questions/tram/comments").text
    [comment] = browser.get("/api/questions/tram/comments").json()
    assert (comment["name"], comment["text"]) == ("Taras", "To the hospital too")
    browser.cookies.clear()
    sign_in(browser, "ukraine-ivan")  # of Poltava: not on Kharkiv's roll
    token = csrf(browser, "/questions/tram/comments")
    refused = browser.post("/questions/tram/comments", data={"csrf_token": token, "text": "mine"})
    assert refused.status_code == 409 and "not on the roll" in refused.text
    assert browser.get("/api/questions/nothing/comments").status_code == 404


def test_r6_a_move_between_republics_is_received_by_the_other_republics_clerk(
        browser: TestClient, demo_gov: Governance) -> None:
    sign_in(browser, "clerk@ukraine")
    token = csrf(browser, "/register/ukraine-mykola")
    moving = browser.post("/register/ukraine-mykola", data={"csrf_token": token, "cmd": "move_resident",
                                                            "council": "byelorussia/minsk"})
    assert moving.status_code == 303
    assert demo_gov.catch_up().persons["ukraine-mykola"].republic == "ukraine"  # not yet received
    browser.cookies.clear()
    sign_in(browser, "clerk@byelorussia")
    page = browser.get("/register/ukraine-mykola")
    assert page.status_code == 200 and "Receive this resident" in page.text
    received = browser.post("/register/ukraine-mykola", data={
        "csrf_token": csrf(browser, "/register/ukraine-mykola"), "cmd": "receive_resident",
        "council": "byelorussia/minsk"})
    assert received.status_code == 303
    assert demo_gov.catch_up().persons["ukraine-mykola"].council == "byelorussia/minsk"
