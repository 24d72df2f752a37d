"""The event store's contract, run unchanged on memory, SQLite and a real PostgreSQL (`store`).

Whatever the backend: positions follow appends with no gap, streams are versioned, a
stale writer gets a clean `Conflict` and writes nothing, a failed transaction leaves
nothing (events or sealed ballots), nested blocks join one transaction, and the stored
hashes are those the codec defines, so the fast tier's memory ledger behaves as the
databases do.
"""

from __future__ import annotations

import pytest

from councils.adapters.codec import GENESIS, chain_hash, record
from councils.application.ports import EventStore
from councils.domain.errors import Conflict
from councils.domain.events import SealedBallot

from .conftest import ballot_event, fill, person_event


def test_an_empty_ledger_starts_at_genesis(store: EventStore) -> None:
    assert store.head() == (0, GENESIS)
    assert list(store.read()) == []
    assert store.count() == 0
    assert store.verify().ok


def test_appends_are_read_back_in_order_with_stream_versions(store: EventStore) -> None:
    first = store.append([person_event(1), ballot_event("q1", "p1"), ballot_event("q1", "p2")], 0)
    second = store.append([ballot_event("q1", "p3"), person_event(2)], 3)
    back = list(store.read())
    assert [r.position for r in back] == [1, 2, 3, 4, 5]
    assert back == first + second
    assert [(r.event.stream, r.version) for r in back] == [
        ("person:p1", 1), ("question:q1", 1), ("question:q1", 2), ("question:q1", 3),
        ("person:p2", 1)]
    assert back[1].event.data == {"question": "q1", "voter": "p1", "preferences": ["yes"]}


def test_reading_pages_after_a_position_and_up_to_a_limit(store: EventStore) -> None:
    fill(store, 25)
    assert [r.position for r in store.read(batch=4)] == list(range(1, 26))
    assert [r.position for r in store.read(after=10, limit=7, batch=3)] == list(range(11, 18))
    assert [r.position for r in store.read(after=25)] == []


def test_the_head_is_the_last_event(store: EventStore) -> None:
    recorded = store.append([person_event(1), person_event(2)], 0)
    assert store.head() == (2, recorded[-1].hash)
    assert recorded[0].prev_hash == GENESIS
    assert recorded[1].prev_hash == recorded[0].hash


def test_a_writer_that_read_a_stale_position_gets_a_conflict_and_writes_nothing(
        store: EventStore) -> None:
    store.append([person_event(1)], 0)
    before = store.head()
    with pytest.raises(Conflict, match="expected position 0, found 1"):
        store.append([person_event(2)], 0, [SealedBallot("q1", "r1", ("yes",))])
    assert store.head() == before
    assert store.count() == 1
    assert store.sealed_ballots("q1") == []


def test_a_duplicate_stream_version_from_an_import_is_a_conflict(store: EventStore) -> None:
    one = record(1, 1, person_event(1), GENESIS)
    two = record(2, 1, person_event(1), one.hash)  # same stream, same version
    with pytest.raises(Conflict):
        store.import_records([one, two])
    assert store.count() == 0


def test_stored_hashes_are_those_the_codec_defines(store: EventStore) -> None:
    fill(store, 9)
    prev = GENESIS
    for r in store.read():
        assert r.prev_hash == prev
        assert r.hash == chain_hash(prev, r.body())
        prev = r.hash


def test_a_receipt_used_twice_is_a_conflict_and_nothing_is_written(store: EventStore) -> None:
    store.append([person_event(1)], 0, [SealedBallot("q1", "r1", ("yes",))])
    with pytest.raises(Conflict):
        store.append([person_event(2)], 1, [SealedBallot("q1", "r1", ("no",))])
    assert store.count() == 1
    assert [b.preferences for b in store.sealed_ballots("q1")] == [("yes",)]


def test_an_intact_ledger_verifies(store: EventStore) -> None:
    fill(store, 12)
    result = store.verify()
    assert result.ok, result.reason
    assert (result.events, result.head_position) == (12, 12)
    assert result.head_hash == store.head()[1]


def test_an_exception_under_the_lock_rolls_the_append_back(store: EventStore) -> None:
    with pytest.raises(KeyError), store.writing() as writer:
        writer.append([person_event(1)], 0, [SealedBallot("q1", "r1", ("yes",))])
        raise KeyError("decided badly")
    assert store.head() == (0, GENESIS)
    assert store.sealed_ballots("q1") == []


def test_nested_writing_joins_the_enclosing_transaction(store: EventStore) -> None:
    with store.writing() as outer:
        store.append([person_event(1)], 0)  # an ordinary append joins the transaction
        with store.writing() as inner:
            assert inner is outer
            inner.append([person_event(2)], 1)
        assert store.head() == (2, outer.hash)  # this thread sees its own appends
        assert [r.position for r in store.read()] == [1, 2]
    assert store.head()[0] == 2


def test_a_failure_in_a_nested_block_rolls_back_the_whole_transaction(store: EventStore) -> None:
    with pytest.raises(Conflict), store.writing():
        store.append([person_event(1)], 0)
        store.append([person_event(2)], 0)  # stale: the transaction is already at 1
    assert store.head() == (0, GENESIS)


def test_rollback_hooks_run_only_when_the_transaction_does_not_commit(store: EventStore) -> None:
    calls: list[str] = []
    with store.writing() as writer:
        writer.on_rollback(lambda: calls.append("committed?"))
        writer.append([person_event(1)], 0)
    assert calls == []
    with pytest.raises(Conflict), store.writing() as writer:
        writer.on_rollback(lambda: calls.append("rolled back"))
        writer.append([person_event(2)], 1)
        writer.append([person_event(3)], 1)
    assert calls == ["rolled back"]
    assert store.head()[0] == 1


def test_a_failed_transaction_leaves_neither_events_nor_ballots(store: EventStore) -> None:
    with pytest.raises(RuntimeError, match="decided badly"), store.writing() as tx:
        tx.append([person_event(1)], 0, [SealedBallot("q1", "r1", ("yes",))])
        assert store.sealed_ballots("q1") != []  # visible inside the transaction
        raise RuntimeError("decided badly")
    assert store.head() == (0, GENESIS)
    assert store.count() == 0
    assert store.sealed_ballots("q1") == []


def test_pages_of_events_are_the_recorded_events_without_their_hashes(store: EventStore) -> None:
    fill(store, 11)
    pages = [list(page) for page in store.read_events(after=2, batch=4)]
    assert [len(p) for p in pages] == [4, 4, 1]
    assert [e for p in pages for e in p] == [r.event for r in store.read(after=2)]


def test_sealed_ballots_come_back_ordered_by_receipt_not_by_arrival(store: EventStore) -> None:
    receipts = ["f00d", "0abc", "9999", "1234"]
    for i, receipt in enumerate(receipts):
        store.append([person_event(100 + i)], store.head()[0], [SealedBallot("q1", receipt, ("yes", "no"))])
    store.append([], store.head()[0], [SealedBallot("q2", "aaaa", ("no",))])
    assert [b.receipt for b in store.sealed_ballots("q1")] == sorted(receipts)
    assert store.has_receipt("q1", "0abc") and not store.has_receipt("q2", "0abc")
