"""Passwords: a person changes their own (the current one required, under the sign-in
limit); the admin resets a forgotten one; over the API, the web and the CLI alike.
Either way the sessions opened with the old password end."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.sign_in_limit import PER_LOGIN
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, PASSWORD, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)

NEW = "a-new-password-9"
COUNCILS = shutil.which("councils") or str(Path(sys.executable).with_name("councils"))


def change(client: TestClient, headers: dict[str, str], current: str, new: str = NEW) -> object:
    return client.post("/api/me/password", headers=headers,
                       json={"current_password": current, "new_password": new})


# --- the API ---------------------------------------------------------------------------


def test_a_person_changes_their_password_and_only_the_new_one_signs_in(client: TestClient) -> None:
    headers = sign_in(client, "ukraine-olena")
    other = sign_in(client, "ukraine-olena")  # another device, signed in with the old password
    response = client.post("/api/me/password", headers=headers,
                           json={"current_password": PASSWORD, "new_password": NEW})
    assert response.status_code == 204, response.text
    refused(client.post("/api/session", json={"login": "ukraine-olena", "password": PASSWORD}), 401)
    sign_in(client, "ukraine-olena", NEW)
    assert client.get("/api/me", headers=headers).status_code == 200  # the session that asked
    refused(client.get("/api/me", headers=other), 401)  # every other session ended


def test_a_wrong_current_password_is_refused_and_changes_nothing(client: TestClient) -> None:
    headers = sign_in(client, "ukraine-olena")
    body = refused(change(client, headers, "not-the-password"), 403, "current password")
    assert "current password is wrong" in body["message"]
    sign_in(client, "ukraine-olena", PASSWORD)


def test_guessing_the_current_password_meets_the_sign_in_limit(client: TestClient) -> None:
    """A token left signed in must not let its finder guess the password faster than the form."""
    headers = sign_in(client, "ukraine-olena")
    for i in range(PER_LOGIN):
        refused(change(client, headers, f"guess-{i}"), 403)
    limited = change(client, headers, PASSWORD)  # even the right one, until the window passes
    body = refused(limited, 429)
    assert body["retry_after"] >= 1 and limited.headers["retry-after"]  # type: ignore[attr-defined]
    refused(client.post("/api/session", json={"login": "ukraine-olena", "password": PASSWORD}), 429)


@pytest.mark.parametrize(("new", "why"), [("short", "at least 8"), (PASSWORD, "same as the current")])
def test_a_bad_new_password_is_refused_with_the_reason(client: TestClient, new: str, why: str) -> None:
    headers = sign_in(client, "ukraine-olena")
    body = refused(change(client, headers, PASSWORD, new), 422)
    assert why in body["message"]


def test_changing_a_password_needs_a_sign_in(client: TestClient) -> None:
    refused(client.post("/api/me/password", json={"current_password": PASSWORD,
                                                   "new_password": NEW}), 401)


def test_the_admin_resets_a_password_and_ends_its_sessions(client: TestClient) -> None:
    olena = sign_in(client, "ukraine-olena")
    admin = sign_in(client, "admin")
    response = client.post("/api/accounts/ukraine-olena/password", headers=admin,
                           json={"password": NEW})
    assert response.status_code == 204, response.text
    refused(client.get("/api/me", headers=olena), 401)
    sign_in(client, "ukraine-olena", NEW)


def test_a_reset_clears_the_failures_so_the_holder_signs_in_at_once(client: TestClient) -> None:
    for i in range(PER_LOGIN):
        refused(client.post("/api/session", json={"login": "ukraine-olena", "password": f"x-{i}"}), 401)
    refused(client.post("/api/session", json={"login": "ukraine-olena", "password": PASSWORD}), 429)
    admin = sign_in(client, "admin")
    assert client.post("/api/accounts/ukraine-olena/password", headers=admin,
                       json={"password": NEW}).status_code == 204
    sign_in(client, "ukraine-olena", NEW)


@pytest.mark.parametrize("login", ["clerk@ukraine", "ukraine-taras", "observer@ukraine"])
def test_only_the_admin_resets_a_password(client: TestClient, login: str) -> None:
    """A clerk who could reset a resident's password could vote as them."""
    headers = sign_in(client, login)
    body = refused(client.post("/api/accounts/ukraine-olena/password", headers=headers,
                               json={"password": NEW}), 403, "authorisation")
    assert "only the admin" in body["message"]
    sign_in(client, "ukraine-olena", PASSWORD)


def test_resetting_an_unknown_account_is_404(client: TestClient) -> None:
    admin = sign_in(client, "admin")
    refused(client.post("/api/accounts/nobody-here/password", headers=admin,
                        json={"password": NEW}), 404)


# --- the web ---------------------------------------------------------------------------


@pytest.fixture
def browser(demo_gov: Governance) -> TestClient:
    app: FastAPI = create_app(demo_gov, hasher=FAST)
    return TestClient(app, follow_redirects=False)


