"""Voting windows over the HTTP API: the command's fields and the question's details (docs/api.md)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_a_window_is_set_by_the_command_and_read_in_the_details(app: FastAPI) -> None:
    client = TestClient(app)
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="tram", body="ukraine/kharkiv", kind="motion",
               text="A tram line", opens="2026-11-26T09:00:00Z", duration="2d"))
    q = ok(client.get("/api/questions/tram"))
    assert q["status"] == "scheduled"
    assert (q["details"]["opens_at"], q["details"]["closes_at"]) == ("2026-11-26T09:00:00+00:00",
                                                                     "2026-11-28T09:00:00+00:00")
    voter = sign_in(client, "ukraine-taras")
    refused(command(client, voter, "cast_ballot", question="tram", voter="ukraine-taras", choice="yes"), 409,
            "window")
    refused(command(client, clerk, "open_question", question="bus", body="ukraine/kharkiv", kind="motion",
                    text="A bus", duration="soon"), 422)
