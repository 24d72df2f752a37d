"""The initial schema: the ledger, its head, the ballot box and the projections.

Revision ID: 0001

Spelled out operation by operation, as `tables.py` declared the tables at 0.1.0, and
never to be edited: a later change to `tables.py` comes with a revision of its own,
and `tests/integration/test_migrations.py` checks that the revisions together build
exactly what `tables.py` declares, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("stream", "version", name="uq_events_stream_version"),
    )
    op.create_index("ix_events_scope", "events", ["scope"])
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "ballot_box",
        sa.Column("question", sa.String(200), primary_key=True),
        sa.Column("receipt", sa.String(64), primary_key=True),
        sa.Column("preferences", sa.Text, nullable=False),
        sqlite_with_rowid=False,  # no insertion order to read the secret ballots by
    )
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


def downgrade() -> None:
    for table in ("questions", "persons", "delegates", "bodies", "polities", "projection_position",
                  "ballot_box", "ledger_head", "events"):
        op.drop_table(table)
