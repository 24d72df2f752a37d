"""Engines for the ledger's databases: one place that knows how each must be opened.

A ballot acknowledged is a ballot kept, and two writers must queue rather than fork
the hash chain, so the settings that ensure both are made here, when the engine is
built, and nowhere else: SQLite in WAL mode with full syncs, foreign keys on and a
write lock taken by `BEGIN IMMEDIATE`; PostgreSQL with a bounded wait for locks, so a
writer stuck behind another gets an error (a `Conflict`, see `sql_errors`) instead of
hanging.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event


def normalise_url(url: str) -> str:
    """A PostgreSQL URL as SQLAlchemy needs it to pick psycopg 3; anything else unchanged."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, lock_timeout: float = 30.0) -> Engine:
    """An engine whose transactions take the write lock up front (SQLite) and survive crashes."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": lock_timeout})

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
            # Writers take the write lock up front, so two never deadlock upgrading from a
            # read; pure readers (`SqlLedger.reading`) begin deferred, so under WAL they
            # neither wait for a writer nor make one wait.
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    # The wait for the ledger's lock is bounded for the whole session (a libpq option), so
    # a writer stuck behind another gets a `Conflict` instead of hanging, at no extra round trip.
    return create_engine(url, pool_pre_ping=True,
                         connect_args={"options": f"-c lock_timeout={int(lock_timeout * 1000)}"})
