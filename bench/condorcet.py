"""Condorcet counts: Schulze and ranked pairs, ours against pref_voting, from the same ballots.

    python -m bench.condorcet [--quick] [--out bench]

Cases, built by ``bench.count``'s generators: ``pl8``/``pl20`` (Plackett-Luce rankings,
truncated as the 2002 Meath ballots are, aggregated into distinct rankings with counts)
and ``ic8``/``ic20`` (impartial culture: complete rankings, one row per ballot). Ours is
``count(Ballots(...), "schulze" | "ranked_pairs")`` end to end (building ``Ballots``,
the pairwise matrix, the method); pref_voting's is building its profile (``Profile`` for
complete rankings, ``ProfileWithTies`` with ranked-above-unranked for truncated ones) and
``beat_path`` (Floyd-Warshall) or ``ranked_pairs_tb``. Each is timed by ``bench.count.measure``
(median of up to 3 runs, the peak memory above what was resident), and the winners are
compared (pref_voting's ``beat_path`` returns every tied winner: ours must be among them).
pref_voting runs at a size only while its previous size took under ``--peer-limit`` seconds.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from bench.count import MULTI_RUN_LIMIT, impartial_culture, measure, plackett_luce
from bench.count_peers import Profile
from councils.counting import Ballots, count

METHODS = ("schulze", "ranked_pairs")


def ours(profile: Profile, method: str) -> frozenset[int]:
    ballots = Ballots(profile.candidates, np.asarray(profile.rankings, np.int32), profile.weights)
    result = count(ballots, method)
    return frozenset(profile.candidates.index(w) for w in result.winners)


def pref_voting(profile: Profile, method: str) -> frozenset[int]:
    from pref_voting.margin_based_methods import beat_path, ranked_pairs_tb
    from pref_voting.profiles import Profile as LinearProfile
    from pref_voting.profiles_with_ties import ProfileWithTies

    rows = profile.rankings.tolist()
    counts = profile.weights.tolist()
    n = len(profile.candidates)
    edata: Any
    if profile.complete:
        edata = LinearProfile([row[:n] for row in rows], rcounts=counts)
    else:
        edata = ProfileWithTies([{c: r + 1 for r, c in enumerate(row) if c >= 0} for row in rows],
                                rcounts=counts, candidates=list(range(n)))
        edata.use_extended_strict_preference()
    winners = beat_path(edata) if method == "schulze" else ranked_pairs_tb(edata)
    return frozenset(int(w) for w in winners)


def run(quick: bool, peer_limit: float) -> list[dict[str, Any]]:
    sizes = (1_000, 10_000, 100_000) if quick else (1_000, 10_000, 100_000, 1_000_000)
    rows: list[dict[str, Any]] = []
    makers: tuple[tuple[str, Callable[[int], Profile]], ...] = (
        ("pl8", partial(plackett_luce, n=8)), ("pl20", partial(plackett_luce, n=20)),
        ("ic8", partial(impartial_culture, n=8)), ("ic20", partial(impartial_culture, n=20)))
    for name, make in makers:
        peer_ok = {method: True for method in METHODS}
        for voters in sizes:
            profile = make(voters)
            for method in METHODS:
                mine = measure(partial(ours, profile, method), 3)
                row: dict[str, Any] = {"case": name, "voters": voters, "rows": len(profile.weights), "method": method,
                                       "ours_s": mine.median, "ours_peak": mine.peak_bytes}
                if peer_ok[method]:
                    peer = measure(partial(pref_voting, profile, method), 1)
                    row["pref_voting_s"] = peer.median if peer.error is None else None
                    row["pref_voting_error"] = peer.error
                    if peer.winners is not None and mine.winners is not None:
                        row["agree"] = bool(mine.winners <= peer.winners)
                    peer_ok[method] = peer.error is None and peer.median < peer_limit
                rows.append(row)
                print(json.dumps(row), flush=True)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| case | voters | rows | method | ours (s) | pref_voting (s) | ratio | same winner |",
             "|---|---:|---:|---|---:|---:|---:|---|"]
    for r in rows:
        peer = r.get("pref_voting_s")
        ratio = f"{peer / r['ours_s']:.0f}x" if peer else "-"
        agree = {True: "yes", False: "NO", None: "-"}[r.get("agree")]
        lines.append(f"| {r['case']} | {r['voters']:,} | {r['rows']:,} | {r['method']} | {r['ours_s']:.3f} | "
                     f"{'-' if peer is None else f'{peer:.3f}'} | {ratio} | {agree} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="up to 100,000 voters")
    parser.add_argument("--peer-limit", type=float, default=None,
                        help="seconds a pref_voting run may take before the next size is skipped "
                             f"(default {MULTI_RUN_LIMIT:g}; 2 with --quick)")
    parser.add_argument("--out", type=Path, default=Path("bench"))
    args = parser.parse_args()
    limit = args.peer_limit if args.peer_limit is not None else 2.0 if args.quick else MULTI_RUN_LIMIT
    rows = run(args.quick, limit)
    suffix = "-quick" if args.quick else ""
    (args.out / f"results-condorcet{suffix}.json").write_text(json.dumps(rows, indent=1) + "\n")
    (args.out / f"results-condorcet{suffix}.md").write_text(table(rows))
    print(table(rows))


if __name__ == "__main__":
    main()
