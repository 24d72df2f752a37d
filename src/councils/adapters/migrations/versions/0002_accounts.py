"""Sign-ins: accounts, roles per body or polity, sessions and bearer tokens, server secrets.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("login", sa.String(200), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("person", sa.String(200), nullable=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_accounts_person", "accounts", ["person"])
    op.create_table(
        "account_roles",
        sa.Column("login", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(20), primary_key=True),
        sa.Column("scope", sa.String(200), primary_key=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_sessions_login", "sessions", ["login"])
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("server_secrets")
    op.drop_index("ix_sessions_login", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("account_roles")
    op.drop_index("ix_accounts_person", table_name="accounts")
    op.drop_table("accounts")
