"""Bulk inserts of plain tuples or columns through the driver, around SQLAlchemy Core.

SQLAlchemy's Core `insert()` with a list of dicts builds parameters row by row in
Python, several times slower than the insert itself; the ledger's appends and the bulk
writes (a register of a million residents) go around it: `COPY` on PostgreSQL, and on
SQLite statements of many rows each, sized so the driver keeps a dozen prepared.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Connection

COPY_MIN_ROWS = 64  # below this, a plain executemany is as quick as COPY's set-up
MULTI_ROW_MIN_ROWS = 64  # SQLite: from this many rows, statements of many rows each
MULTI_ROW_VARIABLES = 32_766  # SQLite: parameters in one such statement (at most its limit)


def insert_rows(conn: Connection, table: str, columns: Sequence[str],
                rows: Sequence[tuple[Any, ...]]) -> None:
    """Bulk insert plain tuples through the driver: COPY on PostgreSQL, many-row statements on SQLite."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        if len(rows) >= COPY_MIN_ROWS:
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
    else:
        if len(rows) >= MULTI_ROW_MIN_ROWS:
            _insert_values(conn, table, names, len(columns), rows)
            return
        marks = ", ".join(["?"] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def insert_columns(conn: Connection, table: str, columns: Sequence[str],
                   values: Sequence[Sequence[Any]]) -> None:
    """`insert_rows` of rows given as columns (`values[k]` holds column `columns[k]` of every row).

    For bulk writes that build their values a column at a time: on SQLite the
    statements' parameters are filled a column at a time too, with no tuple per row.
    """
    if len(values) != len(columns):
        raise ValueError(f"{len(values)} columns of values for {len(columns)} columns")
    count = len(values[0]) if values else 0
    if any(len(column) != count for column in values):
        raise ValueError(f"columns of values of different lengths for {table}")
    if conn.dialect.name == "postgresql" or count < MULTI_ROW_MIN_ROWS:
        insert_rows(conn, table, columns, list(zip(*values, strict=True)))
        return
    names, width = ", ".join(columns), len(columns)
    for i, rows in _statements(conn, count, width):
        flat: list[Any] = [None] * (rows * width)
        for k, column in enumerate(values):
            flat[k::width] = column[i:i + rows]
        conn.exec_driver_sql(_values_sql(table, names, width, rows), tuple(flat))


def _insert_values(conn: Connection, table: str, names: str, width: int,
                   rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert on SQLite as a few statements of many rows each (`VALUES (...), (...), ...`).

    `executemany` steps one row at a time, releasing and taking back the GIL around each
    one; a statement of a thousand rows is stepped once, which is quicker on its own
    (a million residents' rows: 8.3 s -> 6.3 s) and lets a pipelined writer's helper
    thread insert while the caller works (`LedgerWriter.pipelined`).
    """
    for i, count in _statements(conn, len(rows), width):
        conn.exec_driver_sql(_values_sql(table, names, width, count),
                             tuple(chain.from_iterable(rows[i:i + count])))


def _statements(conn: Connection, count: int, width: int) -> Iterator[tuple[int, int]]:
    """Where each statement of a bulk insert starts and how many rows it takes.

    Each takes a power of two rows: as many as SQLite's limit on parameters allows,
    then the rest by halves (1,000 rows: 512 + 256 + 128 + 64 + 32 + 8). So a table
    is written by at most a dozen different statements, which the driver keeps
    prepared; one made for every batch size would be parsed again each time, and
    parsing a thousand rows' `VALUES` costs more than `executemany` saves.
    """
    raw: Any = conn.connection.driver_connection
    limit = min(MULTI_ROW_VARIABLES, int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)))
    largest = 1 << max(0, (limit // width).bit_length() - 1)
    start = 0
    while start < count:
        rows = min(largest, 1 << ((count - start).bit_length() - 1))
        yield start, rows
        start += rows


@lru_cache(maxsize=64)
def _values_sql(table: str, names: str, width: int, count: int) -> str:
    row = "(" + ", ".join(["?"] * width) + ")"
    return f"INSERT INTO {table} ({names}) VALUES " + ", ".join([row] * count)
