"""Governance end to end on each backend: the same commands give the same state.

A republic is founded, persons registered, a council elects its delegate by secret
ballot (the ballot box), the congress decides a motion by open ballot, and the
questions close. The snapshot, and even the hash chain, must be identical on SQLite
and PostgreSQL (and in memory); replay must fold the state kept live.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from councils.application.governance import Governance
from councils.bootstrap import governance

from ..conftest import FixedClock

SCRIPT: list[dict[str, Any]] = [
    {"cmd": "found_republic", "republic": "ukraine", "name": "Ukrainian Council Republic",
     "constitution": "rsfsr-1918"},
    {"cmd": "create_council", "council": "ukraine/kharkiv", "republic": "ukraine", "kind": "town",
     "name": "Kharkiv"},
    *({"cmd": "register_person", "person": p, "council": "ukraine/kharkiv",
       "nationality": "ukrainian", "class": c, "born": b, "name": p.title()}
      for p, c, b in [("olena", "worker", 1975), ("taras", "worker", 1982),
                      ("mykola", "peasant", 1989), ("oksana", "houseworker", 1996),
                      ("ivan", "trader", 1970), ("bohdan", "worker", 2015)]),
    {"cmd": "open_question", "question": "kharkiv-elects", "body": "ukraine/kharkiv",
     "kind": "election", "text": "Delegate of Kharkiv", "to": "ukraine/congress",
     "options": ["olena", "taras"]},
    {"cmd": "cast_ballot", "question": "kharkiv-elects", "voter": "olena",
     "ranking": ["olena", "taras"]},
    {"cmd": "cast_ballot", "question": "kharkiv-elects", "voter": "taras",
     "ranking": ["taras", "olena"]},
    {"cmd": "cast_ballot", "question": "kharkiv-elects", "voter": "mykola", "ranking": ["olena"]},
    {"cmd": "close_question", "question": "kharkiv-elects"},
    {"cmd": "open_question", "question": "congress-motion", "body": "ukraine/congress",
     "kind": "motion", "text": "Open a reading room in every village"},
    {"cmd": "cast_ballot", "question": "congress-motion", "voter": "olena", "choice": "yes"},
    {"cmd": "close_question", "question": "congress-motion"},
]


@pytest.fixture(autouse=True)
def _deterministic_receipts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Receipts are random in use; fixed here so two databases can hold the same chain."""
    numbers = itertools.count(1)
    monkeypatch.setattr("councils.application.pipeline.draw_receipt",
                        lambda: f"{next(numbers):016x}")


def run_script(url: str, clock: FixedClock) -> Governance:
    gov = governance(url, clock=clock)
    for command in SCRIPT:
        gov.handle(command)
    return gov


@pytest.fixture
def ran(store_url: str, clock: FixedClock) -> Iterator[Governance]:
    gov = run_script(store_url, clock)
    yield gov
    gov.ledger.dispose()


def test_the_council_elects_and_the_congress_decides(ran: Governance) -> None:
    snap = ran.snapshot()
    elected = snap["questions"]["kharkiv-elects"]
    assert (elected["status"], elected["winners"], elected["participation"]) == (
        "decided", ["olena"], 3)
    assert elected["electorate"] == 4  # the trader and the child are not electors (R1)
    assert [d["person"] for d in snap["bodies"]["ukraine/congress"]["delegates"]] == ["olena"]
    assert snap["questions"]["congress-motion"]["outcome"] == "yes"
    assert snap["persons"] == {"ukraine": {"ukraine/kharkiv": 6}}
    assert ran.ledger.verify().ok


def test_secret_ballots_leave_no_voter_next_to_a_choice(ran: Governance) -> None:
    published = [r.event for r in ran.ledger.read() if r.event.type == "BallotsPublished"]
    assert len(published) == 1
    assert [b["receipt"] for b in published[0].data["ballots"]] == sorted(
        b["receipt"] for b in published[0].data["ballots"])
    assert all(set(b) == {"receipt", "preferences"} for b in published[0].data["ballots"])
    participated = [r.event.data for r in ran.ledger.read() if r.event.type == "VoterParticipated"]
    assert all("preferences" not in d for d in participated)


def test_replay_folds_the_state_kept_live(ran: Governance) -> None:
    live = ran.snapshot()
    state = ran.replay()
    assert state.position == live["position"]
    assert ran.snapshot() == live
    url = getattr(ran.ledger, "url", None)
    if url is None:  # the memory ledger: no second process can open it
        return
    fresh = governance(url, clock=ran.clock)
    try:
        fresh.replay()
        assert fresh.snapshot() == live
    finally:
        fresh.ledger.dispose()


def test_both_databases_hold_the_same_state_and_the_same_chain(
        sqlite_url: str, postgres_url: str, clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    lite = run_script(sqlite_url, clock)
    numbers = itertools.count(1)  # the same receipts again for the second database
    monkeypatch.setattr("councils.application.pipeline.draw_receipt",
                        lambda: f"{next(numbers):016x}")
    post = run_script(postgres_url, clock)
    try:
        assert lite.snapshot() == post.snapshot()
        assert lite.ledger.head() == post.ledger.head()
        assert [r.to_json() for r in lite.ledger.read()] == [r.to_json() for r in post.ledger.read()]
    finally:
        lite.ledger.dispose()
        post.ledger.dispose()
