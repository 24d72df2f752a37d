"""The tables of notices: the outbox, what each person chose to receive, the deliveries.

Apart from the ledger's `MetaData`, like the accounts': a notice is how people are told,
not a fact the ledger proves, and a seceding republic's archive (R9) carries no e-mail
addresses. Created by revision 0005 with explicit operations.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text

notice_metadata = MetaData()

notices = Table(
    "notices", notice_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("data", Text, nullable=False),
)

notice_preferences = Table(
    "notice_preferences", notice_metadata,
    Column("person", String(200), primary_key=True),
    Column("address", String(320), nullable=True),
    Column("kinds", String(200), nullable=False),
    Column("since", Integer, nullable=False),
    Column("language", String(20), nullable=True),  # revision 0007
)

notice_deliveries = Table(
    "notice_deliveries", notice_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice", Integer, nullable=False),
    Column("person", String(200), nullable=False),
    Column("address", String(320), nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt", String(40), nullable=False),
    Column("error", Text, nullable=True),
    Column("sent_at", String(40), nullable=True),
    Index("ix_notice_deliveries_due", "status", "next_attempt"),
    Index("ix_notice_deliveries_person", "person"),
)

notice_cursor = Table(
    "notice_cursor", notice_metadata,
    Column("id", Integer, primary_key=True),
    Column("fanned_out", Integer, nullable=False),
)
