"""What the application needs from the outside world, as Protocols the adapters implement.

The application names these and nothing concrete: an event store (the ledger with its
sealed ballot box), a clock and a counter. `adapters.sql_ledger` implements the store on
SQLite and PostgreSQL, `adapters.memory_ledger` in memory (the fast tier of the tests);
`bootstrap` picks one. The types the ports speak in (`RecordedEvent`, `Verification`)
live here too, so nothing in the application has to import an adapter to use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

    def add_notices(self, drafts: Sequence[NoticeDraft]) -> None:
        """Write notices into the outbox with this transaction's events: committed with them or
        not at all (a draft whose key is already there is skipped)."""
        ...


class EventStore(Protocol):
    """The append-only, hash-chained ledger and its sealed ballot box."""

    @property
    def outbox(self) -> Outbox:
        """The notices written with its events (see `Outbox`)."""
        ...

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
                        signer: Signer | None = None, checkpoints: Sequence[Checkpoint] = ()) -> Archive: ...

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
    polity: str = ""  # whose key signed it (a polity's key directory); "" for a ledger's own key

    def message(self) -> bytes:
        """What the signature covers: the head and the time, in one fixed spelling (not the
        polity: which polity a key is, a verifier learns with the key, out of band)."""
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


# --- notices: an outbox written with the events, delivered later ----------------------------

NOTICE_KINDS = ("opened", "closing", "decided", "recalled")
"""What a person may be told of: a question opens (on a roll they are on), it is about to
close, its result is declared, their delegate is recalled."""


@dataclass(frozen=True)
class NoticeDraft:
    """One happening people may be told of, written in the transaction of the events behind it.

    `key` is unique (`opened:q1`), so a notice is never written twice, whoever writes it.
    Its recipients are not listed here: they are those it concerns in the folded state
    (the question's roll, the constituency's electors) who chose to receive its kind.
    """

    kind: str
    key: str
    position: int  # the ledger position of the event (the clock's reminders: the head then)
    subject: str  # the question, or the body the recalled delegate sat in
    at: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice(NoticeDraft):
    id: int = 0


@dataclass(frozen=True)
class Preferences:
    """What a person chose to receive, and where; no address means on their page only."""

    person: str
    address: str | None = None
    kinds: tuple[str, ...] = NOTICE_KINDS
    since: int = 0  # e-mails only for notices after this one: a new address gets no backlog
    language: str | None = None  # the language chosen for them (application/notice_templates.py)


@dataclass(frozen=True)
class Delivery:
    """One notice on its way to one address: pending until sent, retried with back-off."""

    id: int
    notice: int
    person: str
    address: str
    status: str  # pending | sent | failed
    attempts: int
    next_attempt: str
    error: str | None = None
    sent_at: str | None = None


class Outbox(Protocol):
    """The notices table, the preferences and the deliveries, beside the ledger in its database.

    Notices are added through the ledger's transaction (`LedgerTransaction.add_notices`),
    so a notice exists exactly when the command that caused it committed.
    """

    def notices(self, after: int = 0, limit: int = 500) -> list[Notice]:
        """Notices in the order they were written, after id `after`."""
        ...

    def notice_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of `keys` are already in the outbox."""
        ...

    def last_notice(self) -> int:
        """The id of the latest notice (0 when there is none)."""
        ...

    def add_notices_now(self, drafts: Sequence[NoticeDraft]) -> None:
        """Outside any command (the clock's reminders): add those whose key is new."""
        ...

    def preferences(self, person: str) -> Preferences: ...

    def set_preferences(self, preferences: Preferences) -> None: ...

    def subscribers(self, kind: str) -> dict[str, tuple[str, int]]:
        """person -> (address, since), for everyone with an address who chose to receive `kind`."""
        ...

    def fanned_out(self) -> int:
        """The last notice whose deliveries have been made."""
        ...

    def add_deliveries(self, notice: int, recipients: Sequence[tuple[str, str]], now: str) -> None:
        """Deliveries of `notice` to (person, address) pairs, and the fan-out cursor moved to it."""
        ...

    def due_deliveries(self, now: str, limit: int = 100) -> list[Delivery]: ...

    def deliveries_of(self, person: str) -> list[Delivery]: ...

    def delivered(self, delivery: int, now: str) -> None: ...

    def delivery_failed(self, delivery: int, error: str, next_attempt: str | None) -> None:
        """Another attempt at `next_attempt`, or (None) given up."""
        ...


@dataclass(frozen=True)
class Message:
    """An e-mail to send: plain text, one recipient."""

    to: str
    subject: str
    body: str


Sender = Callable[[Message], None]
"""Sends one message or raises (`OSError`, `smtplib.SMTPException`): the notice worker retries."""


class TitleSearch(Protocol):
    """Full-text search over question titles (SQLite FTS5, or PostgreSQL's text search).

    The titles are the fold's own (`state.questions`): an adapter indexes them as given, and
    keeps no table of its own in the ledger's database (one read model: the fold).
    """

    def search(self, query: str, titles: Mapping[str, str]) -> list[str]:
        """The ids of `titles` whose title holds every word of `query` (a word may be the start
        of one), best match first; accents and capitals do not matter."""
        ...
