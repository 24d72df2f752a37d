"""A teller's large submissions pass the 1 MB body limit, nothing else does (issue 14).

A ranked question's shuffle is about 5 KB a ballot and its decryption 1.4 KB: past ~200 ballots
they outgrow the 1 MB every request is held to. `POST /api/commands` and the tellers' page take a
body up to 64 MB when it carries credentials and is one `submit_shuffle` or
`submit_partial_decryption`; any other body over 1 MB, to those routes or any other, is refused
413 with the limit named. The 2 MB bodies here are real teller commands padded with JSON
whitespace (or form text the page strips), so that they are applied, not merely let through."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.ballot import trustees as tr
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, command, ok, refused, sign_in
from tests.interfaces.test_api_web import csrf
from tests.interfaces.test_api_web import sign_in as web_sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)
GROUP = group_named("BELENIOS-2048")
TELLERS = ("ukraine-olena", "ukraine-taras")
QUESTION = "kharkiv-large-bodies"
PAD = b" " * 2_000_000  # JSON whitespace: a body of 2 MB holding one real command
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def web(demo_gov: Governance) -> Iterator[TestClient]:
    with TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False) as c:
        yield c


def _closed(web: TestClient) -> tuple[Election, dict[str, int]]:
    """An encrypted motion with two tellers, three ballots cast, closed: awaiting the decryptions."""
    clerk = sign_in(web, "clerk@ukraine")
    ok(command(web, clerk, "open_question", question=QUESTION, body="ukraine/kharkiv", kind="motion",
               text="Light the tram depot in secret", tellers=list(TELLERS)))
    keys = {t: GROUP.random_scalar() for t in TELLERS}
    for t, x in keys.items():
        ok(command(web, sign_in(web, t), "submit_teller_key", question=QUESTION, teller=t,
                   key=json.dumps(tr.single_key(GROUP, x))))
    election = Election.parse(ok(web.get(f"/api/questions/{QUESTION}/election"))["election"])
    for voter, marks in (("ukraine-olena", [1, 0, 0]), ("ukraine-taras", [1, 0, 0]), ("ukraine-mykola", [0, 1, 0])):
        ok(command(web, sign_in(web, voter), "cast_encrypted_ballot", question=QUESTION, voter=voter,
                   ballot=encrypt_ballot(election, new_credential(), [marks]).ballot))
    ok(command(web, clerk, "close_question", question=QUESTION))
    return election, keys


def _decryption(election: Election, web: TestClient, teller: str, key: int) -> dict[str, object]:
    tally = read_tally(GROUP, ok(web.get(f"/api/questions/{QUESTION}/election"))["encrypted_tally"])
    return {"cmd": "submit_partial_decryption", "question": QUESTION, "teller": teller,
            "decryption": tr.partial_decryption(election, tally, key)}


def test_a_tellers_two_megabyte_submissions_pass_the_api_and_the_tellers_page(web: TestClient) -> None:
    election, keys = _closed(web)
    olena = sign_in(web, "ukraine-olena")
    shuffle = json.dumps({"cmd": "submit_shuffle", "question": QUESTION, "teller": "ukraine-olena",
                          "shuffle": "{}"}).encode() + PAD
    assert len(shuffle) > 2_000_000
    body = refused(web.post("/api/commands", content=shuffle, headers={**olena, **JSON}), 409, "encrypted ballot")
    assert "its ballots are not shuffled" in body["message"]  # past the limit: the engine's own refusal
    big = json.dumps(_decryption(election, web, "ukraine-olena", keys["ukraine-olena"])).encode() + PAD
    assert len(big) > 2_000_000
    done = ok(web.post("/api/commands", content=big, headers={**olena, **JSON}))
    assert done["cmd"] == "submit_partial_decryption" and done["events"]  # applied, in the ledger
    web_sign_in(web, "ukraine-taras")  # the other teller, on the tellers' page (a form of 2 MB)
    text = json.dumps(_decryption(election, web, "ukraine-taras", keys["ukraine-taras"])) + " " * 2_000_000
    sent = web.post(f"/tellers/{QUESTION}", data={"csrf_token": csrf(web, "/tellers"), "submission": text})
    assert sent.status_code == 303, sent.text
    decided = ok(web.get(f"/api/questions/{QUESTION}"))
    assert decided["status"] == "decided" and decided["count"]["encrypted"]["totals"] == {
        "yes": 2, "no": 1, "abstain": 0}


def test_any_other_body_over_one_megabyte_is_refused_413_with_the_limit_named(web: TestClient,
                                                                              demo_gov: Governance) -> None:
    clerk = sign_in(web, "clerk@ukraine")
    other = json.dumps({"cmd": "create_council", "council": "ukraine/big", "republic": "ukraine",
                        "kind": "town"}).encode() + PAD
    body = refused(web.post("/api/commands", content=other, headers={**clerk, **JSON}), 413)
    assert "larger than 1,000,000 bytes" in body["message"] and "submit_shuffle" in body["message"]
    assert "ukraine/big" not in demo_gov.state.polities  # nothing applied
    listed = b"[" + json.dumps({"cmd": "submit_shuffle", "question": QUESTION, "teller": "ukraine-olena",
                                "shuffle": "{}"}).encode() + b"]" + PAD  # a list: not one teller's command
    refused(web.post("/api/commands", content=listed, headers={**clerk, **JSON}), 413)
    anonymous = json.dumps({"cmd": "submit_shuffle", "question": QUESTION, "teller": "ukraine-olena",
                            "shuffle": "{}"}).encode() + PAD
    body = refused(web.post("/api/commands", content=anonymous, headers=JSON), 413)  # no credentials
    assert body["message"] == "the request body is larger than 1,000,000 bytes"
    body = refused(web.post("/api/session", content=anonymous, headers=JSON), 413)  # another endpoint
    assert body["message"] == "the request body is larger than 1,000,000 bytes"


def test_a_body_that_may_pass_one_megabyte_is_read_only_from_a_known_token(web: TestClient) -> None:
    """The 64 MB a teller may send is not offered to anyone with an Authorization header: an unknown
    token is refused 401 before the body is read (a body sent without a length alike)."""
    big = json.dumps({"cmd": "submit_shuffle", "question": QUESTION, "teller": "ukraine-olena",
                      "shuffle": "{}"}).encode() + PAD
    forged = {"Authorization": "Bearer not-a-token", **JSON}
    body = refused(web.post("/api/commands", content=big, headers=forged), 401)
    assert "unknown or has expired" in body["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the size is known only once read
        yield big[:1000]
        yield big[1000:]

    refused(web.post("/api/commands", content=chunks(), headers=forged), 401)
    small = json.dumps({"cmd": "create_council", "council": "ukraine/small", "republic": "ukraine",
                        "kind": "town"}).encode()
    body = refused(web.post("/api/commands", content=small, headers=forged), 401)  # small: as before
    assert "unknown or has expired" in body["message"]
    page = web.post(f"/tellers/{QUESTION}", data={"submission": "x" * 2_000_000},
                    headers={"Cookie": "unknown=1"})  # a cookie, but no one signed in
    assert page.status_code == 401 and "sign in to act as a teller" in page.text
