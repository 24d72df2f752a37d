"""The API and its accounts on every storage backend (migration 0002 included)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from councils.application.accounts import Grant
from councils.bootstrap import governance, wire
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, command, ok, refused, sign_in


def test_found_register_and_sign_in_on_each_backend(db_url: str) -> None:
    gov = governance(db_url, clock=FixedClock())
    try:
        accounts = wire(gov, hasher=FAST).accounts
        accounts.create("admin", "admin-password", grants=(Grant("admin", "*"),))
        with TestClient(create_app(gov, accounts, web=False)) as client:
            admin = sign_in(client, "admin", "admin-password")
            ok(command(client, admin, "found_republic", republic="r", name="R",
                       constitution="rsfsr-1918"))
            created = client.post("/api/accounts", headers=admin, json={
                "login": "clerk@r", "password": "clerk-password",
                "roles": [{"role": "clerk", "scope": "r"}]})
            assert created.status_code == 201, created.text
            clerk = sign_in(client, "clerk@r", "clerk-password")
            ok(command(client, clerk, "create_council", council="r/town", republic="r",
                       kind="town"))
            ok(command(client, clerk, "register_person", person="p", council="r/town",
                       nationality="n", born=1990, **{"class": "worker"}))
            assert ok(client.get("/api/republics/r/people", headers=clerk))["total"] == 1
            refused(client.post("/api/accounts", headers=admin, json={
                "login": "clerk@r", "password": "clerk-password"}), 409, "exists")
            assert ok(client.get("/api/ledger/verify"))["ok"] is True
    finally:
        gov.ledger.dispose()
