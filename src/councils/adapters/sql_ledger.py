"""The ledger on SQLite or PostgreSQL, through SQLAlchemy Core.

Appends are serialised (BEGIN IMMEDIATE on SQLite, an exclusive table lock on
PostgreSQL) so that positions follow commit order and a reader never skips a gap;
the writer states the position its decision was based on, and a mismatch is a clean
`Conflict` rather than a fork of the hash chain.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from councils.adapters import schema
from councils.adapters.codec import GENESIS, RecordedEvent, chain_hash, record
from councils.adapters.tables import ballot_box, events, ledger_head
from councils.domain.errors import Conflict
from councils.domain.events import Event, SealedBallot

Projector = Callable[[Connection, list[RecordedEvent]], None]


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # let SQLAlchemy's begin below issue BEGIN
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged ballot survives a crash
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    head_position: int
    head_hash: str
    first_bad: int | None = None
    reason: str = ""


class SqlLedger:
    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.is_postgres = self.engine.dialect.name == "postgresql"

    def create_schema(self) -> None:
        schema.upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # --- reading ---------------------------------------------------------------------

    def head(self, conn: Connection | None = None) -> tuple[int, str]:
        if conn is None:
            with self.engine.connect() as c:
                return self.head(c)
        row = conn.execute(select(ledger_head.c.position, ledger_head.c.hash)).first()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def read(self, after: int = 0, limit: int | None = None, batch: int = 5000) -> Iterator[RecordedEvent]:
        """Events in order, fetched in pages so memory does not grow with the ledger."""
        last, left = after, limit
        while left is None or left > 0:
            size = batch if left is None else min(batch, left)
            with self.engine.connect() as conn:
                rows = conn.execute(select(events).where(events.c.position > last)
                                    .order_by(events.c.position).limit(size)).all()
            if not rows:
                return
            for row in rows:
                yield _decode(row._mapping)
            last = rows[-1].position
            if left is not None:
                left -= len(rows)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(ballot_box).where(ballot_box.c.question == question)
                                .order_by(ballot_box.c.receipt)).all()
        return [SealedBallot(r.question, r.receipt, tuple(json.loads(r.preferences))) for r in rows]

    def has_receipt(self, question: str, receipt: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(ballot_box.c.receipt).where(
                ballot_box.c.question == question, ballot_box.c.receipt == receipt)).first() is not None

    # --- writing ---------------------------------------------------------------------

    def append(self, new: list[Event], expected: int, sealed: list[SealedBallot] = (),  # type: ignore[assignment]
               project: Projector | None = None) -> list[RecordedEvent]:
        """Append atomically after position `expected`, with the sealed ballots and projections."""
        try:
            with self.engine.begin() as conn:
                if self.is_postgres:
                    conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
                position, prev = self.head(conn)
                if position != expected:
                    raise Conflict(f"the ledger moved on (expected position {expected}, found {position})")
                recorded = self._chain(conn, new, position, prev)
                if recorded:
                    conn.execute(insert(events), [_encode(r) for r in recorded])
                    self._move_head(conn, recorded[-1], first=position == 0)
                if sealed:
                    conn.execute(insert(ballot_box), [
                        {"question": b.question, "receipt": b.receipt,
                         "preferences": json.dumps(list(b.preferences))} for b in sealed])
                if project is not None:
                    project(conn, recorded)
                return recorded
        except IntegrityError as exc:
            raise Conflict(f"a concurrent writer appended to the same stream: {exc.orig}") from None
        except OperationalError as exc:
            if "locked" in str(exc.orig):
                raise Conflict(f"the database is busy: {exc.orig}") from None
            raise

    def _chain(self, conn: Connection, new: list[Event], position: int, prev: str) -> list[RecordedEvent]:
        versions: dict[str, int] = {}
        for stream in {e.stream for e in new}:
            current = conn.execute(select(func.max(events.c.version))
                                   .where(events.c.stream == stream)).scalar()
            versions[stream] = int(current or 0)
        recorded = []
        for e in new:
            position += 1
            versions[e.stream] += 1
            r = record(position, versions[e.stream], e, prev)
            recorded.append(r)
            prev = r.hash
        return recorded

    def _move_head(self, conn: Connection, last: RecordedEvent, first: bool) -> None:
        values = {"position": last.position, "hash": last.hash}
        if first and conn.execute(select(ledger_head.c.id)).first() is None:
            conn.execute(insert(ledger_head).values(id=1, **values))
        else:
            conn.execute(update(ledger_head).where(ledger_head.c.id == 1).values(**values))

    def import_records(self, recorded: list[RecordedEvent]) -> None:
        """Write events re-chained elsewhere (an archive import), as one transaction."""
        with self.engine.begin() as conn:
            position, _ = self.head(conn)
            if position != 0:
                raise Conflict("an archive is imported only into an empty ledger")
            conn.execute(insert(events), [_encode(r) for r in recorded])
            if recorded:
                self._move_head(conn, recorded[-1], first=True)

    # --- verification ----------------------------------------------------------------

    def verify(self, progress: Callable[[int], None] | None = None) -> Verification:
        """Recompute the whole chain; report the first position that breaks it."""
        expected_pos, prev, n = 0, GENESIS, 0
        for r in self.read():
            expected_pos += 1
            n += 1
            if r.position != expected_pos:
                return Verification(False, n, 0, "", expected_pos,
                                    f"event at position {expected_pos} is missing (found {r.position} next)")
            if r.prev_hash != prev:
                return Verification(False, n, 0, "", r.position,
                                    "its link to the previous event does not match (an event "
                                    "before it was deleted, inserted or moved)")
            if chain_hash(prev, r.body()) != r.hash:
                return Verification(False, n, 0, "", r.position,
                                    "its contents do not match its hash (the event was altered)")
            prev = r.hash
            if progress is not None and n % 10000 == 0:
                progress(n)
        head_pos, head_hash = self.head()
        if (head_pos, head_hash) != (expected_pos, prev):
            return Verification(False, n, head_pos, head_hash, min(head_pos, expected_pos) + 1,
                                f"the ledger's recorded head ({head_pos}) does not match its last "
                                f"event ({expected_pos}): events were removed from its end or added")
        return Verification(True, n, head_pos, head_hash)


def _encode(r: RecordedEvent) -> dict[str, Any]:
    e = r.event
    return {"position": r.position, "stream": e.stream, "version": r.version, "type": e.type,
            "scope": e.scope, "at": e.at, "payload": json.dumps(e.data, sort_keys=True),
            "meta": json.dumps(e.meta, sort_keys=True), "prev_hash": r.prev_hash, "hash": r.hash}


def _decode(row: Any) -> RecordedEvent:
    e = Event(row["type"], json.loads(row["payload"]), row["stream"], row["scope"], row["at"],
              json.loads(row["meta"]))
    return RecordedEvent(int(row["position"]), int(row["version"]), e, row["prev_hash"], row["hash"])
