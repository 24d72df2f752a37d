"""Each role's forbidden actions fail through the API, with the rule that forbids them.

Authorisation is the application layer's (`councils.application.authorisation`); these
tests go through HTTP so that the API cannot forget to ask it.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)

MOTION = {"question": "kharkiv-bread", "body": "ukraine/kharkiv", "kind": "motion",
          "text": "Open a communal bakery"}
RESIDENT = {"nationality": "ukrainian", "born": 1990, "class": "worker"}


def open_motion(client: TestClient) -> None:
    ok(command(client, sign_in(client, "clerk@ukraine"), "open_question", **MOTION))


def test_anonymous_callers_send_no_commands_and_read_no_register(client: TestClient) -> None:
    body = refused(client.post("/api/commands", json={"cmd": "close_question", "question": "x"}),
                   401)
    assert body["error"] == "unauthenticated"
    refused(client.get("/api/republics/ukraine/people"), 401)
    refused(client.get("/api/me"), 401)
    bad = refused(client.get("/api/me", headers={"Authorization": "Bearer not-a-token"}), 401)
    assert "unknown or has expired" in bad["message"]
    refused(client.post("/api/session", json={"login": "clerk@ukraine", "password": "wrong-one"}),
            401)
    refused(client.post("/api/session", json={"login": "nobody", "password": "whatever-1"}), 401)


def test_signing_out_ends_the_token(client: TestClient) -> None:
    headers = sign_in(client, "clerk@ukraine")
    assert ok(client.get("/api/me", headers=headers))["roles"] == [
        {"role": "clerk", "scope": "ukraine"}]
    assert client.delete("/api/session", headers=headers).status_code == 204
    refused(client.get("/api/me", headers=headers), 401)


@pytest.mark.parametrize(("cmd", "fields"), [
    ("open_question", MOTION),
    ("register_person", {"person": "ukraine-new", "council": "ukraine/kharkiv", **RESIDENT}),
    ("create_council", {"council": "ukraine/odessa", "republic": "ukraine", "kind": "town"}),
])
def test_an_observer_reads_but_acts_in_nothing(client: TestClient, cmd: str,
                                               fields: dict[str, Any]) -> None:
    observer = sign_in(client, "observer@ukraine")
    body = refused(command(client, observer, cmd, **fields), 403, "authorisation")
    assert body["error"] == "forbidden" and "observers read" in body["reason"]
    assert ok(client.get("/api/republics/ukraine/people", headers=observer))["total"] > 0


def test_an_observer_cannot_close_a_question(client: TestClient) -> None:
    open_motion(client)
    refused(command(client, sign_in(client, "observer@ukraine"), "close_question",
                    question="kharkiv-bread"), 403, "authorisation")
    assert client.get("/api/questions/kharkiv-bread").json()["status"] == "open"


def test_an_elector_votes_only_as_themselves_and_does_not_act_as_a_clerk(
        client: TestClient) -> None:
    open_motion(client)
    taras = sign_in(client, "ukraine-taras")
    body = refused(command(client, taras, "cast_ballot", question="kharkiv-bread",
                           voter="ukraine-olena", choice="no"), 403, "own ballot")
    assert "votes only as ukraine-taras" in body["reason"]
    refused(command(client, taras, "close_question", question="kharkiv-bread"), 403, "authorisation")
    refused(command(client, taras, "open_question", **{**MOTION, "question": "other"}), 403,
            "authorisation")
    refused(client.get("/api/republics/ukraine/people", headers=taras), 403, "authorisation")
    assert ok(command(client, taras, "cast_ballot", question="kharkiv-bread",
                      voter="ukraine-taras", choice="yes"))["receipt"]
    assert client.get("/api/questions/kharkiv-bread", headers=taras).json()["you_voted"] is True


def test_a_clerk_acts_in_no_body_of_another_republic(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    body = refused(command(client, clerk, "register_person", person="georgia-new",
                           council="georgia/tiflis", **RESIDENT), 403, "R6 no rule over another people")
    assert "another republic" in body["reason"]
    refused(command(client, clerk, "open_question", question="q", body="byelorussia/congress",
                    kind="motion", text="t"), 403, "R6 no rule over another people")
    refused(command(client, clerk, "close_question", question="georgia-leaves"), 403,
            "R6 no rule over another people")
    refused(client.get("/api/republics/georgia/people", headers=clerk), 403, "authorisation")


def test_a_clerk_casts_no_ballot_and_founds_nothing(client: TestClient) -> None:
    open_motion(client)
    clerk = sign_in(client, "clerk@ukraine")
    refused(command(client, clerk, "cast_ballot", question="kharkiv-bread", voter="ukraine-olena",
                    choice="yes"), 403, "own ballot")
    refused(command(client, clerk, "found_republic", republic="odessa", name="Odessa",
                    constitution="rsfsr-1918"), 403, "authorisation")


def test_a_union_officer_cannot_open_a_question_in_a_members_congress(client: TestClient) -> None:
    officer = sign_in(client, "clerk@union")
    body = refused(command(client, officer, "open_question", question="q", body="ukraine/congress",
                           kind="motion", text="The union decides for Ukraine"),
                   403, "R6 no rule over another people")
    assert "officer of the union" in body["reason"]
    refused(command(client, officer, "register_person", person="x", council="ukraine/kharkiv",
                    **RESIDENT), 403, "R6 no rule over another people")
    assert client.get("/api/questions/q").status_code == 404


def test_only_the_electors_of_a_constituency_recall_its_delegate(client: TestClient) -> None:
    recall = {"petition": "recall-oksana", "kind": "recall", "body": "ukraine/kharkiv",
              "delegate": "ukraine-oksana", "text": "Recall Oksana"}
    poltava = sign_in(client, "ukraine-ivan")  # an elector, but of Poltava
    body = refused(command(client, poltava, "start_petition", **recall), 403, "R8 recall")
    assert "only the electors of ukraine/kharkiv" in body["reason"]
    kharkiv = sign_in(client, "ukraine-taras")
    ok(command(client, kharkiv, "start_petition", **recall))
    refused(command(client, poltava, "sign_petition", petition="recall-oksana", person="ukraine-ivan"),
            409, "R8 recall")
    # Nor can Kharkiv's electors recall a delegate their constituency did not send (the engine).
    refused(command(client, kharkiv, "start_petition", **{**recall, "petition": "recall-ivan",
                                                          "delegate": "ukraine-ivan"}),
            409, "R8 recall")


def test_the_admin_founds_and_manages_accounts_but_governs_no_body(client: TestClient) -> None:
    admin = sign_in(client, "admin")
    refused(command(client, admin, "open_question", **MOTION), 403, "authorisation")
    refused(command(client, admin, "cast_ballot", question="x", voter="ukraine-olena", choice="y"),
            403, "own ballot")
    ok(command(client, admin, "found_republic", republic="odessa", name="Odessa",
               constitution="rsfsr-1918"))
    created = client.post("/api/accounts", headers=admin, json={
        "login": "clerk2@odessa", "password": "a-long-password",
        "roles": [{"role": "clerk", "scope": "odessa"}]})
    assert created.status_code == 201, created.text
    odessa = sign_in(client, "clerk2@odessa", "a-long-password")
    ok(command(client, odessa, "create_council", council="odessa/port", republic="odessa",
               kind="workplace"))
    refused(client.post("/api/accounts", headers=admin, json={
        "login": "x", "password": "a-long-password", "roles": [{"role": "clerk", "scope": "nowhere"}]}),
        404)
    refused(client.post("/api/accounts", headers=admin, json={
        "login": "clerk2@odessa", "password": "a-long-password"}), 409, "exists")


def test_a_clerk_issues_sign_ins_only_to_residents_of_their_republic(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "register_person", person="ukraine-yurii", council="ukraine/kharkiv",
               **RESIDENT))
    created = client.post("/api/accounts", headers=clerk, json={
        "login": "yurii", "password": "yuriis-password", "person": "ukraine-yurii"})
    assert created.status_code == 201, created.text
    refused(client.post("/api/accounts", headers=clerk, json={
        "login": "nino2", "password": "a-long-password", "person": "georgia-nino"}),
        403, "R6 no rule over another people")
    refused(client.post("/api/accounts", headers=clerk, json={
        "login": "boss", "password": "a-long-password", "roles": [{"role": "clerk",
                                                                   "scope": "ukraine"}]}),
        403, "authorisation")
    refused(client.post("/api/accounts", headers=sign_in(client, "ukraine-taras"), json={
        "login": "t2", "password": "a-long-password", "person": "ukraine-taras"}), 403)
    open_motion(client)
    yurii = sign_in(client, "yurii", "yuriis-password")
    assert ok(command(client, yurii, "cast_ballot", question="kharkiv-bread", voter="ukraine-yurii",
                      choice="yes"))["receipt"]


def test_a_constitution_is_a_preset_or_inline_never_a_server_path(client: TestClient) -> None:
    found = {"cmd": "found_republic", "republic": "x", "name": "X", "constitution": "/etc/passwd"}
    refused(client.post("/api/commands", json=found), 401)  # nothing is read before sign-in
    body = refused(client.post("/api/commands", json=found, headers=sign_in(client, "admin")), 422)
    assert "name a preset" in body["message"]
