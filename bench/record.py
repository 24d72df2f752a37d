"""record: durable ballots per second into the ledger, through the library and raw.

Each run starts from a copy of the same database: a republic whose town council has
E electors and several open motions (secret ballots: each ballot is a participation
event in the hash-chained ledger plus a sealed row in the ballot box, both durable
at commit). Through the library, ballots are JSON command objects as the API and
`councils apply` take them, handled (1) one command per transaction by
`Governance.handle`, on the small ledger and again after it has grown, and (2) in
transactions of 1,000 by `Governance.handle_batch`, timing each batch so the cost
per ballot can be followed as the ledger grows. The raw-driver floor writes the same
rows (chained events, ballot-box rows, the head) with sqlite3 ``executemany`` or
psycopg ``COPY`` in transactions of the same size, and one row per transaction.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from bench._ledgers import REPUBLIC, copy_database, settle, voting_republic
from bench.harness import Benchmark, Context, Probe, Row, Sample, Table, Target

BATCH = 1000


@dataclass(frozen=True)
class Sizes:
    electors: int
    questions: int
    per_command: int
    batched: int


FULL = Sizes(electors=200_000, questions=11, per_command=1_000, batched=2_000_000)
QUICK = Sizes(electors=5_000, questions=5, per_command=200, batched=20_000)


def _ballot(sizes: Sizes, n: int) -> dict[str, Any]:
    question, voter = divmod(n, sizes.electors)
    return {"cmd": "cast_ballot", "question": f"q{question}", "voter": f"p{voter}", "choice": "yes"}


def library_run(template: str, target: str, sizes: Sizes) -> dict[str, Sample]:
    """One run through the library: per command, batched (with a series), per command again."""
    from councils.bootstrap import governance

    url = copy_database(template, target)
    gov = governance(url)
    gov.catch_up()  # read the template's ledger before the clock starts
    n = 0
    out: dict[str, Sample] = {}

    def per_command(name: str) -> None:
        nonlocal n
        size = gov.ledger.head()[0]
        with Probe() as probe:
            for _ in range(sizes.per_command):
                gov.handle(_ballot(sizes, n))
                n += 1
        out[name] = Sample.of(probe, sizes.per_command, ledger=size)

    per_command("small")
    series: list[tuple[int, float]] = []
    start = gov.ledger.head()[0]
    with Probe() as probe:
        for _ in range(0, sizes.batched, BATCH):
            chunk = [_ballot(sizes, n + i) for i in range(BATCH)]
            began = time.perf_counter()
            done, error = gov.handle_batch(chunk)
            assert error is None and done == BATCH, error
            series.append((gov.ledger.head()[0], (time.perf_counter() - began) / BATCH))
            n += BATCH
    out["batched"] = Sample.of(probe, sizes.batched, ledger=start, series=series)
    per_command("large")
    gov.ledger.dispose()
    return out


def _rows(url: str, sizes: Sizes, count: int, offset: int) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str]]]:
    """The rows the library would write for `count` ballots: chained events, sealed ballots."""
    from councils.adapters.codec import chain_rows
    from councils.adapters.sql_ledger import SqlLedger
    from councils.domain.events import Event

    ledger = SqlLedger(url)
    position, prev = ledger.head()
    streams = {f"question:q{j}" for j in range(sizes.questions)}
    with ledger.reading() as conn:
        versions = ledger._stream_versions(conn, streams)
    ledger.dispose()
    at = "2026-11-25T12:00:00+00:00"
    events, ballots = [], []
    for i in range(offset, offset + count):
        b = _ballot(sizes, i)
        events.append(Event("VoterParticipated", {"question": b["question"], "voter": b["voter"]},
                            f"question:{b['question']}", REPUBLIC, at))
        ballots.append((b["question"], secrets.token_hex(8), json.dumps(["yes"])))
    _, rows = chain_rows(events, position, prev, versions)
    return rows, ballots


EVENT_COLUMNS = "position, stream, version, type, scope, at, payload, meta, prev_hash, hash"


def raw_run(template: str, target: str, sizes: Sizes, count: int, batch: int) -> Sample:
    """The floor: the same rows written straight through the driver, `batch` per transaction."""
    url = copy_database(template, target)
    rows, ballots = _rows(url, sizes, count, 0)
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # as durable as the library's commits
        with Probe() as probe:
            for i in range(0, count, batch):
                part = rows[i:i + batch]
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", part)
                conn.executemany("INSERT INTO ballot_box VALUES (?, ?, ?)", ballots[i:i + batch])
                conn.execute("UPDATE ledger_head SET position = ?, hash = ? WHERE id = 1",
                             (part[-1][0], part[-1][9]))
                conn.execute("COMMIT")
        conn.close()
        return Sample.of(probe, count)
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg, Probe() as probe:
        for i in range(0, count, batch):
            part = rows[i:i + batch]
            with pg.transaction(), pg.cursor() as cur:
                if batch == 1:
                    cur.execute(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES "
                                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", part[0])
                    cur.execute("INSERT INTO ballot_box VALUES (%s, %s, %s)", ballots[i])
                else:
                    with cur.copy(f"COPY events ({EVENT_COLUMNS}) FROM STDIN") as copy:
                        for row in part:
                            copy.write_row(row)
                    with cur.copy("COPY ballot_box FROM STDIN") as copy:
                        for ballot in ballots[i:i + batch]:
                            copy.write_row(ballot)
                cur.execute("UPDATE ledger_head SET position = %s, hash = %s WHERE id = 1",
                            (part[-1][0], part[-1][9]))
    return Sample.of(probe, count)


def _template(ctx: Context, kind: str, sizes: Sizes) -> str:
    url = ctx.fresh_url(kind, f"record-template-{kind}")
    voting_republic(url, ctx.workdir, sizes.electors, sizes.questions)
    settle(url)
    return url


def _series(samples: list[Sample], batches: int = 10) -> list[tuple[float, float]]:
    """Median µs per ballot in each tenth of the batched run, against the ledger's size."""
    import statistics

    runs = [s.extra["series"] for s in samples]
    step = max(1, len(runs[0]) // batches)
    points = []
    for i in range(0, len(runs[0]), step):
        size = runs[0][min(i + step, len(runs[0])) - 1][0]
        cost = statistics.median(c for run in runs for _, c in run[i:i + step])
        points.append((size / 1e6, cost * 1e6))
    return points


def run(ctx: Context) -> list[Table]:
    sizes = QUICK if ctx.quick else FULL
    batched = Table(f"record, batched ({BATCH:,} ballots a transaction)", "ballots",
                    targets=[Target("handle_batch", min_rate=20_000, min_peer_ratio=1 / 3,
                                    text="≥ 20,000 ballots/s batched on each database, and ≥ 1/3 "
                                         "of the raw-driver floor")])
    single = Table("record, one ballot a transaction (durable commit each)", "ballots")
    for kind in ctx.databases():
        template = _template(ctx, kind, sizes)
        target = template.replace("template", "run")
        runs = ctx.repeat(library_run, template, target, sizes)
        batched.rows.append(Row("library: handle_batch", [r["batched"] for r in runs], kind))
        batched.series[f"{kind}: µs per ballot"] = _series([r["batched"] for r in runs])
        batched.rows.append(Row("raw driver: " + ("sqlite3 executemany" if kind == "sqlite"
                                                   else "psycopg COPY"),
                                ctx.repeat(raw_run, template, target, sizes, sizes.batched, BATCH),
                                kind, peer=True))
        for phase, what in (("small", "template"), ("large", "after the batched run")):
            samples = [r[phase] for r in runs]
            ledger = samples[0].extra["ledger"]
            single.rows.append(Row(f"library: handle, ledger {ledger:,} events ({what})",
                                   samples, kind))
        single.rows.append(Row("raw driver: one INSERT per transaction",
                               ctx.repeat(raw_run, template, target, sizes, sizes.per_command, 1),
                               kind, peer=True))
    batched.series_axes = ("ledger size (million events)", "µs per ballot (median of runs)")
    batched.notes.append(
        f"{sizes.electors:,} electors, {sizes.questions} open motions in one town council; "
        "ballots are `cast_ballot` JSON objects with a `choice`, secret (council) ballots. "
        "The raw floor inserts the same rows the library writes (chained events, ballot-box "
        "rows, the ledger head) with no rule checks, no state and no projections.")
    return [batched, single]


BENCHMARK = Benchmark("record", "Durable ballots per second into the ledger (SQLite, PostgreSQL).",
                      run)
