"""Approval: each ballot counts once for every candidate it approves; the k highest win."""

from __future__ import annotations

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.cursor import prepare
from councils.counting.plurality import blank_note, elect_highest
from councils.counting.result import CountResult
from councils.counting.ties import TieBreak


def count_approval(ballots: Ballots, seats: int, tie_break: TieBreak) -> CountResult:
    """Count approvals (every listed candidate of a row, order and ties ignored)."""
    prep = prepare(ballots, "approval", ties_allowed="all")
    n = prep.n_candidates
    totals = np.zeros(n + 1, np.int64)
    for column in prep.rankings.T:  # one pass per ranking position, each over all ballots
        index = column.astype(np.intp)
        index[index < 0] = n  # padding goes to the spare slot
        totals += prep.weights.tally(index, n + 1)
    tallies = totals[:n].tolist()
    return elect_highest("approval", ballots.candidates, tallies, seats, prep.valid, tie_break, blank_note(prep.blank))
