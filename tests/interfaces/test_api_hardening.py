"""No input breaks the server: what cannot be stored is refused as bad input, the same on every backend.

Before: a lone surrogate in any string, a 5,000-digit integer or `?after=` beyond 64 bits gave
500; on PostgreSQL only, a NUL in a name, an id over 200 characters or a nationality over
100 gave 500 where SQLite stored them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from councils.bootstrap import governance
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST

PERSON = ('{"cmd":"register_person","person":%s,"council":"r/town","nationality":%s,'
          '"class":"worker","born":%s,"name":%s}')
BAD = [
    (PERSON % ('"\\ud800"', '"n"', "1990", "null"), 422, "field 'person'"),
    (PERSON % ('"p"', '"\\ud800"', "1990", "null"), 422, "field 'nationality'"),
    (PERSON % ('"p"', '"n"', "1990", '"a\\u0000b"'), 422, "field 'name'"),
    (PERSON % ('"' + "x" * 201 + '"', '"n"', "1990", "null"), 422, "field 'person'"),
    (PERSON % ('"p"', '"' + "n" * 101 + '"', "1990", "null"), 422, "at most 100"),
    (PERSON % ('"p"', '"n"', "9" * 5000, "null"), 400, "too long"),
    ('{"cmd":"create_council","council":"r/x/../../y","republic":"r","kind":"town"}', 422, "body id"),
]


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    gov = governance(db_url, clock=FixedClock())
    gov.handle({"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"})
    gov.handle({"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"})
    try:
        with TestClient(create_app(gov, hasher=FAST, web=False, scheduler=False),
                        raise_server_exceptions=False) as client:
            yield client
    finally:
        gov.ledger.dispose()


@pytest.mark.parametrize(("body", "status", "says"), BAD)
def test_input_that_cannot_be_stored_is_refused_as_bad_input(
        client: TestClient, body: str, status: int, says: str) -> None:
    before = client.get("/api/ledger").json()["head"]
    response = client.post("/api/commands", content=body.encode(),
                           headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert says in response.json()["message"]
    assert client.get("/api/ledger").json()["head"] == before


def test_a_ledger_position_beyond_64_bits_is_bad_input(client: TestClient) -> None:
    response = client.get("/api/ledger?after=99999999999999999999999")
    assert response.status_code == 422
