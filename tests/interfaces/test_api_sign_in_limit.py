"""Password guessing over the API and the web form meets 429 with Retry-After."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.sign_in_limit import PER_LOGIN, WINDOW
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, PASSWORD
from tests.interfaces.test_api_web import csrf

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_guessing_a_password_is_refused_429_even_with_the_right_one_until_the_window_passes(
        client: TestClient, clock: FixedClock) -> None:
    for _ in range(PER_LOGIN):
        response = client.post("/api/session", json={"login": "admin", "password": "wrong-guess"})
        assert response.status_code == 401
    response = client.post("/api/session", json={"login": "admin", "password": PASSWORD})
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "too many requests" and "failed sign-ins" in body["message"]
    assert int(response.headers["Retry-After"]) == body["retry_after"] == WINDOW.total_seconds()
    other = client.post("/api/session", json={"login": "clerk@ukraine", "password": PASSWORD})
    assert other.status_code == 200  # one login's guessing does not lock out another
    clock.now += WINDOW + timedelta(seconds=1)
    assert client.post("/api/session", json={"login": "admin", "password": PASSWORD}).status_code == 200


def test_the_sign_in_form_says_when_to_try_again(demo_gov: Governance) -> None:
    browser = TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)
    for _ in range(PER_LOGIN):
        response = browser.post("/signin", data={"csrf_token": csrf(browser), "login": "admin",
                                                 "password": "wrong-guess"})
        assert response.status_code == 401
    response = browser.post("/signin", data={"csrf_token": csrf(browser), "login": "admin",
                                             "password": PASSWORD})
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "too many failed sign-ins" in response.text and "try again in" in response.text
