"""Helpers of the ledger contract suite: a ledger on each backend, events, raw tampering.

Tampering goes around the adapter with plain SQL, as an intruder with database access
would, because the hash chain exists to catch exactly what the adapter never does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from councils.adapters.sql_ledger import SqlLedger
from councils.application.ports import EventStore
from councils.domain.events import Event


def person_event(n: int, republic: str = "ukraine", at: str = "2026-11-25T12:00:00+00:00") -> Event:
    pid = f"p{n}"
    return Event("PersonRegistered", {"person": pid, "council": f"{republic}/kharkiv",
                                      "republic": republic, "nationality": "ukrainian",
                                      "class": "worker", "born": 1980, "name": f"Person {n}"},
                 f"person:{pid}", republic, at)


def ballot_event(question: str, voter: str, choice: str = "yes") -> Event:
    return Event("BallotCast", {"question": question, "voter": voter, "preferences": [choice]},
                 f"question:{question}", "ukraine", "2026-11-25T12:00:00+00:00")


def sql(led: SqlLedger, statement: str, **params: Any) -> None:
    """Run raw SQL in its own transaction, bypassing the adapter."""
    with led.engine.begin() as conn:
        conn.execute(text(statement), params)


def fill(led: EventStore, n: int) -> None:
    """Append `n` events, a mix of one stream and many, in three transactions."""
    events = [ballot_event("q1", f"v{i}") if i % 2 else person_event(i) for i in range(1, n + 1)]
    third = max(1, n // 3)
    chunks = [events[:third], events[third:2 * third], events[2 * third:]]
    for chunk in chunks:
        if chunk:
            led.append(chunk, led.head()[0])
