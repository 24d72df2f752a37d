"""The tables, in SQLAlchemy Core, shared by SQLite and PostgreSQL.

`events` is the ledger (never updated or deleted); `ledger_head` anchors its end so
that a deleted last event is noticed; `ballot_box` holds sealed secret ballots with
no insertion order (WITHOUT ROWID on SQLite); the rest are projections, rebuilt by replay.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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

projection_position = Table(
    "projection_position", metadata,
    Column("name", String(40), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

polities = Table(
    "polities", metadata,
    Column("id", String(200), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("union_id", String(200), index=True),
    Column("constitution", String(100), nullable=False),
    Column("doc", Text, nullable=False),
)

bodies = Table(
    "bodies", metadata,
    Column("id", String(200), primary_key=True),
    Column("polity", String(200), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("council_kind", String(20)),
    Column("within", String(200)),
)

delegates = Table(
    "delegates", metadata,
    Column("body", String(200), primary_key=True),
    Column("person", String(200), primary_key=True),
    Column("constituency", String(200), primary_key=True),
    Column("question", String(200), nullable=False),
)

persons = Table(
    "persons", metadata,
    Column("id", String(200), primary_key=True),
    Column("council", String(200), nullable=False, index=True),
    Column("republic", String(200), nullable=False, index=True),
    Column("nationality", String(100), nullable=False),
    Column("class", String(40), nullable=False),
    Column("born", Integer, nullable=False),
    Column("name", Text),
)

questions = Table(
    "questions", metadata,
    Column("id", String(200), primary_key=True),
    Column("body", String(200), nullable=False, index=True),
    Column("polity", String(200), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("outcome", Text),
    Column("binding", Boolean),
    Column("overridden_by", String(200)),
    Column("participation", Integer, nullable=False),
    Column("electorate", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)

PROJECTION_TABLES = (polities, bodies, delegates, persons, questions, projection_position)
