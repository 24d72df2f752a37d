"""record_growth: the cost of recording a ballot as the ledger grows from nothing to 10M events.

Recording must not slow down as history accumulates: a union that has voted for years
should take its next ballot as fast as on the first day. Recording 10M ballots through
the library at each size would take hours, so the ledger is grown outside the clock
(the replay benchmark's builder: a republic of 100 town councils and 1M electors,
nine open motions per council, then participation events appended straight to the
ledger), and at each size a fresh process catches up with the whole ledger (not
timed: a server does it once at start) and then times ballots through the library:
three blocks of 5,000 ballots in transactions of 1,000 (`Governance.handle_batch`),
and 200 ballots one per transaction (`Governance.handle`), on questions opened for
the measurement. The ballots measured stay in the ledger (15,200 per size).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from bench.harness import Benchmark, Context, Probe, Row, Sample, Table
from bench.replay import COUNCILS, Plan, _Builder

BATCH = 1000
BLOCK = 5_000  # ballots per timed block (five transactions)
BLOCKS = 3
SINGLE = 200

FULL = Plan(electors=1_000_000, sizes=(1_001_000, 2_500_000, 5_000_000, 10_000_000))
QUICK = Plan(electors=20_000, sizes=(20_100, 50_000, 100_000))


@dataclass
class Measured:
    """One size: the ledger's length, the untimed catch-up, the batched blocks, the single ballots."""

    size: int
    catch_up_s: float
    blocks: list[Sample]
    single: Sample


def measure(url: str, tag: str, electors_per_council: int) -> Measured:
    """Catch up with the ledger, then time batched and single ballots on fresh questions."""
    from councils.bootstrap import governance

    gov = governance(url)
    began = time.perf_counter()
    gov.catch_up()
    catch_up = time.perf_counter() - began
    size = gov.ledger.head()[0]
    needed = math.ceil((BLOCK * BLOCKS + SINGLE) / electors_per_council)  # one fresh motion each
    councils = [f"c{i}" for i in range(needed)]
    questions = [f"g{tag}-{c}" for c in councils]
    gov.handle_batch([{"cmd": "open_question", "question": q, "body": f"r/{c}", "kind": "motion",
                       "text": "measuring"} for q, c in zip(questions, councils, strict=True)])
    ballots = [{"cmd": "cast_ballot", "question": q, "voter": f"p{v * COUNCILS + int(c[1:])}",
                "choice": "yes"} for q, c in zip(questions, councils, strict=True)
               for v in range(electors_per_council)]
    blocks: list[Sample] = []
    n = 0
    for _ in range(BLOCKS):
        with Probe() as probe:
            for start in range(n, n + BLOCK, BATCH):
                done, error = gov.handle_batch(ballots[start:start + BATCH])
                assert error is None and done == BATCH, error
        n += BLOCK
        blocks.append(Sample.of(probe, BLOCK, ledger=size))
    with Probe() as probe:
        for raw in ballots[n:n + SINGLE]:
            gov.handle(raw)
    single = Sample.of(probe, SINGLE, ledger=size)
    gov.ledger.dispose()
    return Measured(size, catch_up, blocks, single)


def run(ctx: Context) -> list[Table]:
    plan = QUICK if ctx.quick else FULL
    per_council = plan.electors // COUNCILS
    batched = Table(f"record as the ledger grows: {BLOCK:,} ballots in transactions of {BATCH:,}",
                    "ballots")
    batched.runs_are = "blocks one after another in one fresh process per size"
    single = Table("record as the ledger grows: one ballot a transaction (durable commit each)",
                   "ballots")
    single.runs_are = f"one block of {SINGLE} in the same process, after the batched blocks"
    curve: dict[str, list[tuple[float, float]]] = {}
    flat: list[str] = []
    for kind in ctx.databases():
        builder = _Builder(ctx, kind, plan)
        points: list[tuple[float, float]] = []
        for size in plan.sizes:
            builder.grow_to(size)
            builder.close()
            result = ctx.repeat(measure, builder.url, f"{size}", per_council, runs=1)[0]
            events = result.size
            label = f"ledger of {events / 1e6:.2f}M events"
            row = Row(label, result.blocks, kind, note=f"caught up in {result.catch_up_s:.0f} s, not timed")
            batched.rows.append(row)
            single.rows.append(Row(label, [result.single], kind))
            points.append((events / 1e6, 1e6 / row.rate))
        curve[f"{kind}: µs per ballot (batched)"] = points
        first, last = points[0][1], points[-1][1]
        flat.append(f"{kind}: {last:.1f} µs a ballot at {points[-1][0]:.1f}M events against "
                    f"{first:.1f} µs at {points[0][0]:.2f}M ({last / first:.2f}×)")
    batched.series = curve
    batched.series_axes = ("ledger size (million events)", "µs per ballot")
    batched.notes.append(
        f"Target: the cost of one ballot does not grow with the ledger. Each size: {BLOCKS} "
        f"blocks of {BLOCK:,} ballots after catching up with the whole ledger in a fresh "
        f"process. " + "; ".join(flat) + ".")
    batched.notes.append(
        "Why it stays flat: an append reads only the ledger head (one row) and the stream's "
        "last version (kept in memory); the state answers the rules from dictionaries and a "
        "bit per elector; the projections touched are the question's row. Nothing scans the "
        "ledger.")
    return [batched, single]


BENCHMARK = Benchmark("record_growth", "Cost of one ballot as the ledger grows to 10M events.", run)
