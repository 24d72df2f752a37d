"""The sign-in limit in the database: failed sign-ins per login and per address.

Counted in each server process before, so two processes each allowed the limit, and
forty parallel guesses could get more password checks than it. One row per login or
address, locked while an attempt is checked and counted (`adapters.accounts_sql`).

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("times", sa.Text, nullable=False),
        sa.Column("latest", sa.Float, nullable=False),
    )
    op.create_index("ix_sign_in_attempts_latest", "sign_in_attempts", ["latest"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_attempts_latest", "sign_in_attempts")
    op.drop_table("sign_in_attempts")
