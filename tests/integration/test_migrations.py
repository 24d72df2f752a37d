"""The migrations build exactly the tables the code declares, on every backend.

Revision 0001 is spelled out operation by operation (it must never change once
released), so nothing but this test ties it to `tables.py`: a column, index or
constraint added to the declarations without a revision shows up here as a difference.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect

from councils.adapters.accounts_tables import accounts_metadata
from councils.adapters.notice_tables import notice_metadata
from councils.adapters.schema import upgrade
from councils.adapters.sql_engine import normalise_url
from councils.adapters.tables import metadata


def _declared() -> MetaData:
    both = MetaData()
    for table in (*metadata.tables.values(), *accounts_metadata.tables.values(),
                  *notice_metadata.tables.values()):
        table.to_metadata(both)
    return both


def test_the_migrations_build_what_the_tables_declare(db_url: str) -> None:
    engine = create_engine(normalise_url(db_url))
    try:
        upgrade(engine)
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), _declared())
        assert differences == []
        tables = set(inspect(engine).get_table_names())
        assert {"events", "ledger_head", "ballot_box", "accounts"} <= tables
        assert not {"persons", "questions", "projection_position"} & tables  # one read model: the fold
    finally:
        engine.dispose()


def test_the_ballot_box_keeps_no_insertion_order_on_sqlite(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'ballot_box'").scalar_one()
        assert "WITHOUT ROWID" in sql.upper()
    finally:
        engine.dispose()
