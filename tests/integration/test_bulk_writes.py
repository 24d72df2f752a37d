"""The shortcuts of bulk writing give exactly what the general path gives, on each backend.

A register import writes on a helper thread while it prepares the next chunk
(`LedgerWriter.pipelined`), and bulk inserts go as statements of many rows. Each is held
to the slow path: rows equal to those inserted one at a time, statements in order within
one transaction that an error rolls back whole, and a state equal to the one a replay folds.
"""

from __future__ import annotations

from typing import Any

import pytest

from councils.adapters import sql_ledger
from councils.adapters.bulk_insert import MULTI_ROW_MIN_ROWS, MULTI_ROW_VARIABLES, insert_columns, insert_rows
from councils.adapters.sql_ledger import SqlLedger
from councils.adapters.stream_versions import StreamVersions
from councils.bootstrap import governance
from councils.domain.commands import CastBallot, OpenQuestion, parse_command
from councils.domain.events import Event
from tests.conftest import FixedClock

PERSON_COLUMNS = ("id", "council", "republic", "nationality", "class", "born", "name")
SCRATCH = ('CREATE TABLE {name} (id VARCHAR(200) PRIMARY KEY, council VARCHAR(200), republic VARCHAR(200), '
           'nationality VARCHAR(100), "class" VARCHAR(40), born INTEGER, name TEXT)')