def csrf(client: TestClient, url: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, f"{url} carries a CSRF token"
    return match.group(1)


def web_sign_in(client: TestClient, login: str, password: str = PASSWORD) -> None:
    response = client.post("/signin", data={"csrf_token": csrf(client, "/signin"), "login": login,
                                             "password": password, "next": "/"})
    assert response.status_code == 303, response.text


def test_my_page_links_to_the_password_page(browser: TestClient) -> None:
    web_sign_in(browser, "ukraine-olena")
    assert 'href="/me/password"' in browser.get("/me").text
    page = browser.get("/me/password")
    assert page.status_code == 200 and "Current password" in page.text
    assert "Reset another account" not in page.text  # the admin's form is the admin's


def test_the_web_form_changes_the_password(browser: TestClient) -> None:
    web_sign_in(browser, "ukraine-olena")
    token = csrf(browser, "/me/password")
    response = browser.post("/me/password", data={
        "csrf_token": token, "current_password": PASSWORD, "new_password": NEW,
        "repeat_password": NEW})
    assert response.status_code == 303 and response.headers["location"] == "/me"
    assert browser.get("/me").status_code == 200  # still signed in here
    fresh = TestClient(browser.app, follow_redirects=False)
    web_sign_in(fresh, "ukraine-olena", NEW)


def test_the_web_form_refuses_a_wrong_current_password_without_echoing_it(browser: TestClient) -> None:
    web_sign_in(browser, "ukraine-olena")
    token = csrf(browser, "/me/password")
    response = browser.post("/me/password", data={
        "csrf_token": token, "current_password": "wrong-one-123", "new_password": NEW,
        "repeat_password": NEW})
    assert response.status_code == 403
    assert "current password is wrong" in response.text
    assert "wrong-one-123" not in response.text and NEW not in response.text
    mismatch = browser.post("/me/password", data={
        "csrf_token": token, "current_password": PASSWORD, "new_password": NEW,
        "repeat_password": NEW + "x"})
    assert mismatch.status_code == 422 and "differ" in mismatch.text


def test_the_web_password_form_needs_csrf_and_a_sign_in(browser: TestClient) -> None:
    assert browser.get("/me/password").status_code == 401
    web_sign_in(browser, "ukraine-olena")
    response = browser.post("/me/password", data={
        "csrf_token": "forged", "current_password": PASSWORD, "new_password": NEW,
        "repeat_password": NEW})
    assert response.status_code == 403 and "CSRF" in response.text


def test_the_admin_resets_a_password_on_the_web_and_a_clerk_cannot(browser: TestClient) -> None:
    clerk = TestClient(browser.app, follow_redirects=False)
    web_sign_in(clerk, "clerk@ukraine")
    denied = clerk.post("/accounts/password", data={
        "csrf_token": csrf(clerk, "/me/password"), "login": "ukraine-olena", "password": NEW,
        "repeat": NEW})
    assert denied.status_code == 403 and "only the admin" in denied.text
    web_sign_in(browser, "admin")
    page = browser.get("/me/password")
    assert "Reset another account" in page.text
    response = browser.post("/accounts/password", data={
        "csrf_token": csrf(browser, "/me/password"), "login": "ukraine-olena", "password": NEW,
        "repeat": NEW})
    assert response.status_code == 303, response.text
    assert "ukraine-olena" in browser.get(response.headers["location"]).text  # the flash
    fresh = TestClient(browser.app, follow_redirects=False)
    web_sign_in(fresh, "ukraine-olena", NEW)


# --- the CLI ---------------------------------------------------------------------------


def cli(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNCILS_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "200"}
    return subprocess.run([COUNCILS, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_cli_creates_an_admin_then_changes_and_resets_its_password(
        demo_gov: Governance, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"  # the file demo_gov is on
    made = cli(db, "account", "create", "operator", "--role", "admin:*", stdin="first-pass-1\n")
    assert made.returncode == 0, made.stderr
    assert "created operator (admin)" in made.stdout
    wrong = cli(db, "account", "password", "operator", stdin="not-it-123\nsecond-pass-2\n")
    assert wrong.returncode == 3 and "current password is wrong" in wrong.stderr
    changed = cli(db, "account", "password", "operator", stdin="first-pass-1\nsecond-pass-2\n")
    assert changed.returncode == 0, changed.stderr
    reset = cli(db, "account", "reset", "operator", stdin="third-pass-33\n")
    assert reset.returncode == 0, reset.stderr
    app = create_app(demo_gov, hasher=FAST, web=False)
    with TestClient(app) as client:
        refused(client.post("/api/session", json={"login": "operator", "password": "second-pass-2"}),
                401)
        me = client.get("/api/me", headers=sign_in(client, "operator", "third-pass-33")).json()
        assert me["roles"] == [{"role": "admin", "scope": "*"}]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("account", "reset", "nobody-here"), "third-pass-33\n", "account"),
    (("account", "reset", "ukraine-olena"), "short\n", "8 to 256"),
    (("account", "create", "x2", "--person", "no-such-person"), "first-pass-1\n", "no-such-person"),
    (("account", "create", "x3", "--person", "ukraine-olena"), "first-pass-1\n", "one sign-in"),
    (("account", "create", "x4", "--role", "clerk"), "first-pass-1\n", "ROLE:SCOPE"),
    (("account", "reset", "ukraine-olena"), "", "standard input"),
])
def test_the_cli_refuses_in_one_line(demo_gov: Governance, tmp_path: Path, args: tuple[str, ...],
                                     stdin: str, message: str) -> None:
    result = cli(tmp_path / "demo.db", *args, stdin=stdin)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
