"""Union scale: 15 republics, 10,000 councils, 100M inhabitants, in one process.

The register is held in columns (council, class, year of birth as NumPy arrays), not
one event per person: this is the researcher's view of a whole union. The benchmark
apportions every congress by the ussr-1924 preset, counts a union-wide referendum and
an STV election of delegates in every council, and prints how the time splits.

    python -m bench.union_scale [--quick] [--inhabitants N] [--councils N]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.harness import Benchmark, Context, Probe, Row, Sample, Table, Target
from councils.constitution import load
from councils.constitution.schema import CLASSES, ApportionmentRule
from councils.counting import Ballots, MotionRule, count

YEAR = 2026
# Shares of the ten classes in the synthetic register (enfranchised classes dominate).
CLASS_SHARES = np.array([0.46, 0.30, 0.04, 0.08, 0.04, 0.03, 0.015, 0.02, 0.01, 0.005])
KINDS = ("town", "village", "workplace", "district", "province")


@dataclass
class Timings:
    parts: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.parts[name] = self.parts.get(name, 0.0) + time.perf_counter() - start


def synthetic_register(inhabitants: int, councils: int, republics: int,
                       rng: np.random.Generator) -> dict[str, NDArray[Any]]:
    """Columns of a register: council of residence, class index and year of birth per person."""
    sizes = rng.lognormal(mean=0.0, sigma=0.8, size=councils)
    sizes = np.floor(sizes / sizes.sum() * inhabitants).astype(np.int64)
    sizes[: inhabitants - int(sizes.sum())] += 1
    council = np.repeat(np.arange(councils, dtype=np.int32), sizes)
    social_class = rng.choice(len(CLASSES), size=inhabitants, p=CLASS_SHARES / CLASS_SHARES.sum()).astype(np.int8)
    born = (YEAR - rng.integers(0, 90, size=inhabitants, dtype=np.int16)).astype(np.int16)
    republic_of_council = np.sort(rng.integers(0, republics, size=councils)).astype(np.int16)
    kind_of_council = rng.choice(len(KINDS), size=councils, p=[0.3, 0.35, 0.2, 0.1, 0.05]).astype(np.int8)
    return {"council": council, "class": social_class, "born": born,
            "republic_of_council": republic_of_council, "kind_of_council": kind_of_council}


def seats_vectorised(rule: ApportionmentRule | None, electors: NDArray[np.int64],
                     inhabitants: NDArray[np.int64]) -> NDArray[np.int64]:
    """`ApportionmentRule.seats` over arrays: the same formula, one NumPy expression."""
    if rule is None:
        return np.ones_like(electors)
    amount = electors if rule.basis == "electors" else inhabitants
    seats = np.maximum(rule.minimum, amount // rule.per)
    return np.minimum(seats, rule.cap) if rule.cap is not None else seats


def apportion_union(reg: dict[str, NDArray[Any]], republics: int) -> dict[str, Any]:
    """Every republic congress from its councils, and the union congress from its republics."""
    union, republic = load("ussr-1924"), load("ussr-1924")
    franchise = republic.franchise
    enfranchised = np.zeros(len(CLASSES), dtype=bool)
    enfranchised[[CLASSES.index(c) for c in franchise.enfranchised]] = True
    is_elector = enfranchised[reg["class"]] & (YEAR - reg["born"] >= franchise.min_age)
    n_councils = len(reg["kind_of_council"])
    electors = np.bincount(reg["council"], weights=is_elector, minlength=n_councils).astype(np.int64)
    inhabitants = np.bincount(reg["council"], minlength=n_councils).astype(np.int64)
    seats = np.zeros(n_councils, dtype=np.int64)
    for k, kind in enumerate(KINDS):
        mask = reg["kind_of_council"] == k
        rule = republic.apportionment_rule("republic_congress", kind)
        seats[mask] = seats_vectorised(rule, electors[mask], inhabitants[mask])
    rep_electors = np.bincount(reg["republic_of_council"], weights=electors, minlength=republics).astype(np.int64)
    rep_inhabitants = np.bincount(reg["republic_of_council"], weights=inhabitants, minlength=republics).astype(np.int64)
    union_seats = seats_vectorised(union.apportionment_rule("union_congress", "republic"),
                                   rep_electors, rep_inhabitants)
    congress_sizes = np.bincount(reg["republic_of_council"], weights=seats, minlength=republics).astype(np.int64)
    return {"is_elector": is_elector, "electors": electors, "inhabitants": inhabitants,
            "council_seats": seats, "republic_congress_sizes": congress_sizes.tolist(),
            "union_congress_seats": union_seats.tolist(),
            "second_chamber": republics * (union.union.second_chamber.seats_per_republic
                                           if union.union.second_chamber else 0)}


def referendum(reg: dict[str, NDArray[Any]], rng: np.random.Generator) -> dict[str, Any]:
    """Every adult votes yes, no, abstains or stays home; the tally goes through `count`."""
    adult = YEAR - reg["born"] >= 18
    choice = rng.choice(4, size=len(adult), p=[0.45, 0.30, 0.05, 0.20]).astype(np.int8)  # 3 = stayed home
    voted = adult & (choice < 3)
    tallies = np.bincount(choice[voted], minlength=3)
    ballots = Ballots(("yes", "no", "abstain"), np.array([[0], [1], [2]], dtype=np.int32),
                      tallies.astype(np.int64))
    result = count(ballots, "majority", rule=MotionRule("simple", Fraction(1, 2), int(adult.sum())))
    return {"outcome": result.outcome, "valid": result.valid, "electorate": int(adult.sum())}


def council_elections(electors: NDArray[np.int64], seats: int, candidates: int, patterns: int,
                      rng: np.random.Generator, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """An STV election in every council: each council's electors cast `patterns` distinct rankings."""
    names = tuple(f"c{i}" for i in range(candidates))
    elected = 0
    rounds = 0
    for i, n in enumerate(electors.tolist()):
        if n == 0:
            continue
        base = rng.random(candidates)
        noisy = base[None, :] + rng.gumbel(size=(patterns, candidates)) * 0.5
        rankings = np.argsort(-noisy, axis=1).astype(np.int32)
        depth = rng.integers(1, candidates + 1, size=patterns)
        rankings[np.arange(candidates)[None, :] >= depth[:, None]] = -1
        weights = rng.multinomial(n, rng.dirichlet(np.ones(patterns))).astype(np.int64)
        keep = weights > 0
        result = count(Ballots(names, rankings[keep], weights[keep]), "stv", seats=min(seats, candidates - 1))
        elected += len(result.winners)
        rounds += len(result.rounds)
        if progress is not None and i % 500 == 0:
            progress(i)
    return {"councils": int((electors > 0).sum()), "elected": elected, "rounds": rounds}


