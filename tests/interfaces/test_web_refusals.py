"""Every form of the sittings, petitions and treaties pages is sent one way (web/render.attempt): a
refused command brings the form's page back with the refusal in words, the status the API answers
it with, and what was typed or chosen; a command done leads to the page it concerns with its
message in the visitor's language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf
from tests.interfaces.test_api_web import sign_in as web_sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> TestClient:
    return TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)  # no scheduler: a fixed time


def test_a_refused_convening_comes_back_with_the_id_typed_and_the_agenda_chosen(
        web: TestClient, demo_gov: Governance) -> None:
    for q, body, words in (("tram", "kharkiv", "A tram to the works"), ("baths", "kharkiv", "Baths by the river"),
                           ("well", "poltava", "A well in the square")):
        demo_gov.handle({"cmd": "open_question", "question": q, "body": f"ukraine/{body}", "kind": "motion",
                         "text": words})
    web_sign_in(web, "clerk@ukraine")
    token = csrf(web, "/bodies/ukraine/kharkiv/sittings")
    refused = web.post("/bodies/ukraine/kharkiv/sittings",
                       data={"csrf_token": token, "sitting": "s-next", "item": ["tram", "well"]})
    assert refused.status_code == 409 and 'role="alert"' in refused.text  # Poltava's business, not Kharkiv's
    assert 'value="s-next"' in refused.text
    assert 'value="tram" checked' in refused.text and 'value="baths" checked' not in refused.text
    assert "s-next" not in demo_gov.state.sittings


def test_a_comment_from_an_expired_form_brings_back_the_discussion(web: TestClient, demo_gov: Governance) -> None:
    demo_gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv", "kind": "motion",
                     "text": "A tram to the works"})
    web_sign_in(web, "ukraine-taras")
    refused = web.post("/questions/tram/comments", data={"csrf_token": "stale", "text": "To the hospital too"})
    assert refused.status_code == 403 and 'role="alert"' in refused.text
    assert "A tram to the works" in refused.text  # the discussion's page, not an error page
    assert not demo_gov.state.comments.get("tram")


def test_a_treaty_proposed_is_confirmed_in_the_visitors_language(web: TestClient) -> None:
    web_sign_in(web, "clerk@rsfsr")
    web.cookies.set("councils_lang", "uk")
    token = csrf(web, "/polities/rsfsr/treaties")
    done = web.post("/polities/rsfsr/treaties", data={"csrf_token": token, "treaty": "grain",
                                                      "text": "Grain for machines", "parties": ["bssr"],
                                                      "obligations": "foreign_trade"})
    assert done.status_code == 303 and done.headers["location"] == "/polities/rsfsr/treaties#treaty-grain"
    assert "Договір запропоновано його сторонам." in web.get("/polities/rsfsr/treaties").text
