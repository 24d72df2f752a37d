"""register: an electoral register of a million residents imported from CSV.

`councils register import` (the library function behind it, `import_register`) reads
the CSV, checks every row against the state, and appends one `PersonRegistered`
event per resident with its projection row, in one transaction. For comparison: the
same residents as `register_person` commands through `Governance.handle_batch` (the
path of `councils apply`, on a tenth of the rows), and the raw-driver floor, which
inserts the rows the import writes (chained events and person rows, prepared
beforehand) with sqlite3 ``executemany``, with sqlite3 statements of many rows each
(what the import sends), or with psycopg ``COPY``.
"""

from __future__ import annotations

import csv
import sqlite3
from itertools import chain
from pathlib import Path

from bench._ledgers import REPUBLIC, copy_database, settle, write_register
from bench.harness import Benchmark, Context, Probe, Row, Sample, Table, Target

COUNCILS = 100


def _template(ctx: Context, kind: str) -> str:
    from councils.bootstrap import governance

    url = ctx.fresh_url(kind, f"register-template-{kind}")
    gov = governance(url)
    gov.handle({"cmd": "found_republic", "republic": REPUBLIC, "name": "R",
                "constitution": "rsfsr-1918"})
    gov.handle_batch([{"cmd": "create_council", "council": f"{REPUBLIC}/c{i}", "republic": REPUBLIC,
                       "kind": "town"} for i in range(COUNCILS)])
    gov.ledger.dispose()
    settle(url)
    return url


def import_run(template: str, target: str, register: str) -> Sample:
    from councils.application.register_import import import_register
    from councils.bootstrap import governance

    url = copy_database(template, target)
    gov = governance(url)
    gov.catch_up()
    with Probe() as probe:
        report = import_register(gov, Path(register), REPUBLIC)
    gov.ledger.dispose()
    return Sample.of(probe, report.residents, electors=report.electors)


def commands_run(template: str, target: str, register: str, rows: int) -> Sample:
    from councils.bootstrap import governance
    from councils.domain.commands import RegisterPerson

    url = copy_database(template, target)
    gov = governance(url)
    gov.catch_up()
    with Path(register).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        lines = [line for _, line in zip(range(rows), reader, strict=False)]
    with Probe() as probe:
        commands = [{"cmd": RegisterPerson.name, "person": p, "council": f"{REPUBLIC}/{c}",
                     "nationality": n, "class": k, "born": int(b), "name": name}
                    for p, c, n, k, b, name in lines]
        for i in range(0, len(commands), 1000):  # as `councils apply --batch 1000`
            _, error = gov.handle_batch(commands[i:i + 1000])
            assert error is None, error
    gov.ledger.dispose()
    return Sample.of(probe, rows)


