"""replay: rebuild the state and every projection from a large ledger, and its memory.

The ledger is built once per database (outside the clock): a republic of 100 town
councils, its residents (electors all), nine secret-ballot motions per council, and
ballots until the ledger holds the target size (each ballot a `VoterParticipated`
event; the events are appended straight to the ledger, since replay rebuilds the
projections anyway). At each size, fresh processes measure `Governance.replay()`
(read every event in pages, fold it into the in-memory state, rewrite the
projection tables), reading alone (`ledger.read()`: decode and discard), and
`ledger.verify()` (recompute the hash chain), with the peak memory of each.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from bench._ledgers import REPUBLIC
from bench.harness import Benchmark, Context, Probe, Row, Sample, Table, Target

COUNCILS = 100
QUESTIONS = 9  # per council


@dataclass(frozen=True)
class Plan:
    electors: int
    sizes: tuple[int, ...]  # ledger sizes (events) at which to measure


FULL = Plan(electors=1_000_000, sizes=(1_000_000, 4_000_000, 10_000_000))
QUICK = Plan(electors=10_000, sizes=(30_000, 100_000))


def replay_run(url: str) -> Sample:
    from councils.bootstrap import governance

    gov = governance(url)
    with Probe() as probe:
        state = gov.replay()
    persons = len(state.persons)
    gov.ledger.dispose()
    return Sample.of(probe, state.position, persons=persons)


def read_run(url: str) -> Sample:
    """Reading as replay reads: pages of rows decoded to events, nothing kept."""
    from councils.adapters.codec import decode_event
    from councils.adapters.sql_ledger import SqlLedger

    ledger = SqlLedger(url)
    n = 0
    with Probe() as probe:
        for page in ledger.read_rows():
            for row in page:
                decode_event(row)
            n += len(page)
    ledger.dispose()
    return Sample.of(probe, n)


def verify_run(url: str) -> Sample:
    from councils.adapters.sql_ledger import SqlLedger

    ledger = SqlLedger(url)
    with Probe() as probe:
        result = ledger.verify()
    assert result.ok, result.reason
    ledger.dispose()
    return Sample.of(probe, result.events)


class _Builder:
    """Grows one ledger to each planned size, outside the clock."""

    def __init__(self, ctx: Context, kind: str, plan: Plan) -> None:
        from councils.bootstrap import governance

        self.url = ctx.fresh_url(kind, f"replay-{kind}")
        self.gov = governance(self.url)
        self.plan = plan
        gov = self.gov
        gov.handle({"cmd": "found_republic", "republic": REPUBLIC, "name": "R",
                    "constitution": "rsfsr-1918"})
        gov.handle_batch([{"cmd": "create_council", "council": f"{REPUBLIC}/c{i}",
                           "republic": REPUBLIC, "kind": "town"} for i in range(COUNCILS)])
        register = ctx.workdir / f"electors-{kind}.csv"
        with register.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["person", "council", "nationality", "class", "born"])
            out.writerows([f"p{i}", f"c{i % COUNCILS}", "n", "worker", 1980]
                          for i in range(plan.electors))
        from councils.application.register_import import import_register

        import_register(gov, register, REPUBLIC)
        gov.handle_batch([{"cmd": "open_question", "question": f"q{c}-{j}",
                           "body": f"{REPUBLIC}/c{c}", "kind": "motion", "text": "a motion"}
                          for c in range(COUNCILS) for j in range(QUESTIONS)])
        self.ballots = 0

    def grow_to(self, size: int) -> int:
        from councils.domain.events import Event

        ledger = self.gov.ledger
        position = ledger.head()[0]
        per_council = self.plan.electors // COUNCILS
        capacity = COUNCILS * QUESTIONS * per_council
        while position < size and self.ballots < capacity:
            chunk = []
            for n in range(self.ballots, min(self.ballots + 100_000, capacity,
                                             self.ballots + size - position)):
                question, voter = divmod(n, per_council)
                council, j = divmod(question, QUESTIONS)
                chunk.append(Event("VoterParticipated",
                                   {"question": f"q{council}-{j}",
                                    "voter": f"p{voter * COUNCILS + council}"},
                                   f"question:q{council}-{j}", REPUBLIC, "2026-11-25T12:00:00+00:00"))
            ledger.append(chunk, position)
            position += len(chunk)
            self.ballots += len(chunk)
        return position

    def close(self) -> None:
        from bench._ledgers import settle

        self.gov.ledger.dispose()
        settle(self.url)


def run(ctx: Context) -> list[Table]:
    plan = QUICK if ctx.quick else FULL
    largest = f"Governance.replay, {plan.sizes[-1] / 1e6:.2f}M"
    table = Table("replay and read, from the whole ledger", "events",
                  targets=[Target(largest, min_rate=100_000,
                                  text=f"≥ 100,000 events/s at {plan.sizes[-1]:,} events; memory "
                                       "not growing with the ledger beyond the state itself")])
    memory: dict[str, list[tuple[float, float]]] = {}
    for kind in ctx.databases():
        builder = _Builder(ctx, kind, plan)
        for size in plan.sizes:
            events = builder.grow_to(size)
            builder.close()
            label = f"{events / 1e6:.2f}M events"
            for name, work in (("Governance.replay", replay_run), ("reading and decoding only", read_run),
                               ("ledger.verify", verify_run)):
                runs = None if name == "Governance.replay" else 1  # the others are for reference
                row = Row(f"{name}, {label}", ctx.repeat(work, builder.url, runs=runs), kind)
                table.rows.append(row)
                memory.setdefault(f"{kind}: {name}", []).append((events / 1e6, row.peak_mib))
    table.series = memory
    table.series_axes = ("ledger size (million events)", "peak MiB")
    persons = next(r for r in table.rows if "replay" in r.label).samples[0].extra["persons"]
    table.notes.append(
        f"Ledger: {persons:,} residents in {COUNCILS} councils, {COUNCILS * QUESTIONS} open "
        "motions, the rest ballots. The state holds every resident and, per question, its roll "
        "and who voted (what the next command is checked against). A roll numbers its electors "
        "once and is shared by the questions a council opens on the same electorate; who voted "
        "is a bit per elector on the roll. So after the residents, a ballot adds nothing to "
        "memory: the replay's peak should stay flat from the first size on. Reading streams "
        "pages of 5,000 rows; all it keeps is each stream's last version (one entry per "
        "resident and per question). Verify keeps nothing.")
    return [table]


BENCHMARK = Benchmark("replay", "Rebuild state and projections from a large ledger.", run)
