"""People's words (issue 16 item 1) on the pages other issues added: names, not ids."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.minutes import minutes
from councils.interfaces.api import create_app
from councils.interfaces.minutes_render import candidate_names, minutes_html
from councils.interfaces.web import i18n, notes
from tests.interfaces.api_support import FAST, PASSWORD, add_demo_accounts

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> TestClient:
    add_demo_accounts(demo_gov)
    return TestClient(create_app(demo_gov, hasher=FAST, scheduler=False), follow_redirects=False)


def visible(page: str) -> str:
    text = re.sub(r"<(script|style|code|title)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def test_my_notices_name_the_winner_and_the_body_not_their_ids(web: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/signin").text)
    assert token
    assert web.post("/signin", data={"csrf_token": token.group(1), "login": "ukraine-taras",
                                      "password": PASSWORD, "next": "/"}).status_code == 303
    notices = visible(web.get("/me/notices").text)
    assert "is decided: Olena." in notices  # the election's winner by name (was ukraine-olena)
    assert "Assembly of Ukrainian Council Republic" in notices and "Assembly of ukraine" not in notices


def test_a_treatys_competences_are_named_in_the_readers_language(web: TestClient) -> None:
    nations = visible(web.get("/polities/ussr/nations", headers={"Accept-Language": "ru"}).text)
    assert "вооружённые силы" in nations and "armed forces" not in nations and "armed_forces" not in nations
    english = visible(web.get("/polities/ussr/nations").text)
    assert "the armed forces" in english


def test_the_notes_of_a_count_are_said_in_the_readers_language_with_their_numbers(web: TestClient) -> None:
    i18n.use("ru")
    try:
        assert notes.say("simple majority: yes 3 > no 1") == "простое большинство: за 3 > против 1"
        assert notes.say("quorum 1/2 of 11 electors = 11/2: 4 ballot(s) cast, not met") == (
            "кворум 1/2 от 11 избирателей = 11/2: подано бюллетеней: 4, кворума нет")
        assert notes.say("a note of no known shape") == "a note of no known shape"
    finally:
        i18n.use("en")
    page = visible(web.get("/questions/kharkiv-tram", headers={"Accept-Language": "uk"}).text)
    assert "проста більшість: за" in page and "simple majority" not in page
    minutes = visible(web.get("/bodies/ukraine/kharkiv/minutes", headers={"Accept-Language": "uk"}).text)
    assert "more than half of the votes" not in minutes and "обрано більш ніж половиною голосів" in minutes


def test_a_receipt_check_and_withheld_ballots_are_said_in_the_readers_language(web: TestClient) -> None:
    receipt = visible(web.get("/questions/kharkiv-by-election/receipt?code=0000",
                              headers={"Accept-Language": "uk"}).text)
    assert "Бюлетень із такою квитанцією не опубліковано" in receipt and "No ballot" not in receipt
    i18n.use("ru")
    try:
        withheld = notes.say("1 ballot(s) cast, fewer than the 3 below which the constitution publishes a secret "
                             "question's totals but not its ballots one by one ([ballots] publish_minimum_turnout)")
        assert withheld.startswith("подано бюллетеней: 1, меньше 3")
    finally:
        i18n.use("en")


def test_a_page_that_needs_signing_in_says_why_in_the_readers_language(web: TestClient) -> None:
    page = web.get("/clerk", headers={"Accept-Language": "ru"})
    assert page.status_code == 401
    assert "войдите как секретарь, чтобы увидеть стол секретаря" in visible(page.text)
    assert "sign in as a clerk" not in page.text


def test_the_minutes_written_by_the_cli_name_the_candidates(demo_gov: Governance) -> None:
    drawn = minutes(demo_gov, "ukraine/kharkiv")
    page = minutes_html(drawn, texts=candidate_names(demo_gov.state, drawn))
    assert "ukraine-olena" not in page and "<td>Olena</td>" in page