def run(inhabitants: int = 100_000_000, councils: int = 10_000, republics: int = 15, seats: int = 3,
        candidates: int = 8, patterns: int = 200, seed: int = 1918, verbose: bool = True) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    t = Timings()
    say: Callable[[str], None] = print if verbose else (lambda _s: None)
    with t.part("register"):
        reg = synthetic_register(inhabitants, councils, republics, rng)
    say(f"register: {inhabitants:,} inhabitants in {councils:,} councils of {republics} republics "
        f"({sum(a.nbytes for a in reg.values()) / 2**20:,.0f} MiB of columns), {t.parts['register']:.1f} s")
    with t.part("apportion"):
        share = apportion_union(reg, republics)
    say(f"apportion: republic congresses of {min(share['republic_congress_sizes'])}-"
        f"{max(share['republic_congress_sizes'])} delegates, union congress "
        f"{sum(share['union_congress_seats']):,} seats, {t.parts['apportion']:.1f} s")
    with t.part("referendum"):
        vote = referendum(reg, rng)
    say(f"referendum: {vote['outcome']} ({vote['valid']:,} ballots of {vote['electorate']:,}), "
        f"{t.parts['referendum']:.1f} s")
    with t.part("council elections"):
        elections = council_elections(share["electors"], seats, candidates, patterns, rng,
                                      progress=(lambda i: say(f"  ... {i:,} councils counted")) if verbose else None)
    say(f"council elections: STV ({seats} seats, {candidates} candidates) in {elections['councils']:,} councils, "
        f"{elections['elected']:,} delegates elected, {t.parts['council elections']:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB
    total = sum(t.parts.values())
    say(f"total {total:.1f} s, peak memory {peak:.2f} GiB")
    return {"inhabitants": inhabitants, "councils": councils, "republics": republics,
            "seconds": {k: round(v, 3) for k, v in t.parts.items()}, "total_seconds": round(total, 3),
            "peak_gib": round(peak, 3), "referendum": vote, "elections": elections,
            "union_congress_seats": sum(share["union_congress_seats"])}


# --- under the harness: `python -m bench union_scale [--quick]` ------------------------------

QUICK_SIZE = (1_000_000, 500)
FULL_SIZE = (100_000_000, 10_000)
TARGET_SECONDS = 60.0
TARGET_PEAK_GIB = 8.0


def harness_run(inhabitants: int, councils: int) -> Sample:
    """One run in the harness's fresh process: the timings, with the block's own peak memory."""
    with Probe() as probe:
        result = run(inhabitants, councils, verbose=False)
    return Sample.of(probe, inhabitants, parts=result["seconds"], peak_gib=result["peak_gib"],
                     union_congress_seats=result["union_congress_seats"],
                     elected=result["elections"]["elected"], referendum=result["referendum"]["outcome"])


def harness(ctx: Context) -> list[Table]:
    inhabitants, councils = QUICK_SIZE if ctx.quick else FULL_SIZE
    samples: list[Sample] = ctx.repeat(harness_run, inhabitants, councils)
    table = Table(f"union scale: {inhabitants:,} inhabitants, {councils:,} councils, 15 republics, "
                  "one process", "inhabitants",
                  targets=[Target("total", min_rate=inhabitants / TARGET_SECONDS,
                                  text=f"under {TARGET_SECONDS:.0f} s in all (≥ "
                                       f"{inhabitants / TARGET_SECONDS:,.0f} inhabitants/s), and under "
                                       f"{TARGET_PEAK_GIB:.0f} GiB peak memory")])
    peak = max(s.extra["peak_gib"] for s in samples)
    seconds = sorted(s.seconds for s in samples)[len(samples) // 2]
    table.rows.append(Row("total: register, apportion, referendum, council elections", samples,
                          note=f"peak {peak:.2f} GiB ({'<' if peak < TARGET_PEAK_GIB else '≥'} "
                               f"{TARGET_PEAK_GIB:.0f} GiB: {'met' if peak < TARGET_PEAK_GIB else '**missed**'}); "
                               f"{seconds:.1f} s ({'<' if seconds < TARGET_SECONDS else '≥'} "
                               f"{TARGET_SECONDS:.0f} s)"))
    for part in samples[0].extra["parts"]:
        table.rows.append(Row(f"part: {part}", [Sample(s.extra["parts"][part], inhabitants,
                                                       s.peak_mib, s.base_mib) for s in samples],
                              note="peak: the whole run's"))
    first = samples[0].extra
    table.notes.append(
        "The register is held in columns (council, class, year of birth as NumPy arrays). "
        "Parts: a synthetic register; every republic congress apportioned by the ussr-1924 "
        "preset, and the union congress from them; a union-wide referendum counted through "
        "`count`; an STV election (3 seats, 8 candidates, 200 distinct rankings) in every "
        f"council. Union congress: {first['union_congress_seats']:,} seats; {first['elected']:,} "
        f"delegates elected; referendum: {first['referendum']}. Peak: resident memory of the "
        "run's process (`ru_maxrss`), the table's peak MiB column is the measured block's.")
    return [table]


BENCHMARK = Benchmark("union_scale", "A whole union in columns: apportion, a referendum, STV in "
                      "every council (100M inhabitants, 10k councils; quick: 1M, 500).", harness)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1M inhabitants, 500 councils")
    parser.add_argument("--inhabitants", type=int, default=100_000_000)
    parser.add_argument("--councils", type=int, default=10_000)
    args = parser.parse_args()
    if args.quick:
        args.inhabitants, args.councils = 1_000_000, 500
    result = run(args.inhabitants, args.councils)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
