"""Bad input gets a 4xx with a sentence saying what was wrong, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.interfaces.api_support import refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def clerk(client: TestClient) -> dict[str, str]:
    return sign_in(client, "clerk@ukraine")


@pytest.mark.parametrize(("raw", "status", "words"), [
    (b"{bad json", 400, "malformed JSON"),
    (b'{"cmd": "close_question", "question": "x"', 400, "malformed JSON"),
    (b"\xff\xfe\x00", 400, "malformed JSON"),
    (b"[" * 50000 + b"]" * 50000, 400, "nested too deeply"),
    (b"", 422, "empty"),
    (b"42", 422, "must be a JSON object"),
    (b'"close_question"', 422, "must be a JSON object"),
    (b"[]", 422, "empty"),
    (b"[1, 2]", 422, "must be a JSON object"),
    (b'{"question": "x"}', 422, "missing field 'cmd'"),
    (b'{"cmd": 7}', 422, "missing field 'cmd'"),
    (b'{"cmd": "close_question", "question": ["x"]}', 422, "must be a string"),
    (b'{"cmd": "close_question", "question": "x", "force": true}', 422, "unknown field 'force'"),
    (b'{"cmd": "cast_ballot", "question": "x", "voter": "y", "ranking": "a"}', 422, "list"),
    (b'{"cmd": "open_question", "question": "q", "body": "ukraine/kharkiv", "kind": "vote",'
     b' "text": "t"}', 422, "must be one of"),
])
def test_malformed_commands(client: TestClient, clerk: dict[str, str], raw: bytes, status: int,
                            words: str) -> None:
    response = client.post("/api/commands", content=raw,
                           headers={**clerk, "Content-Type": "application/json"})
    body = refused(response, status)
    assert words in body["message"], body


def test_a_list_of_commands_reports_the_index_of_the_malformed_one(
        client: TestClient, clerk: dict[str, str]) -> None:
    body = refused(client.post("/api/commands", headers=clerk, json=[
        {"cmd": "create_council", "council": "ukraine/odessa", "republic": "ukraine",
         "kind": "town"}, "not a command"]), 422)
    assert body["index"] == 1 and len(body["applied"]) == 1
    too_many = refused(client.post("/api/commands", headers=clerk,
                                   json=[{"cmd": "close_question", "question": "x"}] * 1001), 422)
    assert "at most 1000" in too_many["message"]


def test_bodies_over_one_megabyte_are_refused_413(client: TestClient,
                                                  clerk: dict[str, str]) -> None:
    big = json.dumps({"cmd": "register_person", "person": "x" * 1_100_000}).encode()
    body = refused(client.post("/api/commands", content=big, headers=clerk), 413)
    assert "1,000,000 bytes" in body["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b" " * 100_000

    streamed = client.post("/api/commands", content=chunks(), headers=clerk)
    refused(streamed, 413)
    refused(client.post("/api/session", content=big,
                        headers={"Content-Type": "application/json"}), 413)


def test_a_bad_content_length_is_400(client: TestClient) -> None:
    response = client.post("/api/commands", content=b"{}",
                           headers={"Content-Length": "lots", "Content-Type": "application/json"})
    refused(response, 400)


@pytest.mark.parametrize(("payload", "words"), [
    ({"login": "admin"}, "missing field 'password'"),
    ({"login": "admin", "password": "x", "remember": True}, "unknown field 'remember'"),
    ({"login": 7, "password": "x"}, "login"),
    ({"login": "admin", "password": ["x"]}, "password"),
])
def test_sign_in_with_a_wrong_shape_is_422(client: TestClient, payload: dict[str, object],
                                           words: str) -> None:
    body = refused(client.post("/api/session", json=payload), 422)
    assert words in body["message"], body


def test_sign_in_with_malformed_json_is_400(client: TestClient) -> None:
    body = refused(client.post("/api/session", content=b"{login",
                               headers={"Content-Type": "application/json"}), 400)
    assert body["message"].startswith("malformed JSON")


@pytest.mark.parametrize("url", ["/api/ledger?limit=abc", "/api/ledger?limit=100000",
                                 "/api/ledger?after=-1", "/api/republics/ukraine/people?offset=x"])
def test_bad_query_parameters_are_422(client: TestClient, clerk: dict[str, str], url: str) -> None:
    refused(client.get(url, headers=clerk), 422)


def test_new_accounts_are_checked(client: TestClient) -> None:
    admin = sign_in(client, "admin")
    for payload, status in [
        ({"login": "a b", "password": "long-enough"}, 422),
        ({"login": "ok", "password": "short"}, 422),
        ({"login": "ok", "password": "long-enough", "roles": [{"role": "king", "scope": "x"}]}, 422),
        ({"login": "ok", "password": "long-enough", "roles": [{"role": "admin", "scope": "x"}]}, 422),
        ({"login": "ok", "password": "long-enough", "person": "nobody"}, 404),
        ({"login": "ok", "password": "long-enough", "is_admin": True}, 422),
    ]:
        refused(client.post("/api/accounts", headers=admin, json=payload), status)


def test_unknown_routes_and_methods_answer_in_json(client: TestClient) -> None:
    assert refused(client.get("/api/nothing"), 404)["error"] == "not found"
    assert refused(client.put("/api/commands", json={}), 405)["error"] == "method not allowed"
