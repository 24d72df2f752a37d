"""Timings of the counting package (not collected by pytest: run it by hand).

    python tests/unit/counting/bench_counting.py [--voters 1000000] [--runs 3] [--files]

Counts one million random truncated rankings (one row per ballot, weight 1) over 8 and
20 candidates by IRV and by STV for 3 seats with both transfer rules, and reads the
2002 Meath file if the shared data folder is present. Prints the best of a few runs,
after load (the Ballots already built), as docs/counting.md quotes them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from councils.counting import Ballots, count, read_ballot_file, write_ballot_file

SHARED = Path(os.environ.get("COUNCILS_SHARED_DATA", Path(__file__).parents[3] / ".." / "shared" / "data"))


def random_ballots(voters: int, candidates: int, seed: int = 1) -> Ballots:
    """``voters`` random rankings of random length 1..candidates (Zipf-ish support)."""
    rng = np.random.default_rng(seed)
    # Skewed candidate strength so counts have real transfers rather than a flat tie.
    strength = rng.dirichlet(np.full(candidates, 4.0))
    keys = rng.random((voters, candidates)) ** (1 / (strength * candidates))
    rankings = np.argsort(-keys, axis=1).astype(np.int32)
    lengths = rng.integers(1, candidates + 1, voters)
    rankings[np.arange(candidates)[None, :] >= lengths[:, None]] = -1
    names = tuple(f"C{i:02d}" for i in range(candidates))
    return Ballots(names, rankings, np.ones(voters, np.int64))


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="also time reading the ballots from files")
    args = parser.parse_args()
    for n in (8, 20):
        ballots = random_ballots(args.voters, n)
        print(f"{args.voters:,} ballots, {n} candidates ({len(ballots.weights):,} rows):")
        for label, kwargs in (
            ("irv", {"method": "irv"}),
            ("stv 3 seats gregory", {"method": "stv", "seats": 3}),
            ("stv 3 seats meek", {"method": "stv", "seats": 3, "transfer": "meek"}),
            ("plurality", {"method": "plurality"}),
            ("approval", {"method": "approval"}),
        ):
            ms = best_of(args.runs, lambda b=ballots, kw=kwargs: count(b, **kw))  # type: ignore[arg-type]
            print(f"  {label:<22} {ms:8.1f} ms")
        if args.files:
            with tempfile.TemporaryDirectory() as folder:
                for fmt in ("soi", "blt", "csv"):
                    path = Path(folder) / f"ballots.{fmt}"
                    write_ballot_file(ballots, path)
                    ms = best_of(args.runs, lambda p=path: read_ballot_file(p))
                    size = path.stat().st_size / 1e6
                    print(f"  read .{fmt} ({size:.0f} MB)     {ms:8.1f} ms")
    meath = SHARED / "elections" / "ireland-2002-meath.soi"
    if meath.exists():
        ms = best_of(args.runs * 3, lambda: read_ballot_file(meath))
        ballots = read_ballot_file(meath)
        stv = best_of(args.runs * 3, lambda: count(ballots, "stv", seats=5))
        meek = best_of(args.runs * 3, lambda: count(ballots, "stv", seats=5, transfer="meek"))
        print(f"Meath 2002 ({ballots.total:,} ballots, {len(ballots.weights):,} distinct orders):")
        print(f"  read .soi               {ms:8.1f} ms")
        print(f"  stv 5 seats gregory     {stv:8.1f} ms")
        print(f"  stv 5 seats meek        {meek:8.1f} ms")


if __name__ == "__main__":
    main()
