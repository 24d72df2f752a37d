"""The ledger on SQLite or PostgreSQL, through SQLAlchemy Core: paged reads, locking, writing.

Appends are serialised (BEGIN IMMEDIATE on SQLite, an exclusive table lock on
PostgreSQL) so that positions follow commit order and a reader never skips a gap.
A writer takes the lock before it decides (`writing()`), so concurrent writers queue
rather than race; whoever appends still states the position its decision was based
on, and a mismatch is a clean `Conflict` rather than a fork of the hash chain.

This module says what is read and written, and when; the how lives beside it, one job
each: `sql_engine` opens the databases, `codec` turns events into rows and back (once,
the stored payload being the canonical JSON the hash covers), `bulk_insert` hands rows
to the driver in bulk, `write_pipe` runs a bulk transaction's inserts on a helper
thread, `sql_errors` turns "someone else holds the ledger" into a `Conflict` that
callers retry, and `chain_check` verifies.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import SingletonThreadPool

from councils.adapters import schema
from councils.adapters.bulk_insert import insert_columns, insert_rows  # tests patch them here
from councils.adapters.chain_check import verify_chain
from councils.adapters.codec import (
    COLUMNS,
    GENESIS,
    EventRow,
    chain_columns,
    decode_event,
    decode_row,
    encode_json,
    encode_recorded,
)
from councils.adapters.sql_engine import make_engine, normalise_url
from councils.adapters.sql_errors import translate
from councils.adapters.sql_outbox import SqlOutbox, insert_notices
from councils.adapters.stream_versions import StreamVersions
from councils.adapters.tables import ballot_box, events
from councils.adapters.write_pipe import WritePipe
from councils.application.ports import NoticeDraft, RecordedEvent, Verification
from councils.domain.errors import Conflict
from councils.domain.events import Event, SealedBallot

_stream = attrgetter("stream")
BALLOT_COLUMNS = ("question", "receipt", "preferences")


class SqlLedger:
    """The append-only, hash-chained ledger and its sealed ballot box."""

    def __init__(self, url: str, lock_timeout: float = 30.0) -> None:
        self.url = normalise_url(url)
        self.lock_timeout = lock_timeout
        self.engine = make_engine(self.url, lock_timeout)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self._param = "%s" if self.is_postgres else "?"
        self._local = threading.local()  # the writer this thread holds, if any
        self.versions = StreamVersions()
        self.outbox = SqlOutbox(self.engine)  # notices, inserted by the writer with the events

    def create_schema(self) -> None:
        schema.upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads that never waits for (or blocks) a writer.

        Inside `writing()` on this thread it is the writer's own connection, so the
        reader sees what the transaction has appended so far (and, on SQLite, does not
        ask for the write lock this thread already holds and wait for itself).
        """
        writer = self._writer()
        if writer is not None:
            writer.drain()  # a pipelined writer's queued statements come first
            yield writer.conn
            return
        with self.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            yield conn

    def _writer(self) -> LedgerWriter | None:
        writer: LedgerWriter | None = getattr(self._local, "writer", None)
        return writer

    # --- reading ---------------------------------------------------------------------

    def head(self, conn: Connection | None = None) -> tuple[int, str]:
        """The position and hash of the last event, as anchored in `ledger_head`."""
        if conn is None:
            writer = self._writer()
            if writer is not None:
                return writer.position, writer.hash
            with self.reading() as c:
                return self.head(c)
        row = conn.exec_driver_sql("SELECT position, hash FROM ledger_head WHERE id = 1").first()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def read(self, after: int = 0, limit: int | None = None, batch: int = 5000) -> Iterator[RecordedEvent]:
        """Events in order, fetched in pages so memory does not grow with the ledger.

        Each page is a keyset query on a short-lived connection, so a long read neither
        holds a snapshot open (which would stop SQLite checkpointing) nor blocks writers.
        """
        for page in self.read_rows(after, limit, batch):
            yield from map(decode_row, page)

    def read_rows(self, after: int = 0, limit: int | None = None, batch: int = 5000, *,
                  learn: bool = True) -> Iterator[Sequence[EventRow]]:
        """Pages of raw rows in `COLUMNS` order: for callers that need no decoding (verify).

        Pages are windows of positions (`after < position <= after + batch`), not
        `position > after LIMIT batch`: with a bounded range the planner always walks
        the primary key, whereas PostgreSQL, on a freshly loaded table it has not yet
        analysed, may sort the whole remaining table for every page. A hole in the
        positions (which `verify` reports) is skipped to the next event.
        """
        p = self._param
        sql = (f"SELECT {', '.join(COLUMNS)} FROM events WHERE position > {p} "
               f"AND position <= {p} ORDER BY position")
        last, left = after, limit
        while left is None or left > 0:
            size = batch if left is None else min(batch, left)
            inside = self._writer() is not None  # may hold this thread's uncommitted events
            with self.reading() as conn:
                result = conn.exec_driver_sql(sql, (last, last + size))
                rows: Sequence[Any] = result.cursor.fetchall()  # plain tuples: no Row objects
                result.close()
                if not rows:
                    following = conn.exec_driver_sql(
                        f"SELECT MIN(position) FROM events WHERE position > {p}", (last,)).scalar()
                    if following is None:
                        return
                    last = int(following) - 1
                    continue
            if learn and not inside:
                self.versions.learn(last, rows)
            yield rows
            last = int(rows[-1][0])
            if left is not None:
                left -= len(rows)

    def read_events(self, after: int = 0, batch: int = 5000) -> Iterator[Iterable[Event]]:
        """Pages of events without their positions and hashes: all that folding the state needs.

        Each page decodes its rows one at a time as it is iterated: a page of decoded events
        held while the state's own objects are made between them fragments the heap (a
        replay's peak memory grew by 40 % that way).
        """
        for page in self.read_rows(after, batch=batch):
            yield map(decode_event, page)

    def count(self) -> int:
        with self.reading() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        """A question's sealed ballots, ordered by receipt (an order that carries no timing)."""
        with self.reading() as conn:
            rows = conn.execute(select(ballot_box).where(ballot_box.c.question == question)
                                .order_by(ballot_box.c.receipt)).all()
        return [SealedBallot(r.question, r.receipt, tuple(json.loads(r.preferences))) for r in rows]

    def has_receipt(self, question: str, receipt: str) -> bool:
        with self.reading() as conn:
            return conn.execute(select(ballot_box.c.receipt).where(
                ballot_box.c.question == question, ballot_box.c.receipt == receipt)).first() is not None

    # --- writing ---------------------------------------------------------------------

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        """Append atomically after position `expected`, with the sealed ballots.

        Raises `Conflict` (and writes nothing) if the ledger is not at `expected`, if a
        concurrent writer got there first, or if the ledger stayed locked too long.
        """
        with self.writing() as writer:
            return writer.append(new, expected, sealed)

    @contextmanager
    def writing(self) -> Iterator[LedgerWriter]:
        """Hold the write lock for a whole read-decide-append, committed when the block ends.

        Deciding under the lock means a writer never decides on a state that another
        writer is about to change, so concurrent writers queue instead of failing with
        `Conflict` and retrying (which, under load, starves some of them). An exception
        in the block rolls everything back. Nested on the same thread, it joins the
        enclosing transaction, so larger operations compose atomically.
        """
        current = self._writer()
        if current is not None:
            yield current
            return
        writer: LedgerWriter | None = None
        committed = False
        try:
            with self.engine.begin() as conn:
                position, prev = self._lock(conn)
                self._sync_versions(conn, position)
                writer = LedgerWriter(self, conn, position, prev)
                self._local.writer = writer
                try:
                    yield writer
                finally:
                    self._local.writer = None
            committed = True
            self.versions.committed(writer.start, writer.position, writer.versions)
        except DBAPIError as exc:
            self.versions.forget()  # in case what it remembers is what the database refused
            raise translate(exc) from None
        except Conflict:
            self.versions.forget()
            raise
        finally:
            if writer is not None and not committed:
                for hook in writer.rollback_hooks:
                    hook()

    def _sync_versions(self, conn: Connection, position: int) -> None:
        """Bring the remembered stream versions up to the head just locked (others' commits)."""
        known = self.versions.position
        if known is None or known == position:
            return
        if known > position:  # the ledger is not the one remembered (restored, truncated)
            self.versions.forget()
            return
        p = self._param
        rows = conn.exec_driver_sql(f"SELECT {', '.join(COLUMNS[:3])} FROM events WHERE "
                                    f"position > {p} ORDER BY position", (known,)).all()
        self.versions.learn(known, rows)

    def _write(self, conn: Connection, new: list[Event], writer: LedgerWriter,
               sealed: Iterable[SealedBallot]) -> list[RecordedEvent]:
        streams = set(map(_stream, new))
        mine = writer.versions
        versions = {s: mine[s] for s in streams & mine.keys()} if mine else {}
        rest = streams - versions.keys() if versions else streams
        if rest:
            known = self.versions.lookup(rest, writer.start)
            if known is None:
                writer.drain()
                known = self._stream_versions(conn, rest)
            versions.update(known)
        position, prev = writer.position, writer.hash
        recorded, columns = chain_columns(new, position, prev, versions)
        writer.versions.update(versions)
        ballots = [(b.question, b.receipt, encode_json(list(b.preferences))) for b in sealed]
        if writer.pipe is not None:  # the helper thread writes, in order, while the caller goes on
            if recorded:
                def write(c: Connection) -> None:
                    insert_columns(c, "events", COLUMNS, columns)
                    self._move_head(c, recorded[-1], first=position == 0)

                writer.pipe.submit(write)
            if ballots:
                writer.pipe.submit(lambda c: insert_rows(c, "ballot_box", BALLOT_COLUMNS, ballots))
            return recorded
        if recorded:
            insert_columns(conn, "events", COLUMNS, columns)
            self._move_head(conn, recorded[-1], first=position == 0)
        if ballots:
            insert_rows(conn, "ballot_box", BALLOT_COLUMNS, ballots)
        return recorded

    def _lock(self, conn: Connection) -> tuple[int, str]:
        """Take the ledger's write lock (first statement of the transaction), then read its head."""
        if self.is_postgres:
            conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
        return self.head(conn)

    def _stream_versions(self, conn: Connection, streams: set[str]) -> dict[str, int]:
        """The current version of every stream touched, in a few set-based queries."""
        found: dict[str, int] = dict.fromkeys(streams, 0)
        if not streams:
            return found
        names = list(streams)
        if self.is_postgres:
            chunks = [names]  # one array parameter, however many streams
            sql = ("SELECT stream, MAX(version) FROM events WHERE stream = ANY(%s) "
                   "GROUP BY stream")
        else:
            chunks = [names[i:i + 500] for i in range(0, len(names), 500)]
            sql = ""
        for chunk in chunks:
            if self.is_postgres:
                rows = conn.exec_driver_sql(sql, (chunk,)).all()
            else:
                marks = ",".join("?" * len(chunk))
                rows = conn.exec_driver_sql(
                    f"SELECT stream, MAX(version) FROM events WHERE stream IN ({marks}) "
                    "GROUP BY stream", tuple(chunk)).all()
            for stream, version in rows:
                found[stream] = int(version)
        return found

    def _move_head(self, conn: Connection, last: RecordedEvent, first: bool) -> None:
        p = self._param
        if first and conn.exec_driver_sql("SELECT id FROM ledger_head WHERE id = 1").first() is None:
            conn.exec_driver_sql(f"INSERT INTO ledger_head (id, position, hash) VALUES (1, {p}, {p})",
                                 (last.position, last.hash))
        else:
            conn.exec_driver_sql(f"UPDATE ledger_head SET position = {p}, hash = {p} WHERE id = 1",
                                 (last.position, last.hash))

    def import_records(self, recorded: list[RecordedEvent]) -> None:
        """Write events re-chained elsewhere (an archive import), as one transaction."""
        with self.writing() as writer:
            if writer.position != 0:
                raise Conflict("an archive is imported only into an empty ledger")
            self.versions.forget()  # these events did not pass through `_write`
            if recorded:
                rows: list[EventRow] = [encode_recorded(r) for r in recorded]
                insert_rows(writer.conn, "events", COLUMNS, rows)
                self._move_head(writer.conn, recorded[-1], first=True)

    # --- verification ----------------------------------------------------------------

    def verify(self, progress: Callable[[int], None] | None = None) -> Verification:
        """Recompute the whole chain; report the first position that breaks it."""
        return verify_chain(self.read_rows(batch=10000, learn=False), self.head, progress)


