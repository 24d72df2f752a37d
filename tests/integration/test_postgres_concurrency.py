"""Concurrent writers on a real PostgreSQL server.

Several threads and processes append at once. The table lock must make positions
follow commit order (a reader tailing the ledger never skips a gap), the chain must
never fork, a writer that lost the race must get a clean `Conflict` (never a raw
driver error), and `Governance.handle` must retry it so every command lands once.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import text

from councils.adapters.sql_ledger import SqlLedger
from councils.bootstrap import governance
from councils.domain.errors import Conflict
from councils.domain.events import Event
from tests.conftest import FixedClock

pytestmark = pytest.mark.postgres

WRITERS = 6
APPENDS = 25


def _event(writer: int, n: int) -> Event:
    return Event("BallotCast", {"question": "q", "voter": f"w{writer}-{n}", "preferences": ["yes"]},
                 "question:q", "r", "2026-11-25T12:00:00+00:00")


@pytest.fixture
def db_url(postgres_url: str) -> str:
    """PostgreSQL only: the shared `ledger` fixture (tests/conftest.py) then opens it."""
    return postgres_url


class Tail(threading.Thread):
    """Follows the ledger as a projector would, checking it never sees a position skipped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.ledger = SqlLedger(url)
        self.stop = threading.Event()
        self.seen: list[int] = []

    def run(self) -> None:
        last = 0
        while not self.stop.is_set():
            for r in self.ledger.read(after=last):
                self.seen.append(r.position)
                last = r.position
        self.ledger.dispose()


def test_concurrent_appends_follow_commit_order_without_gap_or_fork(
        ledger: SqlLedger, postgres_url: str) -> None:
    start = threading.Barrier(WRITERS)
    conflicts: Counter[int] = Counter()
    failures: list[BaseException] = []
    tail = Tail(postgres_url)
    tail.start()

    def writer(w: int) -> None:
        mine = SqlLedger(postgres_url)
        try:
            start.wait()
            for n in range(APPENDS):
                batch = [_event(w, n), _event(w, n + 1000)]
                while True:
                    try:
                        mine.append(batch, mine.head()[0])
                        break
                    except Conflict:
                        conflicts[w] += 1
        except BaseException as exc:  # any non-Conflict error fails the test
            failures.append(exc)
        finally:
            mine.dispose()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    time.sleep(0.3)
    tail.stop.set()
    tail.join(10)

    assert failures == []
    total = WRITERS * APPENDS * 2
    recorded = list(ledger.read())
    assert [r.position for r in recorded] == list(range(1, total + 1))
    assert [r.version for r in recorded] == list(range(1, total + 1))  # one stream, no fork
    voters = Counter(r.event.data["voter"] for r in recorded)
    assert len(voters) == total and set(voters.values()) == {1}  # each append landed once
    assert sum(conflicts.values()) > 0, "the writers never raced; the test proves nothing"
    assert tail.seen == list(range(1, len(tail.seen) + 1)), "a tailing reader skipped a position"
    assert ledger.verify().ok


def _register(url: str, writer: int, people: int) -> None:
    gov = governance(url, clock=FixedClock())
    try:
        for n in range(people):
            gov.handle({"cmd": "register_person", "person": f"w{writer}-{n}", "council": "r/town",
                        "nationality": "n", "class": "worker", "born": 1980})
    finally:
        gov.ledger.dispose()


def _founded(url: str) -> None:
    gov = governance(url, clock=FixedClock())
    gov.handle({"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"})
    gov.handle({"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"})
    gov.ledger.dispose()


def _check_each_person_once(url: str, expected: set[str]) -> None:
    gov = governance(url, clock=FixedClock())
    try:
        registered = Counter(r.event.data["person"] for r in gov.ledger.read()
                             if r.event.type == "PersonRegistered")
        assert set(registered) == expected
        assert set(registered.values()) == {1}
        assert gov.ledger.verify().ok
        snap = gov.snapshot()
        assert snap["persons"]["r"]["r/town"] == len(expected)  # projections kept up
    finally:
        gov.ledger.dispose()


def test_governance_threads_retry_conflicts_so_each_command_lands_once(postgres_url: str) -> None:
    _founded(postgres_url)
    threads = [threading.Thread(target=_register, args=(postgres_url, w, 15)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    _check_each_person_once(postgres_url, {f"w{w}-{n}" for w in range(4) for n in range(15)})


def test_governance_processes_retry_conflicts_so_each_command_lands_once(postgres_url: str) -> None:
    _founded(postgres_url)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_register, args=(postgres_url, w, 15)) for w in range(3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(180)
    assert [p.exitcode for p in workers] == [0, 0, 0]
    _check_each_person_once(postgres_url, {f"w{w}-{n}" for w in range(3) for n in range(15)})


# --- each driver error that means "busy" becomes a Conflict -----------------------------


def test_a_writer_that_cannot_get_the_lock_in_time_gets_a_conflict(postgres_url: str) -> None:
    patient = SqlLedger(postgres_url)
    patient.create_schema()
    hasty = SqlLedger(postgres_url, lock_timeout=0.2)
    try:
        with patient.engine.begin() as holder:
            holder.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(Conflict, match="locked by another writer"):
                hasty.append([_event(0, 0)], 0)
            assert time.monotonic() - started < 5
        hasty.append([_event(0, 0)], 0)  # the lock is free again
    finally:
        patient.dispose()
        hasty.dispose()


@pytest.mark.parametrize(("sqlstate", "message"), [
    ("40001", "serialise"), ("40P01", "deadlock"), ("55P03", "locked"), ("57014", "cancelled")])
def test_serialisation_deadlock_and_lock_errors_from_the_server_are_conflicts(
        ledger: SqlLedger, sqlstate: str, message: str) -> None:
    with pytest.raises(Conflict, match=message), ledger.writing() as writer:
        writer.append([_event(0, 0)], 0)  # then the server fails the transaction
        writer.conn.exec_driver_sql(
            f"DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '{sqlstate}'; END $$")
    assert ledger.head()[0] == 0


def test_other_driver_errors_are_not_disguised_as_conflicts(ledger: SqlLedger) -> None:
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="division by zero"), ledger.writing() as writer:
        writer.append([_event(0, 0)], 0)
        writer.conn.exec_driver_sql("SELECT 1/0")
    assert ledger.head()[0] == 0


def test_handle_retries_a_conflict_and_the_command_lands_once(postgres_url: str) -> None:
    """A writer held up past its lock timeout gets a Conflict; `handle` retries it."""
    from councils.application.governance import Governance

    _founded(postgres_url)
    holder = SqlLedger(postgres_url)
    gov = Governance(SqlLedger(postgres_url, lock_timeout=0.2), clock=FixedClock())
    gov.catch_up()
    attempts = []
    real = gov.ledger.writing

    def counted():  # type: ignore[no-untyped-def]
        attempts.append(time.monotonic())
        return real()

    gov.ledger.writing = counted  # type: ignore[method-assign]
    release = threading.Event()

    def hold() -> None:
        with holder.engine.begin() as conn:
            conn.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
            release.wait(10)

    blocker = threading.Thread(target=hold)
    blocker.start()
    time.sleep(0.2)
    threading.Timer(0.5, release.set).start()
    try:
        gov.handle({"cmd": "register_person", "person": "late", "council": "r/town",
                    "nationality": "n", "class": "worker", "born": 1980})
    finally:
        release.set()
        blocker.join(10)
        holder.dispose()
        gov.ledger.dispose()
    assert len(attempts) >= 2, "the first attempt should have met the held lock"
    _check_each_person_once(postgres_url, {"late"})
