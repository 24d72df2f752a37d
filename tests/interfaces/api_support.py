"""Shared by the API tests (and the browser tests): the demo union with its sign-ins.

Helpers only; the fixtures are in `api_fixtures` (a pytest plugin the test modules name).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from rich.console import Console

from councils.application.accounts import Accounts, ensure_demo_accounts
from councils.application.governance import Governance
from councils.bootstrap import governance, wire
from councils.interfaces.demo import run_demo
from tests.conftest import FixedClock

# Cheap Argon2 parameters: the tests check the flow, not the hashing cost.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "demo-password-1"


def add_demo_accounts(gov: Governance, hasher: PasswordHasher = FAST,
                      password: str = PASSWORD) -> Accounts:
    accounts = wire(gov, hasher=hasher).accounts  # in the ledger's database, as the server keeps them
    state = gov.state
    ensure_demo_accounts(accounts, {p.id: p.name for p in state.persons.values()},
                         {p.id: p.kind for p in state.polities.values()}, password)
    return accounts


def build_demo(path: Path, clock: FixedClock) -> None:
    gov = governance(f"sqlite:///{path}", clock=clock)
    assert run_demo(gov, Console(file=io.StringIO()), quiet=True)
    add_demo_accounts(gov)
    gov.ledger.dispose()


def sign_in(client: TestClient, login: str, password: str = PASSWORD) -> dict[str, str]:
    """Bearer headers for `login`."""
    response = client.post("/api/session", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def command(client: TestClient, headers: dict[str, str], cmd: str, **fields: Any) -> Any:
    return client.post("/api/commands", json={"cmd": cmd, **fields}, headers=headers)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def refused(response: Any, status: int, rule: str | None = None) -> dict[str, Any]:
    """Assert an error response: its status, its rule (if any), and that it is JSON."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["message"], body
    if rule is not None:
        assert body["rule"] == rule, body
    return body