def raw_run(template: str, target: str, register: str, multirow: bool = False) -> Sample:
    """The rows the import writes, prepared outside the clock, then inserted through the driver.

    On SQLite, `multirow` inserts them as statements of thousands of rows each (what the
    import does, `sql_ledger.insert_columns`), the statements made and their parameters
    flattened outside the clock; otherwise with `executemany`.
    """
    from councils.adapters.codec import chain_rows
    from councils.adapters.sql_ledger import SqlLedger
    from councils.domain.events import Event

    url = copy_database(template, target)
    ledger = SqlLedger(url)
    position, prev = ledger.head()
    ledger.dispose()
    events, persons = [], []
    with Path(register).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for p, c, n, k, b, name in reader:
            council = f"{REPUBLIC}/{c}"
            events.append(Event("PersonRegistered", {
                "person": p, "council": council, "republic": REPUBLIC, "nationality": n,
                "name": name, "born": int(b), "class": k}, "person:" + p, REPUBLIC, "2026"))
            persons.append((p, council, REPUBLIC, n, k, int(b), name))
    _, rows = chain_rows(events, position, prev, {e.stream: 0 for e in events})
    del events
    size = len(rows)
    columns = "position, stream, version, type, scope, at, payload, meta, prev_hash, hash"
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        if multirow:
            statements = _statements(conn, f"events ({columns})", rows) + \
                _statements(conn, "persons", persons)
            del rows[:-1], persons
            with Probe() as probe:
                conn.execute("BEGIN IMMEDIATE")
                for sql, flat in statements:
                    conn.execute(sql, flat)
                conn.execute("UPDATE ledger_head SET position = ?, hash = ? WHERE id = 1",
                             (rows[-1][0], rows[-1][9]))
                conn.execute("COMMIT")
            conn.close()
            return Sample.of(probe, size)
        with Probe() as probe:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO events ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            conn.executemany("INSERT INTO persons VALUES (?,?,?,?,?,?,?)", persons)
            conn.execute("UPDATE ledger_head SET position = ?, hash = ? WHERE id = 1",
                         (rows[-1][0], rows[-1][9]))
            conn.execute("COMMIT")
        conn.close()
        return Sample.of(probe, len(rows))
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as pg, Probe() as probe, pg.transaction(), pg.cursor() as cur:
        with cur.copy(f"COPY events ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cur.copy("COPY persons FROM STDIN") as copy:
            for person in persons:
                copy.write_row(person)
        cur.execute("UPDATE ledger_head SET position = %s, hash = %s WHERE id = 1",
                    (rows[-1][0], rows[-1][9]))
    return Sample.of(probe, len(rows))


def _statements(conn: sqlite3.Connection, into: str,
                rows: list[tuple[object, ...]]) -> list[tuple[str, tuple[object, ...]]]:
    """`INSERT INTO {into} VALUES (...), (...), ...` statements for `rows`, with their parameters.

    Sized as the import's (`sql_ledger._statements`): a power of two rows each, as many
    as SQLite's limit on parameters allows, then the rest by halves.
    """
    width = len(rows[0])
    largest = 1 << ((min(32_766, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)) // width)
                    .bit_length() - 1)
    row = "(" + ", ".join("?" * width) + ")"
    out, start = [], 0
    while start < len(rows):
        count = min(largest, 1 << ((len(rows) - start).bit_length() - 1))
        out.append((f"INSERT INTO {into} VALUES " + ", ".join([row] * count),
                    tuple(chain.from_iterable(rows[start:start + count]))))
        start += count
    return out


def run(ctx: Context) -> list[Table]:
    size = 50_000 if ctx.quick else 1_000_000
    register = write_register(ctx.workdir / "register.csv", size, COUNCILS)
    table = Table(f"register import, {size:,} residents from CSV (one transaction)", "residents",
                  targets=[Target("register import", min_rate=50_000,
                                  text="≥ 50,000 residents/s on 1M rows")])
    for kind in ctx.databases():
        template = _template(ctx, kind)
        target = template.replace("template", "run")
        table.rows.append(Row("councils register import", ctx.repeat(
            import_run, template, target, str(register)), kind))
        table.rows.append(Row("register_person commands, handle_batch of 1,000",
                              ctx.repeat(commands_run, template, target, str(register), size // 10),
                              kind, note=f"{size // 10:,} rows"))
        table.rows.append(Row("raw driver: " + ("sqlite3 executemany" if kind == "sqlite"
                                                 else "psycopg COPY"),
                              ctx.repeat(raw_run, template, target, str(register)), kind, peer=True))
        if kind == "sqlite":
            table.rows.append(Row("raw driver: sqlite3 multi-row INSERT", ctx.repeat(
                raw_run, template, target, str(register), True), kind, peer=True))
    electors = table.rows[0].samples[0].extra["electors"]
    table.notes.append(
        f"The register: {size:,} residents over {COUNCILS} town councils of one republic "
        f"(rsfsr-1918), classes drawn from the constitution's vocabulary, born 1930-2005; "
        f"{electors:,} of them are electors under the franchise. Each import checks every row "
        "(council, duplicate, class, year) before writing. The raw floor skips reading and "
        "checking the CSV, the state, and hashing (rows are prepared before the clock starts); "
        "on SQLite it inserts them row by row (executemany) or as statements of thousands of "
        "rows each (multi-row INSERT, as the import does).")
    return [table]


BENCHMARK = Benchmark("register", "An electoral register imported from CSV.", run)
