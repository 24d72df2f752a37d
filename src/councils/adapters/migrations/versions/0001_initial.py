"""The initial schema: the ledger, its head, the ballot box and the projections.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from councils.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The first revision creates the tables as `tables.py` declares them at 0.1.0;
    # later revisions must use explicit operations.
    metadata.create_all(bind=op.get_bind())


def downgrade() -> None:
    metadata.drop_all(bind=op.get_bind())
