"""Nations inside republics over the API and the web (issue 12): the demo's history of 1918-1924
records the Tatar ASSR, the Chuvash region, the treaty of 1920 and Vitebsk's move of 1924."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, command, ok, refused, sign_in
from tests.interfaces.test_api_web import csrf
from tests.interfaces.test_api_web import sign_in as web_sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def browser(demo_gov: Governance) -> Iterator[TestClient]:
    """The API with the web UI on the demo."""
    with TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False) as c:
        yield c


def test_a_republics_nations_name_its_units_their_congress_and_its_treaties(client: TestClient) -> None:
    rsfsr = ok(client.get("/api/polities/rsfsr/nations"))
    tatar = next(u for u in rsfsr["autonomies"] if u["id"] == "rsfsr/tatar")
    assert (tatar["name"], tatar["kind"], tatar["nationalities"], tatar["languages"]) == (
        "Tatar ASSR", "autonomous_republic", ["tatar"], ["tt", "ru"])
    assert tatar["delegates"] == [{"person": "rsfsr-galimjan", "name": "Galimjan", "sent_by": "rsfsr/kazan"}]
    assert tatar["councils"] == [{"id": "rsfsr/kazan", "name": "Kazan"}]
    treaty = next(t for t in rsfsr["treaties"] if t["id"] == "rsfsr-ukrssr-1920")
    assert [(p["id"], p["bound"]) for p in treaty["parties"]] == [("rsfsr", True), ("ukrssr", True)]
    assert rsfsr["transfers"][0]["council"] == "rsfsr/vitebsk" and rsfsr["transfers"][0]["to"] == "bssr"


def test_a_unions_chamber_of_the_nations_counts_art_15_seats(client: TestClient) -> None:
    chamber = ok(client.get("/api/polities/ussr/nations"))["second_chamber"]
    rsfsr = next(m for m in chamber["members"] if m["republic"] == "rsfsr")
    assert (rsfsr["autonomous_republics"], rsfsr["autonomous_regions"], rsfsr["seats"]) == (1, 1, 11)
    assert chamber["seats"] == 11 + 5 + 5 + 5


def test_a_nation_that_separated_is_a_republic_of_the_union_with_its_records(client: TestClient) -> None:
    moldavia = ok(client.get("/api/republics/moldavia"))
    assert moldavia["union"] == "union"
    ukraine = ok(client.get("/api/polities/ukraine/nations"))
    assert [(s["unit"], s["into"], s["done"]) for s in ukraine["separations"]] == [
        ("ukraine/moldavia", "moldavia", True)]
    assert all(u["id"] != "ukraine/moldavia" for u in ukraine["autonomies"])


def test_an_unknown_polity_has_no_nations(client: TestClient) -> None:
    refused(client.get("/api/polities/atlantis/nations"), 404)


def test_only_a_clerk_of_the_republic_founds_an_autonomous_unit_in_it(client: TestClient) -> None:
    fields = {"autonomy": "bashkir", "republic": "rsfsr", "kind": "autonomous_republic",
              "nationalities": ["bashkir"], "name": "Bashkir ASSR"}
    refused(command(client, sign_in(client, "clerk@ukraine"), "found_autonomy", **fields), 403)
    ok(command(client, sign_in(client, "clerk@rsfsr"), "found_autonomy", **fields))
    names = [u["name"] for u in ok(client.get("/api/polities/rsfsr/nations"))["autonomies"]]
    assert "Bashkir ASSR" in names


def test_the_nations_page_shows_units_the_chamber_territory_and_treaties(browser: TestClient) -> None:
    page = browser.get("/polities/rsfsr/nations")
    assert page.status_code == 200
    for text in ("Tatar ASSR", "Chuvash Autonomous Region", "tatar", "Vitebsk gubernia",
                 "Treaty of Military and Economic Union", "Kazan"):
        assert text in page.text, text
    union = browser.get("/polities/ussr/nations")
    assert union.status_code == 200 and "26 seats" in union.text
    assert browser.get("/polities/atlantis/nations").status_code == 404


def test_a_question_shows_its_text_in_the_viewers_language(browser: TestClient) -> None:
    english = browser.get("/questions/kazan-schools-1920")
    assert english.status_code == 200 and "<h1>Schools teach in the Tatar language</h1>" in english.text
    browser.get("/language/ru?next=/")
    page = browser.get("/questions/kazan-schools-1920")
    assert page.status_code == 200 and "Обучение в школах на татарском языке" in page.text


def test_a_clerk_records_a_national_council_from_the_nations_page(browser: TestClient) -> None:
    assert "Record an autonomous unit" not in browser.get("/polities/ukraine/nations").text  # not signed in
    web_sign_in(browser, "clerk@ukraine")
    token = csrf(browser, "/polities/ukraine/nations")
    fields = {"csrf_token": token, "autonomy": "roma", "name": "Roma Council", "kind": "national_council",
              "nationalities": "roma", "languages": "rom, uk"}
    done = browser.post("/polities/ukraine/nations/autonomies", data=fields, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/polities/ukraine/nations#autonomies"
    page = browser.get("/polities/ukraine/nations").text
    assert "Roma Council" in page and "national council" in page
    again = browser.post("/polities/ukraine/nations/autonomies", data=fields, follow_redirects=False)
    assert again.status_code == 409 and "already exists" in again.text and 'value="Roma Council"' in again.text