@pytest.mark.parametrize("count", [1, MULTI_ROW_MIN_ROWS, MULTI_ROW_VARIABLES // 7 * 2 + 5])
def test_rows_inserted_a_column_at_a_time_are_those_inserted_a_row_at_a_time(
        ledger: SqlLedger, count: int) -> None:
    """Below the threshold, one statement per row; above it, statements of many rows, the last shorter."""
    rows = [(f"p{i:05}", "r/c", "r", 'n "ü"', "worker", 1900 + i % 100, None if i % 3 else f"N\\{i}")
            for i in range(count)]
    with ledger.engine.begin() as conn:
        conn.exec_driver_sql(SCRATCH.format(name="persons"))
        insert_columns(conn, "persons", PERSON_COLUMNS, [list(c) for c in zip(*rows, strict=True)])
        conn.exec_driver_sql(SCRATCH.format(name="copied"))
        insert_rows(conn, "copied", PERSON_COLUMNS, rows)
        names = ", ".join(f'"{c}"' for c in PERSON_COLUMNS)
        got = conn.exec_driver_sql(f"SELECT {names} FROM persons ORDER BY id").all()
        again = conn.exec_driver_sql(f"SELECT {names} FROM copied ORDER BY id").all()
    assert [tuple(r) for r in got] == rows == [tuple(r) for r in again]


def test_columns_of_different_lengths_are_refused(ledger: SqlLedger) -> None:
    count = MULTI_ROW_MIN_ROWS
    with pytest.raises(ValueError, match="different lengths"), ledger.engine.begin() as conn:
        insert_columns(conn, "ballot_box", ("question", "receipt", "preferences"),
                       [["q"] * count, ["r"] * (count - 1), ["[]"] * count])


def test_a_bulk_write_is_remembered_with_what_was_known_before() -> None:
    versions = StreamVersions()
    versions.learn(0, [(1, "a", 1), (2, "b", 1)])
    versions.committed(2, 5, {"b": 2, "c": 1, "d": 1})  # more streams than were known: adopted
    assert versions.lookup(["a", "b", "c", "d", "e"], 5) == {"a": 1, "b": 2, "c": 1, "d": 1, "e": 0}
    versions.committed(5, 6, {"a": 2})
    assert versions.lookup(["a", "b"], 6) == {"a": 2, "b": 2}
    assert versions.lookup(["a"], 5) is None


def test_a_bulk_write_of_many_rows_reads_back_and_verifies(ledger: SqlLedger) -> None:
    events = [_person(n) for n in range(MULTI_ROW_VARIABLES // 10 * 2 + 3)]
    with ledger.writing() as writer:
        recorded = writer.append(events, 0)
    assert [r.to_json() for r in ledger.read()] == [r.to_json() for r in recorded]
    assert ledger.verify().ok
    assert ledger.append([_person(0)], len(events))[0].version == 2  # versions remembered


def _person(n: int) -> Event:
    return Event("PersonRegistered", {"person": f"p{n}", "council": "r/c", "republic": "r",
                                      "nationality": "n", "name": None, "born": 1980,
                                      "class": "worker"}, f"person:p{n}", "r", "2026")


def test_pipelined_appends_are_written_in_order_and_reads_wait_for_them(ledger: SqlLedger) -> None:
    seen: list[int] = []
    with ledger.writing() as writer, writer.pipelined():
        for chunk in range(5):
            events = [_person(chunk * 10 + i) for i in range(10)]
            seen.extend(r.position for r in writer.append(events, writer.position))
        assert ledger.count() == 50  # a read inside the block sees every append before it
        assert [r.position for r in ledger.read()] == list(range(1, 51))
    assert seen == list(range(1, 51))
    assert ledger.head()[0] == 50
    assert ledger.verify().ok


def test_an_in_memory_sqlite_ledger_is_written_in_turn() -> None:
    """Its one connection belongs to the thread that made it: no helper thread may use it."""
    ledger = SqlLedger("sqlite://")
    ledger.create_schema()
    try:
        with ledger.writing() as writer, writer.pipelined():
            assert writer.pipe is None
            events = [_person(n) for n in range(100)]
            writer.append(events, 0)
        assert ledger.head()[0] == 100
        assert ledger.verify().ok
    finally:
        ledger.dispose()


def test_an_error_on_the_helper_thread_rolls_the_whole_transaction_back(
        ledger: SqlLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.append([_person(0)], 0)
    before = ledger.head()
    calls = {"n": 0}
    real = insert_columns  # as `sql_ledger` calls it to write the ledger's rows

    def failing(*args: Any) -> None:  # the second chunk's insert fails, as a full disk would
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real(*args)

    monkeypatch.setattr(sql_ledger, "insert_columns", failing)
    with pytest.raises(OSError, match="disk full"), ledger.writing() as writer, writer.pipelined():
        for chunk in range(1, 6):
            writer.append([_person(chunk * 10 + i) for i in range(10)], writer.position)
    assert calls["n"] == 2  # nothing ran after the error
    monkeypatch.undo()
    assert ledger.head() == before
    assert ledger.count() == 1
    assert ledger.verify().ok
    ledger.append([_person(1)], 1)  # and the ledger goes on from where it was
    assert ledger.verify().ok


def test_ballots_keep_the_state_a_replay_would_fold(db_url: str) -> None:
    gov = governance(db_url, clock=FixedClock())
    try:
        gov.handle({"cmd": "found_republic", "republic": "r", "name": "R",
                    "constitution": "rsfsr-1918"})
        gov.handle({"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"})
        gov.handle_batch([{"cmd": "register_person", "person": f"p{i}", "council": "r/town",
                           "nationality": "n", "class": "worker", "born": 1980}
                          for i in range(30)])
        gov.handle_batch([{"cmd": "open_question", "question": q, "body": "r/town",
                           "kind": "motion", "text": q} for q in ("a", "b")])
        done, error = gov.handle_batch(
            [{"cmd": "cast_ballot", "question": q, "voter": f"p{i}", "choice": "yes"}
             for q, n in (("a", 20), ("b", 7)) for i in range(n)])
        assert (done, error) == (27, None)
        gov.handle({"cmd": "cast_ballot", "question": "a", "voter": "p25", "choice": "no"})
        live = gov.snapshot()
        assert (live["questions"]["a"]["participation"],
                live["questions"]["b"]["participation"]) == (21, 7)
        gov.replay()
        assert gov.snapshot() == live
    finally:
        gov.ledger.dispose()


def test_parsed_commands_equal_those_built_directly() -> None:
    ballot = parse_command({"cmd": "cast_ballot", "question": "q", "voter": "v", "choice": "yes"})
    assert ballot == CastBallot("q", "v", "yes")
    assert hash(ballot) == hash(CastBallot("q", "v", "yes"))
    assert (ballot.ranking, ballot.approve, ballot.preferences) == (None, None, ("yes",))
    opened = parse_command({"cmd": "open_question", "question": "q", "body": "r/town",
                            "kind": "motion", "text": "t", "options": ["a", "b"]})
    assert opened == OpenQuestion("q", "r/town", "motion", "t", options=("a", "b"))
    with pytest.raises(AttributeError):
        ballot.voter = "w"  # type: ignore[misc]  # still frozen
