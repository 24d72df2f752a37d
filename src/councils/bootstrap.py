"""The composition root: the one place that picks concrete adapters and wires the services.

A database URL in, a `Container` out: the ledger (SQLite or PostgreSQL by URL, or
`memory:` for a ledger that lives and dies with the process), the governance over it
with its clock, counter and file formats, the accounts, the queries, the authorised
writer, and the scheduler of time-driven effects. The CLI, the API and the web receive
what they need from here and construct no adapter themselves.

Imports of the adapters happen inside the functions, so `import councils.bootstrap`
stays cheap for a command line that may never open a database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import RLock
from typing import TYPE_CHECKING, Any, TypeVar

from councils.application.ports import (
    Checkpoint,
    CheckpointLog,
    Clock,
    EventStore,
    Signer,
    SigningError,
    TitleSearch,
    utc_now,
)

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from councils.adapters.checkpoint_log import PolityCheckpoints
    from councils.adapters.signing import KeyDirectory
    from councils.application.accounts import Accounts
    from councils.application.authorisation import AuthorisedGovernance
    from councils.application.governance import Governance
    from councils.application.notices import NoticeWorker
    from councils.application.queries import Queries
    from councils.application.scheduler import Scheduler

T = TypeVar("T")
DEFAULT_URL = "sqlite:///councils.db"
MEMORY_URL = "memory:"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("COUNCILS_DATABASE_URL") or DEFAULT_URL


def open_ledger(url: str | None = None, create: bool = True) -> EventStore:
    """The ledger at `url`: `memory:`, `sqlite:///FILE` or a PostgreSQL URL."""
    chosen = database_url(url)
    ledger: EventStore
    if chosen == MEMORY_URL:
        from councils.adapters.memory_ledger import MemoryLedger

        ledger = MemoryLedger()
    else:
        from councils.adapters.sql_ledger import SqlLedger

        ledger = SqlLedger(chosen)
    if create:
        ledger.create_schema()
    return ledger


def signing_key_path(explicit: Path | None = None) -> Path | None:
    """The signing key's file: given, or $COUNCILS_SIGNING_KEY, or none."""
    if explicit is not None:
        return explicit
    named = os.environ.get("COUNCILS_SIGNING_KEY")
    return Path(named) if named else None


def signer(path: Path) -> Signer:
    """The signing key in `path` (made by `create_signer`)."""
    from councils.adapters.signing import KeyFile

    return KeyFile(path)


def rotate_signer(path: Path, record: Callable[[Signer, Signer], T]) -> T:
    """A new signing key in `path` once `record(old, new)` has recorded the hand-over; the old key
    kept beside it, retired."""
    from councils.adapters.signing import rotate_key_file

    return rotate_key_file(path, record)


def signature_check() -> Callable[[str, bytes, str], bool]:
    """Checks an Ed25519 signature: (public key, message, signature) -> whether it holds."""
    from councils.adapters.signing import verify_signature

    return verify_signature


def create_signer(path: Path) -> Signer:
    """A new signing key in a new file readable by its owner only."""
    from councils.adapters.signing import KeyFile

    return KeyFile.create(path)


def checkpoint_log(path: Path | None, key: Path | None = None) -> CheckpointLog:
    """The checkpoint log: given, or $COUNCILS_CHECKPOINTS, or beside the signing key."""
    from councils.adapters.checkpoint_log import CheckpointFile

    chosen = path or (Path(os.environ["COUNCILS_CHECKPOINTS"]) if os.environ.get("COUNCILS_CHECKPOINTS")
                      else None) or (key.with_name(key.name + ".checkpoints.jsonl") if key else None)
    if chosen is None:
        raise SigningError("no checkpoint log: give --checkpoints FILE (or set COUNCILS_CHECKPOINTS, "
                           "or COUNCILS_SIGNING_KEY to keep it beside the key)")
    return CheckpointFile(chosen)


def keys_dir(url: str | None, explicit: Path | None = None) -> Path | None:
    """The directory of the polities' signing keys: given, or $COUNCILS_KEYS, or for a SQLite file
    `<file>.keys` beside it (never inside the database); none for another database unless named."""
    if explicit is not None:
        return explicit
    if os.environ.get("COUNCILS_KEYS"):
        return Path(os.environ["COUNCILS_KEYS"])
    if url and url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///").split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path + ".keys")
    return None


def key_directory(path: Path) -> KeyDirectory:
    """The polities' keys in `path` (`adapters.signing.KeyDirectory`): one per polity."""
    from councils.adapters.signing import KeyDirectory

    return KeyDirectory(path)


def polity_checkpoints(path: Path) -> PolityCheckpoints:
    """Every polity's checkpoints in a key directory, read as one log (appends go to the polity's)."""
    from councils.adapters.checkpoint_log import PolityCheckpoints

    return PolityCheckpoints(path)


def kept_checkpoint(path: Path) -> tuple[Checkpoint, bool]:
    """The checkpoint a person kept in `path` (as `ledger checkpoint` printed it), and whether
    its signature holds."""
    from councils.adapters.checkpoint_log import read_kept

    return read_kept(path)


def checkpoint_text(checkpoint: Checkpoint) -> str:
    """A checkpoint as the one line of JSON a person keeps."""
    from councils.adapters.checkpoint_log import checkpoint_json

    return checkpoint_json(checkpoint)


