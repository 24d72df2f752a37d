"""Notices (issue 15): the outbox written with the ledger's events, preferences, deliveries.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "notice_preferences",
        sa.Column("person", sa.String(200), primary_key=True),
        sa.Column("address", sa.String(320), nullable=True),
        sa.Column("kinds", sa.String(200), nullable=False),
        sa.Column("since", sa.Integer, nullable=False),
    )
    op.create_table(
        "notice_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("notice", sa.Integer, nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt", sa.String(40), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("sent_at", sa.String(40), nullable=True),
    )
    op.create_index("ix_notice_deliveries_due", "notice_deliveries", ["status", "next_attempt"])
    op.create_index("ix_notice_deliveries_person", "notice_deliveries", ["person"])
    op.create_table(
        "notice_cursor",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fanned_out", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notice_cursor")
    op.drop_index("ix_notice_deliveries_person", "notice_deliveries")
    op.drop_index("ix_notice_deliveries_due", "notice_deliveries")
    op.drop_table("notice_deliveries")
    op.drop_table("notice_preferences")
    op.drop_table("notices")
