"""Group commit: concurrent single commands share a transaction, and each is still judged alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.authorisation import Forbidden
from councils.application.governance import Applied, Governance
from councils.domain.errors import Refused
from councils.interfaces.api.services import Services
from tests.interfaces.api_support import command, ok, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)

ELECTORS = ("ukraine-olena", "ukraine-taras", "ukraine-mykola")


def _participations(gov: Governance, question: str) -> int:
    return sum(1 for r in gov.ledger.read() if r.event.type == "VoterParticipated"
               and r.event.data["question"] == question)


def test_concurrent_ballots_each_get_their_own_answer_and_exactly_the_acknowledged_are_kept(
        app: FastAPI, client: TestClient, demo_gov: Governance) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="bread", body="ukraine/kharkiv",
               kind="motion", text="Open a communal bakery"))
    tokens = {voter: sign_in(client, voter) for voter in ELECTORS}
    # every elector votes, two of them twice: the second ballot of each is refused on its own
    ballots = [*ELECTORS, "ukraine-olena", "ukraine-taras"]

    async def send_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await asyncio.gather(*(
                http.post("/api/commands", headers=tokens[voter],
                          json={"cmd": "cast_ballot", "question": "bread", "voter": voter,
                                "choice": "yes"}) for voter in ballots))

    # A thread of its own: a browser test's session may hold a running loop in this one.
    with ThreadPoolExecutor(1) as pool:
        responses = pool.submit(lambda: asyncio.run(send_all())).result()
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200, 200, 200, 409, 409], [r.text for r in responses]
    accepted = [r.json() for r in responses if r.status_code == 200]
    assert len({a["receipt"] for a in accepted}) == 3
    assert all([e["type"] for e in a["events"]] == ["VoterParticipated"] for a in accepted)
    assert all("one ballot" in r.json()["message"] or "already voted" in r.json()["message"]
               for r in responses if r.status_code == 409)
    positions = sorted(e["position"] for a in accepted for e in a["events"])
    assert positions == list(range(positions[0], positions[0] + 3))
    assert _participations(demo_gov, "bread") == 3


def test_in_a_group_each_command_is_authorised_on_the_state_the_ones_before_it_leave(
        app: FastAPI, demo_gov: Governance) -> None:
    svc: Services = app.state.services
    clerk, elector = svc.accounts.get("clerk@ukraine"), svc.accounts.get("ukraine-olena")
    assert clerk is not None and elector is not None
    requests: list[tuple[Any, dict[str, Any]]] = [
        (clerk, {"cmd": "open_question", "question": "bread", "body": "ukraine/kharkiv",
                 "kind": "motion", "text": "Open a communal bakery"}),
        (elector, {"cmd": "cast_ballot", "question": "bread", "voter": "ukraine-olena",
                   "choice": "yes"}),
        (elector, {"cmd": "close_question", "question": "bread"}),  # not a clerk: refused
        (elector, {"cmd": "cast_ballot", "question": "bread", "voter": "ukraine-taras",
                   "choice": "no"}),  # not their ballot: refused
        (None, {"cmd": "cast_ballot", "question": "bread", "voter": "ukraine-taras",
                "choice": "no"}),  # no one signed in
        (elector, {"cmd": "cast_ballot", "question": "bread", "voter": "ukraine-olena",
                   "choice": "no"}),  # a second ballot: refused by the engine
    ]
    outcomes = svc.authorised.handle_group(requests)
    assert isinstance(outcomes[0], Applied) and isinstance(outcomes[1], Applied)
    assert outcomes[1].receipt
    assert isinstance(outcomes[2], Forbidden)
    assert isinstance(outcomes[3], Forbidden)
    assert type(outcomes[4]).__name__ == "Unauthenticated"
    assert isinstance(outcomes[5], Refused) and not isinstance(outcomes[5], Forbidden)
    assert demo_gov.state.questions["bread"].status == "open"
    assert _participations(demo_gov, "bread") == 1


def test_a_group_of_refusals_appends_nothing(app: FastAPI, demo_gov: Governance) -> None:
    svc: Services = app.state.services
    before = demo_gov.ledger.head()
    elector = svc.accounts.get("ukraine-olena")
    outcomes = svc.authorised.handle_group(
        [(elector, {"cmd": "cast_ballot", "question": "nothing", "voter": "ukraine-olena",
                    "choice": "yes"}), (elector, {"cmd": "no_such_command"})])
    assert [type(o).__name__ for o in outcomes] == ["NotFound", "InvalidCommand"]
    assert demo_gov.ledger.head() == before


def test_signing_out_takes_effect_at_once_although_tokens_are_remembered(client: TestClient) -> None:
    headers = sign_in(client, "ukraine-olena")
    assert client.get("/api/me", headers=headers).status_code == 200
    assert client.get("/api/me", headers=headers).status_code == 200  # from memory
    assert client.delete("/api/session", headers=headers).status_code in (200, 204)
    assert client.get("/api/me", headers=headers).status_code == 401
