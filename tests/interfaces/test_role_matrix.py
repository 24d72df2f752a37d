"""Every role × every command × its own body or another's: exactly the allowed ones succeed.

An independent statement of who may do what (the roles of docs/api.md), tried against
the API on the demo union: an elector of Kharkiv (Ukraine), the clerk of Ukraine (A),
the clerk of Georgia (B), the union's officer (Ukraine is a member: R6), the admin,
an observer of Ukraine, and no one. A try that is not allowed must be refused as
unauthorised (401/403), or by the engine's roll for a ballot in a body the elector has
no vote in; never a success, never a 5xx.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)

ACTORS = {"elector": "ukraine-olena", "clerk A": "clerk@ukraine", "clerk B": "clerk@georgia",
          "union officer": "clerk@union", "admin": "admin", "observer": "observer@ukraine",
          "anonymous": None}
BODIES = {"A": ("ukraine", "ukraine/kharkiv"), "B": ("georgia", "georgia/tiflis")}
CLERK_ACTS = ("create_council", "register_person", "convene_assembly", "open_question",
              "close_question")
ALLOWED = ({("clerk A", act, "A") for act in CLERK_ACTS}
           | {("clerk B", act, "B") for act in CLERK_ACTS}
           | {("admin", "found_republic", "-"), ("admin", "found_union", "-")}
           | {("elector", "cast_ballot", "A")})
_n = itertools.count()

Build = Callable[[TestClient, str, str], dict[str, Any]]


def _open(client: TestClient, clerk: dict[str, str], body: str) -> str:
    """A fresh open question in `body`, opened by its clerk, for a try to close or vote on."""
    question = f"matrix-q{next(_n)}"
    response = command(client, clerk, "open_question", question=question, body=body,
                       kind="motion", text="A question of the matrix")
    assert response.status_code == 200, response.text
    return question


def commands(client: TestClient, clerks: dict[str, dict[str, str]]) -> dict[str, Build]:
    def council(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "create_council", "council": f"{polity}/m{next(_n)}", "republic": polity,
                "kind": "town"}

    def person(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "register_person", "person": f"{polity}-m{next(_n)}", "council": body,
                "nationality": "n", "class": "worker", "born": 1980}

    def assembly(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "convene_assembly", "assembly": f"{polity}/assembly-m{next(_n)}",
                "republic": polity}

    def question(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "open_question", "question": f"matrix-o{next(_n)}", "body": body,
                "kind": "motion", "text": "A motion of the matrix"}

    def close(c: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "close_question", "question": _open(c, clerks[polity], body)}

    def ballot(c: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "cast_ballot", "question": _open(c, clerks[polity], body),
                "voter": "ukraine-olena", "choice": "yes"}

    def republic(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "found_republic", "republic": f"matrix-r{next(_n)}", "name": "R",
                "constitution": "rsfsr-1918"}

    def union(_: TestClient, polity: str, body: str) -> dict[str, Any]:
        return {"cmd": "found_union", "union": f"matrix-u{next(_n)}", "name": "U",
                "constitution": "rsfsr-1918"}

    return {"create_council": council, "register_person": person, "convene_assembly": assembly,
            "open_question": question, "close_question": close, "cast_ballot": ballot,
            "found_republic": republic, "found_union": union}


def test_every_role_command_and_body_is_allowed_or_refused_as_the_roles_say(
        client: TestClient) -> None:
    headers = {role: sign_in(client, login) if login else {} for role, login in ACTORS.items()}
    clerks = {"ukraine": headers["clerk A"], "georgia": headers["clerk B"]}
    builds = commands(client, clerks)
    outcomes: dict[tuple[str, str, str], int] = {}
    for role, (name, build) in itertools.product(ACTORS, builds.items()):
        targets = ["-"] if name.startswith("found_") else list(BODIES)
        for target in targets:
            polity, body = BODIES.get(target, ("ukraine", "ukraine/kharkiv"))
            raw = build(client, polity, body)
            response = client.post("/api/commands", json=raw, headers=headers[role])
            outcomes[(role, name, target)] = response.status_code
            assert response.status_code < 500, (role, name, target, response.text)
    succeeded = {key for key, status in outcomes.items() if status == 200}
    assert succeeded == ALLOWED, {k: outcomes[k] for k in succeeded ^ ALLOWED}
    for key, status in outcomes.items():
        if key in ALLOWED:
            continue
        role, name, target = key
        engine_roll = (role, name, target) == ("elector", "cast_ballot", "B")  # R1: not on that roll
        assert status in ((409,) if engine_roll else (401, 403)), (key, status)
        if role == "anonymous":
            assert status == 401, key
    assert len(outcomes) == len(ACTORS) * (6 * 2 + 2) == 98


def test_fifty_concurrent_ballots_of_one_elector_count_once(app: FastAPI, client: TestClient) -> None:
    """The issue's attacker sent 50 ballots at once for one elector: exactly one is kept."""
    clerk = sign_in(client, "clerk@ukraine")
    question = _open(client, clerk, "ukraine/kharkiv")
    olena = sign_in(client, "ukraine-olena")

    async def send_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await asyncio.gather(*(
                http.post("/api/commands", headers=olena,
                          json={"cmd": "cast_ballot", "question": question, "voter": "ukraine-olena",
                                "choice": "yes" if i % 2 else "no"}) for i in range(50)))

    with ThreadPoolExecutor(1) as pool:  # a loop of its own
        statuses = sorted(r.status_code for r in pool.submit(lambda: asyncio.run(send_all())).result())
    assert statuses == [200] + [409] * 49
    assert client.get(f"/api/questions/{question}").json()["participation"]["voted"] == 1
