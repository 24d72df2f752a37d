"""Plurality: each ballot counts once, for its first preference; the k highest win."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.cursor import prepare
from councils.counting.result import CountResult, Round
from councils.counting.ties import TieBreak, TieBreaker


def elect_highest(
    method: str,
    candidates: tuple[str, ...],
    tallies: list[int],
    seats: int,
    valid: int,
    tie_break: TieBreak,
    notes: tuple[str, ...],
) -> CountResult:
    """Elect the ``seats`` highest totals in one round (plurality and approval).

    A tie for the last place is decided by lot (there is no earlier round to consult)
    and recorded.
    """
    breaker = TieBreaker(tie_break, candidates)
    winners = breaker.highest(range(len(candidates)), tallies, seats, [], round_number=1, decision="elect")
    names = tuple(candidates[c] for c in winners)
    round_ = Round(
        number=1,
        tallies={name: Fraction(t) for name, t in zip(candidates, tallies, strict=True)},
        elected=names,
    )
    return CountResult(
        method=method,
        winners=names,
        outcome=", ".join(names),
        rounds=(round_,),
        quota=None,
        ties=tuple(breaker.notes),
        valid=valid,
        exhausted=Fraction(0),
        candidates=candidates,
        seats=seats,
        notes=notes,
    )


def blank_note(blank: int) -> tuple[str, ...]:
    """The note saying how many blank ballots were set aside (none if there were none)."""
    return (f"{blank} blank ballot(s) set aside",) if blank else ()


def count_plurality(ballots: Ballots, seats: int, tie_break: TieBreak) -> CountResult:
    """Count first preferences; the ``seats`` highest are elected."""
    prep = prepare(ballots, "plurality", ties_allowed="after_first")
    n = prep.n_candidates
    first = prep.rankings[:, 0] if prep.rankings.shape[1] else np.zeros(0, np.int32)
    tallies = prep.weights.tally(first, n)[:n].tolist()
    return elect_highest("plurality", ballots.candidates, tallies, seats, prep.valid, tie_break, blank_note(prep.blank))
