"""What the application needs from the outside world, as Protocols the adapters implement.

The application names these and nothing concrete: an event store (the ledger with its
sealed ballot box), a clock and a counter. `adapters.sql_ledger` implements the store on
SQLite and PostgreSQL, `adapters.memory_ledger` in memory (the fast tier of the tests);
`bootstrap` picks one. The types the ports speak in (`RecordedEvent`, `Verification`)
live here too, so nothing in the application has to import an adapter to use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from councils.domain.events import Event, SealedBallot
from councils.domain.ports import CountRequest

Clock = Callable[[], datetime]
Counter = Callable[[CountRequest], dict[str, Any]]


def utc_now() -> datetime:
    """The system clock, to the second (the ledger records times to the second)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the ledger holds it: with its place in the order and its chain hashes."""

    position: int
    version: int
    event: Event
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        e = self.event
        return {"position": self.position, "stream": e.stream, "version": self.version,
                "type": e.type, "scope": e.scope, "at": e.at, "data": e.data, "meta": e.meta}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True)
class Verification:
    """The outcome of recomputing the chain: ok, or the first position that breaks it and why."""

    ok: bool
    events: int
    head_position: int
    head_hash: str
    first_bad: int | None = None
    reason: str = ""


class LedgerTransaction(Protocol):
    """The ledger inside one locked transaction: appends are visible to it, committed at its end."""

    @property
    def position(self) -> int: ...

    @property
    def hash(self) -> str:
        """The hash of the last event this transaction holds (appended or found)."""
        ...

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        """Add `new` after position `expected` (which must be this transaction's head), or raise
        `Conflict` having written nothing."""
        ...

    def on_rollback(self, hook: Callable[[], None]) -> None:
        """Call `hook` if the transaction does not commit, even if it fails at the commit itself."""
        ...

    def pipelined(self) -> AbstractContextManager[None]:
        """Within the block, a backend may write one append while the caller prepares the next."""
        ...


class EventStore(Protocol):
    """The append-only, hash-chained ledger and its sealed ballot box."""

    def create_schema(self) -> None: ...

    def dispose(self) -> None: ...

    def head(self) -> tuple[int, str]:
        """The position and hash of the last event (0 and the genesis hash when empty)."""
        ...

    def count(self) -> int: ...

    def read(self, after: int = 0, limit: int | None = None, batch: int = 5000) -> Iterator[RecordedEvent]:
        """Recorded events in order, after position `after`."""
        ...

    def read_events(self, after: int = 0, batch: int = 5000) -> Iterator[Iterable[Event]]:
        """Pages of events in order, without their hashes: what folding the state needs (each page
        is iterated once)."""
        ...

    def append(self, new: list[Event], expected: int,
               sealed: Iterable[SealedBallot] = ()) -> list[RecordedEvent]:
        """`writing()` and one append: atomically after position `expected`, or `Conflict`."""
        ...

    def writing(self) -> AbstractContextManager[LedgerTransaction]:
        """Hold the write lock for a whole read-decide-append; commit when the block ends.

        Nested on the same thread, the block joins the enclosing transaction.
        """
        ...

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        """A question's sealed ballots, ordered by receipt (an order that carries no timing)."""
        ...

    def has_receipt(self, question: str, receipt: str) -> bool: ...

    def verify(self, progress: Callable[[int], None] | None = None) -> Verification: ...

    def import_records(self, recorded: list[RecordedEvent]) -> None:
        """Write events chained elsewhere (an archive), keeping their hashes, into an empty ledger."""
        ...


# --- files: registers coming in, archives going out and in ------------------------------


@dataclass
class RegisterRows:
    """The rows of a register file, column by column, with the line each row started on."""

    path: str
    line: list[int] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    council: list[str] = field(default_factory=list)
    nationality: list[str] = field(default_factory=list)
    social_class: list[str] = field(default_factory=list)
    born: list[int] = field(default_factory=list)
    name: list[str | None] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.person)


class ArchiveError(Exception):
    """An archive that cannot be trusted or read; the message says where and why."""


@dataclass(frozen=True)
class Archive:
    """A republic's records (R9): its events with their original hashes, and their digest."""

    republic: str
    source_head: dict[str, Any]
    events: list[RecordedEvent]
    digest: str
    signed_by: str | None = None  # the public key that signed it, if it was signed


class RecordFiles(Protocol):
    """Reading a register and writing or reading an archive, in their file formats."""

    def read_register(self, path: Path) -> RegisterRows:
        """Every row's columns, and every problem of form with its line; never raises for content."""
        ...

    def export_republic(self, ledger: EventStore, republic: str, path: Path,
                        signer: Signer | None = None) -> Archive: ...

    def read_archive(self, path: Path, trusted: Sequence[str] = ()) -> Archive:
        """Parse and verify an archive (and its signature, against `trusted` keys if any);
        raise `ArchiveError` naming the first line that fails."""
        ...


# --- signatures: checkpoints of the head, signed archives -------------------------------


class SigningError(Exception):
    """A signing key, a signature or a checkpoint that cannot be used; the message says where and why."""


class Signer(Protocol):
    """A signing key held outside the database; only its public half is ever shown."""

    @property
    def public_key(self) -> str:
        """The public key, 64 hex digits: what anyone verifies with."""
        ...

    def sign(self, message: bytes) -> str:
        """The signature of `message`, in hex."""
        ...


@dataclass(frozen=True)
class Checkpoint:
    """A head of the ledger (position and hash) at a time, signed by a key."""

    position: int
    hash: str
    at: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        """What the signature covers: the head and the time, in one fixed spelling."""
        return f"councils-checkpoint:{self.position}:{self.hash}:{self.at}".encode()


class CheckpointLog(Protocol):
    """Signed checkpoints kept outside the database (a file), so that no one editing the database
    can rewrite the ledger unseen."""

    def append(self, checkpoint: Checkpoint) -> None: ...

    def read(self) -> list[Checkpoint]:
        """Every checkpoint, oldest first; raise `SigningError` naming a line that cannot be read."""
        ...

    def valid(self, checkpoint: Checkpoint) -> bool:
        """Whether its signature was made by the key it names."""
        ...
