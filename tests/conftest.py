"""Shared fixtures: real SQLite files, a real PostgreSQL database per test, a fixed clock.

PostgreSQL comes from the server `scripts/services.sh` starts (its URL in
COUNCILS_TEST_POSTGRES_URL). Without it the PostgreSQL cases skip, unless
COUNCILS_REQUIRE_POSTGRES=1 (as `make test` sets), where a missing server fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from councils.adapters.sql_ledger import SqlLedger
from councils.application.governance import Governance
from councils.application.ports import EventStore
from councils.bootstrap import MEMORY_URL, governance, open_ledger

FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SHARED_DATA = Path(os.environ.get("COUNCILS_SHARED_DATA",
                                  Path(__file__).resolve().parents[2] / "shared" / "data"))


class FixedClock:
    """A clock the test moves by hand (notice periods, ages)."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/councils.db"


def _postgres_server() -> str | None:
    url = os.environ.get("COUNCILS_TEST_POSTGRES_URL")
    if not url and os.environ.get("COUNCILS_REQUIRE_POSTGRES") == "1":
        pytest.fail("COUNCILS_REQUIRE_POSTGRES=1 but COUNCILS_TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the real server, dropped afterwards."""
    server = _postgres_server()
    if not server:
        pytest.skip("no PostgreSQL server: run scripts/services.sh start and set COUNCILS_TEST_POSTGRES_URL")
    import psycopg

    name = f"councils_test_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Every storage backend in turn: the contract suite runs unchanged on each."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    """Every event store in turn, the memory ledger of the fast tier included."""
    if request.param == "memory":
        return MEMORY_URL
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    """An empty event store on each backend in turn: the contract suite runs unchanged on each."""
    led = open_ledger(store_url)
    yield led
    led.dispose()


@pytest.fixture
def ledger(db_url: str) -> Iterator[SqlLedger]:
    """An empty ledger with its schema, on each backend in turn."""
    led = SqlLedger(db_url)
    led.create_schema()
    yield led
    led.dispose()


@pytest.fixture
def gov(clock: FixedClock) -> Iterator[Governance]:
    """A Governance on the memory ledger: the rule and handler tests need no database."""
    g = governance(MEMORY_URL, clock=clock)
    yield g
    g.ledger.dispose()


def must_refuse(g: Governance, command: dict[str, Any], rule: str) -> str:
    """Apply a command that the rules must refuse; check nothing changed; return the message."""
    from councils.domain.errors import DomainError

    before = g.ledger.head()
    with pytest.raises(DomainError) as info:
        g.handle(command)
    assert g.ledger.head() == before, "a refused command changed the ledger"
    message = str(info.value)
    assert message.startswith(f"refused ({rule}") or message.startswith(rule), message
    return message
