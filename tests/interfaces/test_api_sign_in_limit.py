"""Password guessing over the API and the web form meets 429 with Retry-After."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.sign_in_limit import PER_LOGIN, WINDOW
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, PASSWORD
from tests.interfaces.test_api_web import csrf
from tests.support.serve import COUNCILS, serving

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


# --- across server processes ------------------------------------------------------------


@pytest.fixture
def two_servers(db_url: str) -> Iterator[tuple[str, str]]:
    """Two `councils serve` processes on one database (SQLite file, then PostgreSQL), one account
    in it; yields their base URLs. Both stopped at the end."""
    env = {**os.environ, "COLUMNS": "200"}
    made = subprocess.run([COUNCILS, "--db", db_url, "account", "create", "guessed", "--role", "admin:*"],
                          input="the-right-password\n", capture_output=True, text=True, env=env,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    with serving() as start:  # each server waited for until it listens, both stopped at the end
        first, second = (f"http://127.0.0.1:{start(db_url)[1]}" for _ in range(2))
        yield first, second


def test_forty_parallel_guesses_against_two_server_processes_get_only_the_limit_of_checks(
        two_servers: tuple[str, str]) -> None:
    """Before: the limit was counted in each process, so two processes gave twice the checks (and
    within one, 40 parallel guesses once got 31). A 401 is a password checked and found wrong;
    a 429 is an attempt refused before any check."""
    urls = [two_servers[n % 2] for n in range(40)]

    def guess(n: int) -> int:
        response = httpx.post(urls[n] + "/api/session", timeout=60,
                              json={"login": "guessed", "password": f"wrong-guess-{n}"})
        return response.status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(guess, range(40)))
    assert statuses.count(401) == PER_LOGIN, statuses
    assert statuses.count(429) == 40 - PER_LOGIN
    for url in two_servers:  # the right password too waits for the window, on either server
        right = httpx.post(url + "/api/session", json={"login": "guessed", "password": "the-right-password"},
                           timeout=60)
        assert right.status_code == 429 and "failed sign-ins" in right.json()["message"]


def test_a_login_no_account_can_have_is_refused_alike_on_both_databases(db_url: str) -> None:
    """Before: a NUL in the login reached PostgreSQL, which cannot store or compare it: a 500 there,
    a 401 on SQLite. Now such a login is no account's, unlooked-up, and its failures are counted
    under its digest."""
    from councils.bootstrap import governance

    gov = governance(db_url)
    try:
        with TestClient(create_app(gov, hasher=FAST, scheduler=False)) as client:
            for login in ("a\x00b", "x" * 5000, "admin\n", "../admin"):
                response = client.post("/api/session", json={"login": login, "password": "wrong-guess"})
                assert response.status_code in (401, 422), (login[:10], response.text)
            for _ in range(PER_LOGIN - 1):  # the NUL login's failures are counted, under its digest
                client.post("/api/session", json={"login": "a\x00b", "password": "wrong-guess"})
            assert client.post("/api/session", json={"login": "a\x00b", "password": "x"}).status_code == 429
    finally:
        gov.ledger.dispose()