class LedgerWriter:
    """The ledger inside one locked transaction (see `SqlLedger.writing`)."""

    def __init__(self, ledger: SqlLedger, conn: Connection, position: int, prev: str) -> None:
        self.ledger = ledger
        self.conn = conn
        self.start = position
        self.position = position
        self.hash = prev
        self.versions: dict[str, int] = {}  # streams written in this transaction, as they stand
        self.rollback_hooks: list[Callable[[], None]] = []
        self.pipe: WritePipe | None = None

    @contextmanager
    def pipelined(self, depth: int = 2) -> Iterator[None]:
        """Within the block, appends return once their rows are built; a helper thread writes them.

        For bulk work (a register of a million residents) in one transaction: while the
        database inserts one chunk (SQLite's inserts and PostgreSQL's network waits release
        the GIL), the caller checks, folds and chains the next, instead of the two taking
        turns. Statements still run in the order they were issued, on this transaction's
        connection, by one thread at a time: anything that reads through the connection
        first waits for the writes queued before it (`drain`), and so does leaving the
        block, which raises the first error the writes met (so nothing commits after one).
        At most `depth` appends wait in the queue, which bounds the memory they hold.

        On SQLite the bulk inserts are statements of thousands of rows each
        (`insert_columns`), each stepped with the GIL released, so the helper holds the GIL
        only to bind a statement's parameters. (Row by row, through `executemany`, a helper
        that must win the GIL back from a busy caller for every row was slower than writing
        in turn: 1M residents 28 s -> 38 s.) An in-memory SQLite database, whose connection
        belongs to one thread, is written in turn.
        """
        if self.pipe is not None or isinstance(self.ledger.engine.pool, SingletonThreadPool):
            yield
            return
        pipe = self.pipe = WritePipe(self.conn, depth)
        try:
            yield
            pipe.drain()
        finally:
            self.pipe = None
            pipe.close()

    def drain(self) -> None:
        """Wait for the writes a pipelined block has queued (see `pipelined`); raise their error."""
        if self.pipe is not None:
            self.pipe.drain()

    def add_notices(self, drafts: Sequence[NoticeDraft]) -> None:
        """Insert notices on this transaction's connection: they commit with its events or not at all."""
        self.drain()
        try:
            insert_notices(self.conn, drafts)
        except DBAPIError as exc:
            raise translate(exc) from None

    def on_rollback(self, hook: Callable[[], None]) -> None:
        """Call `hook` if this transaction does not commit (to drop state that ran ahead of it)."""
        if hook not in self.rollback_hooks:
            self.rollback_hooks.append(hook)

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        """Add events after `expected` (which must be the head) and their sealed ballots."""
        if self.position != expected:
            raise Conflict(f"the ledger moved on (expected position {expected}, "
                           f"found {self.position})")
        try:
            recorded = self.ledger._write(self.conn, new, self, sealed)
        except DBAPIError as exc:
            raise translate(exc) from None
        if recorded:
            self.position, self.hash = recorded[-1].position, recorded[-1].hash
        return recorded
