"""The tables of sign-ins: accounts, their roles, sessions and the server's secrets.

They live in their own `MetaData`, apart from the ledger's, because they are not part
of the governed record: an account is how a person reaches the engine, not a fact the
ledger proves, and a seceding republic's archive (R9) must not carry password hashes.
The ledger's tables are created by revision 0001, these
by revision 0002 with explicit operations.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, MetaData, String, Table, Text

accounts_metadata = MetaData()

accounts = Table(
    "accounts", accounts_metadata,
    Column("login", String(200), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("person", String(200), nullable=True, index=True, unique=True),  # one sign-in per person
    Column("name", Text, nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", String(40), nullable=False),
)

account_roles = Table(
    "account_roles", accounts_metadata,
    Column("login", String(200), primary_key=True),
    Column("role", String(20), primary_key=True),
    Column("scope", String(200), primary_key=True),
)

sessions = Table(
    "sessions", accounts_metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("login", String(200), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Index("ix_sessions_login", "login"),
)

server_secrets = Table(
    "server_secrets", accounts_metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

# Failed sign-ins (application/sign_in_limit.py): one row per login or client address, its recent
# failures' times as JSON; locked, read and written in one transaction per attempt, so the
# limit holds across server processes. Revision 0006.
sign_in_attempts = Table(
    "sign_in_attempts", accounts_metadata,
    Column("kind", String(10), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("times", Text, nullable=False),
    Column("latest", Float, nullable=False, index=True),
)
