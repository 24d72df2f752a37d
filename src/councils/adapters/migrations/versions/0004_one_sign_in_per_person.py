"""One sign-in per person: the index on accounts.person becomes unique.

Two sign-ins for one elector would let whoever holds the second vote as that elector;
the application refuses a second one with a clear message, and this index makes two
issued at the same moment impossible too. Accounts without a person (staff) are many.

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_accounts_person", "accounts")
    op.create_index("ix_accounts_person", "accounts", ["person"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_accounts_person", "accounts")
    op.create_index("ix_accounts_person", "accounts", ["person"])
