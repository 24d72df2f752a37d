"""Borda: points by position, for advisory polls that want a broad favourite.

Of ``n`` candidates, the first on a ballot gets ``n - 1`` points, the second ``n - 2``,
and so on; a candidate a ballot leaves out gets nothing from it (so a truncated ballot
gives its ranked candidates the same points a complete one would). The ``seats``
highest totals win; a tie for the last place is drawn by lot and recorded. Borda is not
a Condorcet method and rewards burying a rival, which is why the presets allow it only
where a decision is advisory.
"""

from __future__ import annotations

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.cursor import prepare
from councils.counting.errors import CountError
from councils.counting.plurality import blank_note, elect_highest
from councils.counting.result import CountResult
from councils.counting.ties import TieBreak


def borda_scores(ballots: Ballots) -> tuple[list[int], int, int]:
    """Each candidate's points, the valid and the blank ballots (one pass per position)."""
    prep = prepare(ballots, "borda")
    n = prep.n_candidates
    totals = np.zeros(n + 1, np.int64)
    for k, column in enumerate(prep.compact.T[: n - 1]):  # the last place earns no points
        index = column.astype(np.intp)
        index[index < 0] = n  # padding goes to the spare slot
        totals += prep.weights.tally(index, n + 1) * (n - 1 - k)
    return totals[:n].tolist(), prep.valid, prep.blank


def count_borda(ballots: Ballots, seats: int, tie_break: TieBreak) -> CountResult:
    """Count Borda points; the ``seats`` highest are elected."""
    scores, valid, blank = borda_scores(ballots)
    if valid == 0:
        raise CountError("borda: there are no valid ballots to count")
    notes = (f"points: n - 1 for a first place down to 0 for the last of {len(ballots.candidates)}; "
             "an unranked candidate gets none", *blank_note(blank))
    return elect_highest("borda", ballots.candidates, scores, seats, valid, tie_break, notes)