def governance(url: str | None = None, clock: Clock = utc_now) -> Governance:
    """A Governance over the ledger at `url`, with the local file formats."""
    from councils.adapters.files import LocalFiles
    from councils.application.governance import Governance, default_counter

    return Governance(open_ledger(url), clock=clock, counter=default_counter, files=LocalFiles())


@dataclass
class Container:
    """Everything an interface needs, built once: share it, do not rebuild its parts."""

    gov: Governance
    accounts: Accounts
    authorised: AuthorisedGovernance
    queries: Queries
    scheduler: Scheduler
    lock: RLock = field(default_factory=RLock)
    resources: list[Any] = field(default_factory=list)  # engines to dispose of at the end
    checkpoints: CheckpointLog | None = None  # the signed checkpoints the server publishes, if any
    public_keys: tuple[str, ...] = ()  # the signing key's public half, if the server knows it
    polity_keys: tuple[tuple[str, str], ...] = ()  # (polity, public key) from the key directory

    @property
    def ledger(self) -> EventStore:
        return self.gov.ledger

    def close(self) -> None:
        self.scheduler.stop()
        for resource in self.resources:
            resource.dispose()
        self.gov.ledger.dispose()


def build(url: str | None = None, *, clock: Clock = utc_now,
          hasher: PasswordHasher | None = None) -> Container:
    """The whole application on the database at `url` (see `database_url`)."""
    return wire(governance(url, clock), hasher=hasher)


def wire(gov: Governance, *, accounts: Accounts | None = None,
         hasher: PasswordHasher | None = None, poll: float = 30.0,
         checkpoints: CheckpointLog | None = None, public_keys: tuple[str, ...] = ()) -> Container:
    """The services around an existing Governance: accounts, queries, the authorised writer, the
    scheduler. Accounts live in the ledger's database, or in a private SQLite database in
    memory when the ledger itself is in memory."""
    from councils.application.accounts import Accounts
    from councils.application.authorisation import AuthorisedGovernance
    from councils.application.queries import Queries
    from councils.application.scheduler import Scheduler

    resources: list[Any] = []
    if accounts is None:
        accounts = Accounts(_account_store(gov.ledger, resources), gov.clock, hasher)
    lock = RLock()

    def tick() -> list[Any]:
        with lock:
            return gov.tick()

    def next_due() -> Any:
        with lock:
            return gov.next_due()

    return Container(gov, accounts, AuthorisedGovernance(gov, accounts, lock), Queries(gov, lock),
                     Scheduler(tick, next_due, gov.clock, poll), lock, resources, checkpoints, public_keys)


def published_records(checkpoints: Path | None = None, key: Path | None = None) -> tuple[CheckpointLog | None,
                                                                                          tuple[str, ...]]:
    """What a server publishes of the signed records: the checkpoint log and the signing key's
    public half, from the given paths or $COUNCILS_CHECKPOINTS / $COUNCILS_SIGNING_KEY; none
    of either where none is configured. Raises `SigningError` for a key file that is not one."""
    key = signing_key_path(key)
    log: CheckpointLog | None
    try:
        log = checkpoint_log(checkpoints, key)
    except SigningError:  # none configured: nothing to publish
        log = None
    keys = (signer(key).public_key,) if key is not None and key.exists() else ()
    return log, keys


def published_polity_records(url: str | None) -> tuple[CheckpointLog | None, tuple[tuple[str, str], ...]]:
    """What a server publishes of the polities' keys (`keys_dir`): all their checkpoints as one
    log, and each polity's public key; (None, ()) where there is no such directory."""
    directory = keys_dir(url)
    if directory is None or not directory.is_dir():
        return None, ()
    return polity_checkpoints(directory), tuple(key_directory(directory).polities().items())


def notice_worker(container: Container, smtp: str | None, *, base_url: str = "",
                  poll: float = 5.0) -> NoticeWorker | None:
    """The worker that sends notices over the SMTP server at `smtp`, or None without one (the
    notices then stay in the outbox, on each person's page). Raises ValueError for a bad URL."""
    if smtp is None:
        return None
    from councils.adapters.smtp_sender import SmtpSender
    from councils.application.notices import NoticeWorker, Notifier

    notifier = Notifier(container.gov, SmtpSender(smtp), lock=container.lock, base_url=base_url)
    return NoticeWorker(notifier, poll)


def title_search(ledger: EventStore) -> TitleSearch:
    """Full-text search over question titles for this ledger: PostgreSQL's own text search on
    a PostgreSQL ledger, SQLite FTS5 (in a private database in memory) otherwise."""
    from councils.adapters.title_search import Fts5TitleSearch, PostgresTitleSearch

    engine = getattr(ledger, "engine", None)
    if engine is not None and engine.dialect.name == "postgresql":
        return PostgresTitleSearch(engine)
    return Fts5TitleSearch()


def _account_store(ledger: EventStore, resources: list[Any]) -> Any:
    from councils.adapters.accounts_sql import SqlAccountStore

    engine = getattr(ledger, "engine", None)
    if engine is None:  # a ledger in memory: its accounts in a SQLite database in memory too
        from sqlalchemy import create_engine
        from sqlalchemy.pool import StaticPool

        from councils.adapters.accounts_tables import accounts_metadata

        engine = create_engine("sqlite://", poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
        accounts_metadata.create_all(engine)
        resources.append(engine)
    return SqlAccountStore(engine)
