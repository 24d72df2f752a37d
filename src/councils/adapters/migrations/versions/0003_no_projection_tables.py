"""Drop the projection tables: every read comes from the state folded in memory.

The tables were written inside every append and read only by `councils state`; the
API and the web read the in-memory fold. One read model is kept (docs/architecture.md).
Downgrading creates them empty; the previous version's `councils replay` fills them.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("questions", "persons", "delegates", "bodies", "polities", "projection_position")


def upgrade() -> None:
    for table in TABLES:
        op.drop_table(table)


def downgrade() -> None:
    op.create_table(
        "projection_position",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "polities",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("union_id", sa.String(200)),
        sa.Column("constitution", sa.String(100), nullable=False),
        sa.Column("doc", sa.Text, nullable=False),
    )
    op.create_index("ix_polities_union_id", "polities", ["union_id"])
    op.create_table(
        "bodies",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("polity", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("council_kind", sa.String(20)),
        sa.Column("within", sa.String(200)),
    )
    op.create_index("ix_bodies_polity", "bodies", ["polity"])
    op.create_table(
        "delegates",
        sa.Column("body", sa.String(200), primary_key=True),
        sa.Column("person", sa.String(200), primary_key=True),
        sa.Column("constituency", sa.String(200), primary_key=True),
        sa.Column("question", sa.String(200), nullable=False),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("council", sa.String(200), nullable=False),
        sa.Column("republic", sa.String(200), nullable=False),
        sa.Column("nationality", sa.String(100), nullable=False),
        sa.Column("class", sa.String(40), nullable=False),
        sa.Column("born", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
    )
    op.create_index("ix_persons_council", "persons", ["council"])
    op.create_index("ix_persons_republic", "persons", ["republic"])
    op.create_table(
        "questions",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("polity", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("binding", sa.Boolean),
        sa.Column("overridden_by", sa.String(200)),
        sa.Column("participation", sa.Integer, nullable=False),
        sa.Column("electorate", sa.Integer, nullable=False),
        sa.Column("doc", sa.Text, nullable=False),
    )
    op.create_index("ix_questions_body", "questions", ["body"])
    op.create_index("ix_questions_polity", "questions", ["polity"])
