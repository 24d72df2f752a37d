"""The tables, in SQLAlchemy Core, shared by SQLite and PostgreSQL.

`events` is the ledger (never updated or deleted); `ledger_head` anchors its end so
that a deleted last event is noticed; `ballot_box` holds sealed secret ballots with
no insertion order (WITHOUT ROWID on SQLite). There are no projection tables: every
read comes from the state folded in memory (docs/architecture.md says why).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

events = Table(
    "events", metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=False),
    Column("stream", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(40), nullable=False),
    Column("scope", String(200), nullable=False, index=True),
    Column("at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("meta", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("stream", "version", name="uq_events_stream_version"),
)

ledger_head = Table(
    "ledger_head", metadata,
    Column("id", Integer, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

ballot_box = Table(
    "ballot_box", metadata,
    Column("question", String(200), primary_key=True),
    Column("receipt", String(64), primary_key=True),
    Column("preferences", Text, nullable=False),
    sqlite_with_rowid=False,
)
