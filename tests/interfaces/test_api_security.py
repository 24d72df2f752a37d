"""Accounts and pages an attacker would try: sign-in floods, a second sign-in, framing, ballot order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from councils.application.accounts import Accounts, Grant
from councils.application.governance import Governance
from councils.application.sign_in_limit import PER_LOGIN, TooManyAttempts
from councils.bootstrap import wire
from councils.domain.errors import Refused
from councils.interfaces.api import create_app
from tests.builders import World
from tests.interfaces.api_support import FAST


@pytest.fixture
def accounts(gov: Governance) -> Accounts:
    World(gov).republic("rep")
    return wire(gov, hasher=FAST).accounts


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(
        accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: 40 parallel guesses for one login got 31 password checks (limit 5)."""
    accounts.create("rep-0", "the-right-password", person="rep-0")
    checked: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            checked.append(str(password))
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "hasher", Counting(time_cost=1, memory_cost=1024, parallelism=1))

    def guess(i: int) -> str:
        try:
            return "in" if accounts.authenticate("rep-0", f"guess-{i}", "10.0.0.1") else "wrong"
        except TooManyAttempts:
            return "limited"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(guess, range(40)))
    assert len(checked) == PER_LOGIN and outcomes.count("wrong") == PER_LOGIN
    assert outcomes.count("limited") == 40 - PER_LOGIN


def test_a_right_password_gives_back_its_reserved_attempt(accounts: Accounts) -> None:
    accounts.create("rep-0", "the-right-password", person="rep-0")
    for _ in range(PER_LOGIN * 3):
        assert accounts.authenticate("rep-0", "the-right-password", "10.0.0.1") is not None


def test_a_resident_gets_one_sign_in_only(accounts: Accounts) -> None:
    """Before: a clerk created a second sign-in for a resident, and that sign-in voted."""
    accounts.create("rep-0", "password-one", person="rep-0")
    with pytest.raises(Refused, match="rep-0 already has a sign-in"):
        accounts.create("rep-0-again", "password-two", person="rep-0")
    accounts.create("clerk@rep", "password-three", grants=(Grant("clerk", "rep"),))  # staff: no person


def test_every_response_forbids_framing_and_foreign_scripts(gov: Governance) -> None:
    World(gov).republic("rep")
    with TestClient(create_app(gov, hasher=FAST, scheduler=False)) as client:
        for path in ("/", "/api/republics", "/nowhere"):
            headers = client.get(path).headers
            assert headers["x-frame-options"] == "DENY"
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert "script-src 'self'" in headers["content-security-policy"]


def test_approvals_are_kept_in_the_options_order_not_the_voters(gov: Governance) -> None:
    """A voter's own order could serve a vote buyer as a signature."""
    doc_w = World(gov)
    import copy

    from councils.constitution.loader import resolve_document

    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    doc["questions"]["election"]["methods"] = ["stv", "irv", "approval"]
    doc["ballots"]["publish_minimum_turnout"] = 1  # one ballot, published: its order is the point
    gov.handle({"cmd": "found_republic", "republic": "rep", "name": "Rep", "constitution": doc})
    doc_w.council("rep", "town")
    for i in range(3):
        doc_w.person(f"rep-{i}", "rep/town")
    gov.handle({"cmd": "open_question", "question": "e", "body": "rep/town", "kind": "election",
                "text": "delegate", "to": "rep/congress", "options": ["rep-0", "rep-1", "rep-2"],
                "method": "approval"})
    gov.handle({"cmd": "cast_ballot", "question": "e", "voter": "rep-0", "approve": ["rep-2", "rep-0"]})
    gov.handle({"cmd": "close_question", "question": "e"})
    published = next(r.event.data for r in gov.ledger.read() if r.event.type == "BallotsPublished")
    assert [b["preferences"] for b in published["ballots"]] == [["rep-0", "rep-2"]]
