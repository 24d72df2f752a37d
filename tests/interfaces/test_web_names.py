"""People's words (issue 16 item 1) on the pages other issues added: names, not ids."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
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
