"""The tellers' page refuses in words (issue 14): what is pasted must be that teller's own command
for that question; a command the handler refuses (a key without a valid proof) comes back on the
page with its rule; a teller's page needs a sign-in, and no one else's duties are shown."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf
from tests.interfaces.test_api_web import sign_in as web_sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)
QUESTION = "kharkiv-web-tellers"


@pytest.fixture
def web(demo_gov: Governance) -> Iterator[TestClient]:
    demo_gov.handle({"cmd": "open_question", "question": QUESTION, "body": "ukraine/kharkiv", "kind": "motion",
                     "text": "Count the trams in secret", "tellers": ["ukraine-olena", "ukraine-taras"]})
    with TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False) as c:
        yield c


def _send(web: TestClient, submission: str) -> str:
    token = csrf(web, "/tellers")
    done = web.post(f"/tellers/{QUESTION}", data={"csrf_token": token, "submission": submission})
    assert done.status_code in (409, 422), done.text
    return done.text


def test_the_tellers_page_refuses_what_is_not_this_tellers_command_in_words(web: TestClient,
                                                                             demo_gov: Governance) -> None:
    assert web.get("/tellers").status_code == 401  # a sign-in first
    web_sign_in(web, "ukraine-olena")
    page = web.get("/tellers").text
    assert "Awaited of you: your public key." in page and "Count the trams in secret" in page
    own = {"cmd": "submit_teller_key", "question": QUESTION, "teller": "ukraine-olena", "key": "{}"}
    assert "is not a teller&#39;s command" in _send(web, json.dumps({**own, "cmd": "cast_ballot"}))
    assert "is for question &#39;other&#39;" in _send(web, json.dumps({**own, "question": "other"}))
    assert "this command is for teller Taras; you are Olena" in _send(  # the web names people
        web, json.dumps({**own, "teller": "ukraine-taras"}))
    refused = _send(web, json.dumps(own))  # the handler's refusal, by its rule
    assert "encrypted ballot" in refused and "no valid proof of knowledge in BELENIOS-2048" in refused
    assert demo_gov.state.encrypted[QUESTION].keys == {}  # nothing recorded
    web_sign_in(web, "ukraine-mykola")
    assert "You are not a teller of any encrypted question." in web.get("/tellers").text
