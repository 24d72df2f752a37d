"""Treaties, languages and territory on the web (issue 12 item 5): a republic's clerk proposes,
ratifies and renounces a treaty, declares languages and territory, and records a council's move by
forms; refusals are shown in words with what was typed; no form for those who may not use it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.treaties_view import congress_decisions
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf
from tests.interfaces.test_api_web import sign_in as web_sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> Iterator[TestClient]:
    with TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False) as c:
        yield c


def _propose(web: TestClient, **fields: object) -> httpx2.Response:
    token = csrf(web, "/polities/rsfsr/treaties")
    return web.post("/polities/rsfsr/treaties", data={"csrf_token": token, "treaty": "grain",
                                                      "text": "Grain for machines", "parties": ["bssr"],
                                                      "obligations": "foreign_trade", "notice_days": "30",
                                                      **fields})


def test_a_clerk_proposes_a_treaty_and_it_binds_only_once_ratified(web: TestClient, demo_gov: Governance) -> None:
    web_sign_in(web, "clerk@rsfsr")
    done = _propose(web)
    assert done.status_code == 303 and done.headers["location"] == "/polities/rsfsr/treaties#treaty-grain"
    page = web.get("/polities/rsfsr/treaties").text
    assert "Grain for machines" in page and "not bound: its congress has not ratified it" in page
    decision = congress_decisions(demo_gov.state, "rsfsr")[0]
    assert f'<option value="{decision["id"]}"' in page  # a decision of its own congress, by its text
    token = csrf(web, "/polities/rsfsr/treaties")
    ratified = web.post("/polities/rsfsr/treaties/grain/ratify", data={"csrf_token": token,
                                                                       "question": decision["id"]})
    assert ratified.status_code == 303
    assert demo_gov.state.nations.treaties["grain"].ratified == {"rsfsr": decision["id"]}
    token = csrf(web, "/polities/rsfsr/treaties")
    renounced = web.post("/polities/rsfsr/treaties/grain/renounce", data={"csrf_token": token,
                                                                          "question": decision["id"]})
    assert renounced.status_code == 303 and "rsfsr" in demo_gov.state.nations.treaties["grain"].renounced


def test_an_unequal_treaty_is_refused_in_words_keeping_what_was_typed(web: TestClient) -> None:
    web_sign_in(web, "clerk@rsfsr")
    refused = _propose(web, treaty="unequal", obligations="secession")
    assert refused.status_code == 409 and 'role="alert"' in refused.text
    assert "right to leave" in refused.text and "Grain for machines" in refused.text
    assert "propose_treaty" not in refused.text  # no command names


def test_no_treaty_or_territory_form_for_a_reader_who_is_not_a_clerk(web: TestClient) -> None:
    assert "Propose a treaty" not in web.get("/polities/rsfsr/treaties").text
    holdings = web.get("/polities/rsfsr/territory").text
    assert "Record the territory" not in holdings and "Declare them" not in holdings
    assert web.get("/polities/atlantis/treaties").status_code == 404


def test_a_clerk_declares_languages_and_territory_and_a_move_without_consent_is_refused(
        web: TestClient, demo_gov: Governance) -> None:
    web_sign_in(web, "clerk@rsfsr")
    token = csrf(web, "/polities/rsfsr/territory")
    done = web.post("/polities/rsfsr/languages", data={"csrf_token": token, "holder": "rsfsr",
                                                       "languages": "ru, tt"})
    assert done.status_code == 303 and demo_gov.state.nations.languages["rsfsr"] == ("ru", "tt")
    done = web.post("/polities/rsfsr/territory", data={"csrf_token": token, "holder": "rsfsr/moscow",
                                                       "area": "Moscow and its uyezd"})
    assert done.status_code == 303 and "Moscow and its uyezd" in web.get("/polities/rsfsr/territory").text
    refused = web.post("/polities/rsfsr/transfers", data={"csrf_token": token, "council": "rsfsr/moscow",
                                                          "to": "bssr", "other_consents": ""})
    assert refused.status_code == 409 and "R6" in refused.text
    assert demo_gov.state.bodies["rsfsr/moscow"].polity == "rsfsr"


def test_a_treaty_of_accession_where_the_union_admits_by_vote_is_refused_in_words(web: TestClient) -> None:
    web_sign_in(web, "clerk@rsfsr")
    refused = _propose(web, treaty="join", parties=["ussr"], obligations="", admits="rsfsr")
    assert refused.status_code == 409 and "not by treaty" in refused.text
    assert '<option value="rsfsr" selected>' in refused.text  # what was chosen, kept
