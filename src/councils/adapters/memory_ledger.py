"""The ledger in memory: the same contract as the SQL ledger, with nothing on disk.

For the fast tier of the tests (every rule and handler test runs on it, no database)
and for throwaway work. Rows are chained and verified by the very code the SQL ledger
uses (`codec`, `chain_check`), so a hash computed here is the hash SQLite or
PostgreSQL would store; the contract suite holds all three to the same behaviour.

A transaction writes into a private buffer under one lock and publishes it at commit,
so readers outside never see an uncommitted event and a failed block leaves nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from councils.adapters.chain_check import verify_chain
from councils.adapters.codec import GENESIS, EventRow, chain_rows, decode_event, decode_row, encode_recorded
from councils.adapters.memory_outbox import MemoryOutbox
from councils.application.ports import NoticeDraft, RecordedEvent, Verification
from councils.domain.errors import Conflict
from councils.domain.events import Event, SealedBallot


class MemoryTransaction:
    """One locked transaction on a `MemoryLedger` (see `MemoryLedger.writing`)."""

    def __init__(self, ledger: MemoryLedger) -> None:
        self.ledger = ledger
        self.start = len(ledger.rows)
        self.rows: list[EventRow] = []
        self.hash = ledger.head_hash
        self.ballots: list[SealedBallot] = []
        self.versions: dict[str, int] = {}
        self.rollback_hooks: list[Callable[[], None]] = []
        self.notices: list[NoticeDraft] = []

    @property
    def position(self) -> int:
        return self.start + len(self.rows)

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        if self.position != expected:
            raise Conflict(f"the ledger moved on (expected position {expected}, found {self.position})")
        sealed = list(sealed)
        for b in sealed:  # the ballot box's key, as the SQL table's primary key enforces it
            if b.receipt in self.ledger.box.get(b.question, {}) or any(
                    (o.question, o.receipt) == (b.question, b.receipt) for o in self.ballots):
                raise Conflict(f"receipt {b.receipt!r} is already in the ballot box of {b.question!r}")
        streams = {e.stream for e in new}
        versions = {s: self.versions.get(s, self.ledger.versions.get(s, 0)) for s in streams}
        recorded, rows = chain_rows(new, self.position, self.hash, versions)
        self.versions.update(versions)
        self.rows.extend(rows)
        self.ballots.extend(sealed)
        if recorded:
            self.hash = recorded[-1].hash
        return recorded

    def on_rollback(self, hook: Callable[[], None]) -> None:
        if hook not in self.rollback_hooks:
            self.rollback_hooks.append(hook)

    @contextmanager
    def pipelined(self) -> Iterator[None]:
        yield  # nothing to overlap: appends here are already only memory

    def add_notices(self, drafts: Sequence[NoticeDraft]) -> None:
        self.notices.extend(drafts)  # published with the events at commit

    def commit(self) -> None:
        ledger = self.ledger
        ledger.rows.extend(self.rows)
        ledger.versions.update(self.versions)
        for b in self.ballots:
            ledger.box.setdefault(b.question, {})[b.receipt] = b
        ledger.head_hash = self.hash
        ledger.outbox.publish(self.notices)


class MemoryLedger:
    """An `EventStore` held in lists and dicts."""

    def __init__(self) -> None:
        self.rows: list[EventRow] = []
        self.head_hash = GENESIS
        self.versions: dict[str, int] = {}
        self.box: dict[str, dict[str, SealedBallot]] = {}
        self.outbox = MemoryOutbox()  # notices, published with the events that cause them
        self._lock = threading.RLock()
        self._local = threading.local()

    def create_schema(self) -> None:
        """Nothing to create: the lists exist from the start."""

    def dispose(self) -> None:
        """Nothing to release."""

    def _current(self) -> MemoryTransaction | None:
        found: MemoryTransaction | None = getattr(self._local, "tx", None)
        return found

    def _visible(self) -> list[EventRow]:
        tx = self._current()
        return self.rows + tx.rows if tx is not None else self.rows

    def head(self) -> tuple[int, str]:
        tx = self._current()
        if tx is not None:
            return tx.position, tx.hash
        with self._lock:
            return len(self.rows), self.head_hash

    def count(self) -> int:
        return len(self._visible())

    def read_rows(self, after: int = 0, limit: int | None = None,
                  batch: int = 5000) -> Iterator[Sequence[EventRow]]:
        rows = self._visible()
        end = len(rows) if limit is None else min(len(rows), after + limit)
        for start in range(after, end, batch):
            yield rows[start:min(start + batch, end)]

    def read(self, after: int = 0, limit: int | None = None, batch: int = 5000) -> Iterator[RecordedEvent]:
        for page in self.read_rows(after, limit, batch):
            yield from map(decode_row, page)

    def read_events(self, after: int = 0, batch: int = 5000) -> Iterator[Iterable[Event]]:
        for page in self.read_rows(after, batch=batch):
            yield map(decode_event, page)

    @contextmanager
    def writing(self) -> Iterator[MemoryTransaction]:
        current = self._current()
        if current is not None:
            yield current
            return
        with self._lock:
            tx = MemoryTransaction(self)
            self._local.tx = tx
            try:
                yield tx
            except BaseException:
                for hook in tx.rollback_hooks:
                    hook()
                raise
            finally:
                self._local.tx = None
            tx.commit()

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        with self.writing() as tx:
            return tx.append(new, expected, sealed)

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        with self._lock:
            stored = dict(self.box.get(question, {}))
        tx = self._current()
        if tx is not None:
            stored.update((b.receipt, b) for b in tx.ballots if b.question == question)
        return [stored[r] for r in sorted(stored)]

    def has_receipt(self, question: str, receipt: str) -> bool:
        return any(b.receipt == receipt for b in self.sealed_ballots(question))

    def verify(self, progress: Callable[[int], None] | None = None) -> Verification:
        return verify_chain(self.read_rows(batch=10000), self.head, progress)

    def import_records(self, recorded: list[RecordedEvent]) -> None:
        with self.writing() as tx:
            if tx.position != 0:
                raise Conflict("an archive is imported only into an empty ledger")
            seen: set[tuple[str, int]] = set()
            for r in recorded:  # (stream, version) is unique, as the SQL table's constraint makes it
                if (r.event.stream, r.version) in seen:
                    raise Conflict(f"stream {r.event.stream!r} has version {r.version} twice")
                seen.add((r.event.stream, r.version))
                tx.versions[r.event.stream] = max(tx.versions.get(r.event.stream, 0), r.version)
            tx.rows.extend(encode_recorded(r) for r in recorded)
            if recorded:
                tx.hash = recorded[-1].hash
