"""The congress pyramid page (issue 12 item 2): the demo's RSFSR drawn as a tree, each congress
with the bodies that sent delegates to it and the delegates by name, each route citing its article."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> Iterator[TestClient]:
    with TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False) as c:
        yield c


def test_the_pyramid_page_shows_who_sent_whom_by_name_level_by_level(web: TestClient) -> None:
    page = web.get("/republics/rsfsr/pyramid")
    assert page.status_code == 200
    html = page.text
    tatar = html.index("Congress of Soviets of Tatar ASSR")
    kazan = html.index(">Kazan</a>", tatar)  # Kazan sits below the Tatar congress, which it sent Galimjan to
    assert html.index("Galimjan", kazan) > kazan
    assert "Art. 25 [V]" in html and "rsfsr-galimjan" not in html.replace('href="/questions/', "")
    assert "Congress of Union of Soviet Socialist Republics" in html  # the seats above, in the union


def test_the_pyramid_page_speaks_russian(web: TestClient) -> None:
    page = web.get("/republics/rsfsr/pyramid", headers={"Accept-Language": "ru"})
    assert page.status_code == 200 and "Кто кого послал" in page.text


def test_an_unknown_republic_has_no_pyramid(web: TestClient) -> None:
    page = web.get("/republics/atlantis/pyramid")
    assert page.status_code == 404 and "atlantis" in page.text


def test_the_api_gives_the_pyramid_with_each_routes_article(client: TestClient) -> None:
    tree = client.get("/api/republics/rsfsr/pyramid").json()
    tatar = next(r for r in tree["congress"]["senders"] if r["id"] == "rsfsr/tatar-congress")
    kazan = tatar["below"]["senders"][0]
    assert (kazan["name"], [d["name"] for d in kazan["delegates"]]) == ("Kazan", ["Galimjan"])
    assert kazan["apportioned"]["article"] == "Art. 25 [V]"
    assert client.get("/api/republics/atlantis/pyramid").status_code == 404
