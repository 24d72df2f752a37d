"""The SQL ledger's own contract on SQLite and a real PostgreSQL (`db_url`): the database's guards and tampering.

What every event store does is in `test_event_store_contract.py`; here, what only a
database can be made to do: constraints in the tables themselves, locks between
processes, and rows changed behind the adapter's back, which the hash chain must name at
the first position anyone tampered with, however they did it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from councils.adapters.codec import record
from councils.adapters.sql_ledger import SqlLedger
from councils.domain.events import SealedBallot

from .conftest import ballot_event, fill, person_event, sql


def test_stream_and_version_are_unique_in_the_table_itself(ledger: SqlLedger) -> None:
    ledger.append([person_event(1)], 0)
    with pytest.raises(IntegrityError), ledger.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO events (position, stream, version, type, scope, at, payload, meta, "
            "prev_hash, hash) SELECT 2, stream, version, type, scope, at, payload, meta, hash, "
            "hash FROM events WHERE position = 1"))


# --- the sealed ballot box -------------------------------------------------------------


def test_sealed_ballots_are_kept_apart_and_come_back_ordered_by_receipt(ledger: SqlLedger) -> None:
    receipts = ["f00d", "0abc", "9999", "1234"]
    for i, receipt in enumerate(receipts):
        position = ledger.head()[0]
        participated = person_event(100 + i)
        ledger.append([participated], position, [SealedBallot("q1", receipt, ("yes", "no"))])
    ledger.append([], ledger.head()[0], [SealedBallot("q2", "aaaa", ("no",))])
    box = ledger.sealed_ballots("q1")
    assert [b.receipt for b in box] == sorted(receipts)
    assert all(b.preferences == ("yes", "no") for b in box)
    assert ledger.has_receipt("q1", "0abc") and not ledger.has_receipt("q2", "0abc")
    with ledger.engine.connect() as conn:
        names = list(conn.execute(text("SELECT * FROM ballot_box")).keys())
    columns = [c.lower() for c in names]
    assert columns == ["question", "receipt", "preferences"]  # nothing that names a voter


# --- tampering -------------------------------------------------------------------------


def test_an_altered_event_is_named(ledger: SqlLedger) -> None:
    fill(ledger, 10)
    sql(ledger, "UPDATE events SET payload = replace(payload, 'worker', 'rentier') "
                "WHERE position = 4")
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 4)
    assert "altered" in result.reason


@pytest.mark.parametrize("change", [
    "payload = 'not json at all'", "type = 'Bogus'", "meta = '{\"actor\": \"x\"}'",
    "payload = replace(payload, ':', ': ')"])
def test_any_change_to_a_column_that_the_hash_covers_is_named(ledger: SqlLedger, change: str) -> None:
    fill(ledger, 6)
    sql(ledger, f"UPDATE events SET {change} WHERE position = 3")
    result = ledger.verify()
    if "': '" in change:  # a different JSON spelling of the same data is not a change
        assert result.ok, result.reason
    else:
        assert (result.ok, result.first_bad) == (False, 3), result.reason


def test_an_altered_stream_or_version_is_named(ledger: SqlLedger) -> None:
    fill(ledger, 10)
    sql(ledger, "UPDATE events SET version = version + 100 WHERE position = 7")
    assert ledger.verify().first_bad == 7


def test_a_deleted_event_is_named(ledger: SqlLedger) -> None:
    fill(ledger, 10)
    sql(ledger, "DELETE FROM events WHERE position = 5")
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 5)
    assert "missing" in result.reason


def _shift_up_from(ledger: SqlLedger, position: int) -> None:
    """Make room at `position` (two steps, so no backend trips on its primary key)."""
    sql(ledger, "UPDATE events SET position = -(position + 1) WHERE position >= :p", p=position)
    sql(ledger, "UPDATE events SET position = -position WHERE position < 0")


def test_an_inserted_forged_event_is_named_where_the_chain_breaks(ledger: SqlLedger) -> None:
    fill(ledger, 10)
    before = {r.position: r for r in ledger.read()}
    _shift_up_from(ledger, 4)
    # The forger chains the new event correctly onto event 3 ...
    forged = record(4, 1, person_event(999), before[3].hash)
    sql(ledger, "INSERT INTO events (position, stream, version, type, scope, at, payload, meta, "
                "prev_hash, hash) VALUES (4, :stream, 1, :type, :scope, :at, :payload, '{}', "
                ":prev, :hash)",
        stream=forged.event.stream, type=forged.event.type, scope=forged.event.scope,
        at=forged.event.at, payload=__import__("json").dumps(forged.event.data),
        prev=forged.prev_hash, hash=forged.hash)
    result = ledger.verify()
    # ... but the old event 4, now at 5, still links to event 3 and its hash covers its position.
    assert (result.ok, result.first_bad) == (False, 5)


def test_an_inserted_unchained_event_is_named(ledger: SqlLedger) -> None:
    fill(ledger, 6)
    _shift_up_from(ledger, 2)
    sql(ledger, "INSERT INTO events (position, stream, version, type, scope, at, payload, meta, "
                "prev_hash, hash) SELECT 2, 'person:x', 1, type, scope, at, payload, meta, "
                "prev_hash, hash FROM events WHERE position = 3")
    assert ledger.verify().first_bad == 2


def test_reordered_events_are_named(ledger: SqlLedger) -> None:
    fill(ledger, 10)
    sql(ledger, "UPDATE events SET position = -1 WHERE position = 6")
    sql(ledger, "UPDATE events SET position = 6 WHERE position = 7")
    sql(ledger, "UPDATE events SET position = 7 WHERE position = -1")
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 6)


def test_deleting_the_last_event_is_caught_by_the_head_anchor(ledger: SqlLedger) -> None:
    fill(ledger, 8)
    sql(ledger, "DELETE FROM events WHERE position = 8")
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 8)
    assert "head" in result.reason


def test_an_event_appended_behind_the_ledgers_back_is_caught_by_the_head_anchor(
        ledger: SqlLedger) -> None:
    fill(ledger, 4)
    last = list(ledger.read())[-1]
    extra = record(5, 1, person_event(55), last.hash)
    sql(ledger, "INSERT INTO events (position, stream, version, type, scope, at, payload, meta, "
                "prev_hash, hash) VALUES (5, :stream, 1, :type, :scope, :at, :payload, '{}', "
                ":prev, :hash)",
        stream=extra.event.stream, type=extra.event.type, scope=extra.event.scope,
        at=extra.event.at, payload=__import__("json").dumps(extra.event.data),
        prev=extra.prev_hash, hash=extra.hash)
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 5)


def test_a_rewritten_chain_is_caught_by_the_head_anchor(ledger: SqlLedger) -> None:
    """Re-hashing every event after an edit makes the chain consistent, but not its head."""
    fill(ledger, 5)
    rows = list(ledger.read())
    edited = person_event(3, republic="belarus")
    prev = rows[1].hash
    sql(ledger, "DELETE FROM events WHERE position >= 3")
    fixed = [record(3, 1, edited, prev)]
    for r in rows[3:]:
        fixed.append(record(r.position, r.version, r.event, fixed[-1].hash))
    with ledger.engine.begin() as conn:
        from councils.adapters.codec import COLUMNS, encode_recorded

        marks = ", ".join(f":{c}" for c in COLUMNS)
        conn.execute(text(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})"),
                     [dict(zip(COLUMNS, encode_recorded(r), strict=True)) for r in fixed])
    result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 5)
    assert "rewritten" in result.reason


# --- the write lock ----------------------------------------------------------------------


def test_reads_while_holding_the_write_lock_do_not_wait_for_it(db_url: str) -> None:
    """A writer catches up and reads ballots under its own lock; that must not block."""
    import time

    led = SqlLedger(db_url, lock_timeout=2)
    led.create_schema()
    try:
        led.append([person_event(1)], 0, [SealedBallot("q1", "r1", ("yes",))])
        started = time.monotonic()
        with led.writing() as writer:
            assert writer.position == 1
            assert led.head()[0] == 1
            assert [r.position for r in led.read()] == [1]
            assert len(led.sealed_ballots("q1")) == 1
            writer.append([person_event(2)], 1)
            assert writer.position == 2
        assert time.monotonic() - started < 1.5
        assert led.head()[0] == 2
    finally:
        led.dispose()


def test_a_second_writer_waits_for_the_lock_and_then_sees_the_new_head(db_url: str) -> None:
    import threading

    led = SqlLedger(db_url)
    led.create_schema()
    other = SqlLedger(db_url)
    seen: list[int] = []
    try:
        with led.writing() as writer:
            waiting = threading.Thread(target=lambda: seen.append(_position_under_lock(other)))
            waiting.start()
            waiting.join(0.5)
            assert waiting.is_alive(), "the second writer did not wait for the lock"
            writer.append([person_event(1)], 0)
        waiting.join(10)
        assert seen == [1]
    finally:
        led.dispose()
        other.dispose()


def _position_under_lock(led: SqlLedger) -> int:
    with led.writing() as writer:
        return writer.position


def test_stream_versions_stay_right_across_writers_and_rollbacks(db_url: str) -> None:
    """One writer remembers versions from what it read; another asks the database."""
    a, b = SqlLedger(db_url), SqlLedger(db_url)
    a.create_schema()
    try:
        a.append([ballot_event("q", "v1"), ballot_event("q", "v2")], 0)
        assert len(list(a.read())) == 2
        assert a.versions.position == 2
        b.append([ballot_event("q", "v3")], 2)  # a did not see this one commit
        with pytest.raises(KeyError), a.writing() as writer:
            writer.append([ballot_event("q", "v4"), person_event(1)], 3)
            raise KeyError("rolled back: must not be remembered")
        recorded = a.append([ballot_event("q", "v4"), person_event(1)], 3)
        assert [(r.event.stream, r.version) for r in recorded] == [("question:q", 4),
                                                                  ("person:p1", 1)]
        assert a.versions.position == 5
        assert b.append([ballot_event("q", "v5")], 5)[0].version == 5
        versions = [r.version for r in a.read() if r.event.stream == "question:q"]
        assert versions == [1, 2, 3, 4, 5]
        assert a.verify().ok
    finally:
        a.dispose()
        b.dispose()
