"""STV with the weighted inclusive Gregory method (WIGM), in exact arithmetic.

The rules follow the Scottish local-government count (SSI 2007/42), with one
documented difference: transfer values are exact fractions, not truncated to five
decimal places, so no vote is lost to rounding and every round conserves votes exactly.

- Quota: Droop, ``floor(valid / (seats + 1)) + 1``; a candidate reaching it is elected
  at once and receives no further transfers.
- Surpluses: one at a time, the largest first. Every ballot with the elected candidate
  moves on at ``its value x surplus / total`` (inclusive Gregory: all of the candidate's
  ballots, weighted by their current value); ballots with no further continuing
  preference exhaust that share.
- Exclusion: when no surplus is pending, the lowest continuing candidate is excluded and
  all their ballots move at their current value in one stage (candidates on zero votes
  go together).
- Last vacancies: when the continuing candidates are no more than the seats left, they
  are all elected.

Representation: a ballot row's value is one of a few *groups* (a value per group, as a
``Fraction``: 1, then one new group per group present in each transferred surplus).
Per-row data stay integer arrays - the candidate each row sits with and its group - and
a candidate's total is ``sum(group value x integer weight in that group)``, so the
vectorised part never touches floats and the fractional part is a handful of
``Fraction`` products per round.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.cursor import Prepared, make_cursor, prepare
from councils.counting.errors import CountError
from councils.counting.plurality import blank_note
from councils.counting.result import CountResult, Round, Transfer
from councils.counting.ties import TieBreak, TieBreaker, exclusion

if TYPE_CHECKING:
    from numpy.typing import NDArray


def droop_quota(valid: int, seats: int) -> int:
    """The Droop quota: the smallest whole number of votes only ``seats`` can reach."""
    return valid // (seats + 1) + 1


class _Piles:
    """Where every ballot row sits, at which value, and the exact totals that follow."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.n = prep.n_candidates
        self.cursor = make_cursor(prep)
        self.group = np.zeros(prep.rankings.shape[0], np.int64)
        self.values: list[Fraction] = [Fraction(1)]
        self._numerators: list[int] = []  # values over _denominator, refreshed by worth()
        self._denominator = 1
        # counts[c, g]: integer weight of the rows with candidate c (n = exhausted) in group g
        self.counts = prep.weights.tally(self.cursor.slots(), self.n + 1).reshape(self.n + 1, 1)

    def worth(self, counts: NDArray[np.int64]) -> list[Fraction]:
        """Exact value per candidate of a (candidates x groups) count matrix.

        Group values are put over one common denominator once per new group, so a
        candidate's total is a sum of integer products and a single ``Fraction`` (integer
        arithmetic is many times faster than adding ``Fraction``s term by term).
        """
        if len(self._numerators) != len(self.values):
            denominator = math.lcm(*(v.denominator for v in self.values))
            self._numerators = [v.numerator * (denominator // v.denominator) for v in self.values]
            self._denominator = denominator
        nums, den = self._numerators, self._denominator
        return [Fraction(sum(n * w for n, w in zip(nums, row, strict=False) if w), den) for row in counts.tolist()]

    def _widen(self) -> None:
        extra = len(self.values) - self.counts.shape[1]
        if extra:
            self.counts = np.pad(self.counts, ((0, 0), (0, extra)))

    def transfer_surplus(
        self, elected: int, total: Fraction, quota: int, stop: NDArray[np.bool_]
    ) -> tuple[Fraction, NDArray[np.int64]]:
        """Move every ballot of ``elected`` on at value x surplus/total; return the factor."""
        factor = (total - quota) / total
        mapping = np.arange(len(self.values), dtype=np.int64)
        for g in np.flatnonzero(self.counts[elected]).tolist():
            self.values.append(self.values[g] * factor)
            mapping[g] = len(self.values) - 1
        self._widen()
        moved = self.cursor.move([elected], stop, self.prep.weights, self.group, mapping, len(self.values))
        self.counts[elected] = 0
        self.counts += moved
        return factor, moved

    def exclude(self, out: list[int], stop: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Move every ballot of the excluded candidates on at its current value."""
        moved = self.cursor.move(out, stop, self.prep.weights, self.group, None, len(self.values))
        self.counts[out] = 0
        self.counts += moved
        return moved


def count_stv_gregory(ballots: Ballots, seats: int, tie_break: TieBreak) -> CountResult:
    """Count by STV with weighted inclusive Gregory transfers (see the module doc)."""
    prep = prepare(ballots, "stv")
    names = prep.candidates
    n = prep.n_candidates
    if prep.valid == 0:
        raise CountError("stv: there are no valid ballots to count")
    quota = droop_quota(prep.valid, seats)
    piles = _Piles(prep)
    continuing = np.ones(n + 1, np.bool_)
    continuing[n] = False
    stop = continuing.copy()
    stop[n] = True
    breaker = TieBreaker(tie_break, names)
    held: dict[int, Fraction] = {}  # elected candidates whose surplus has gone: they keep the quota
    elected: list[int] = []
    pending: list[int] = []  # elected with a surplus not yet transferred
    history: list[list[Fraction]] = []
    rounds: list[Round] = []
    transfer: Transfer | None = None
    number = 1
    while True:
        totals = piles.worth(piles.counts)
        for c, value in held.items():
            totals[c] = value
        live = [c for c in range(n) if continuing[c]]
        reached = [c for c in live if totals[c] >= quota]
        newly = breaker.highest(reached, totals, seats - len(elected), history, round_number=number, decision="elect")
        for c in newly:
            continuing[c] = stop[c] = False
            if totals[c] > quota:
                pending.append(c)
        elected.extend(newly)
        live = [c for c in live if continuing[c]]
        shown = {names[c]: totals[c] for c in range(n) if continuing[c] or c in elected}
        seats_left = seats - len(elected)
        finished = seats_left == 0 or len(live) <= seats_left
        out: list[int] = []
        chosen: int | None = None
        if finished and seats_left:
            rest = sorted(live, key=lambda c: (-totals[c], c))
            elected.extend(rest)
            newly = newly + rest
        elif not finished and pending:
            surplus = {c: totals[c] - quota for c in pending}
            chosen = breaker.highest(
                pending,
                [surplus.get(c, Fraction(-1)) for c in range(n + 1)],
                1,
                history,
                round_number=number,
                decision="surplus",
            )[0]
        elif not finished:
            out = exclusion(breaker, live, totals, history, seats_left=seats_left, round_number=number)
        rounds.append(
            Round(
                number=number,
                tallies=shown,
                elected=tuple(names[c] for c in newly),
                eliminated=tuple(names[c] for c in out),
                transfers=transfer,
                exhausted=totals[n],
                quota=Fraction(quota),
            )
        )
        if finished:
            break
        history.append(totals)
        if chosen is not None:
            pending.remove(chosen)
            factor, moved = piles.transfer_surplus(chosen, totals[chosen], quota, stop)
            held[chosen] = Fraction(quota)
            transfer = _transfer("surplus", [chosen], piles, moved, factor)
        else:
            continuing[out] = False
            stop[out] = False
            moved = piles.exclude(out, stop)
            transfer = _transfer("exclusion", out, piles, moved, None)
        number += 1
    winners = tuple(names[c] for c in elected)
    return CountResult(
        method="stv",
        winners=winners,
        outcome=", ".join(winners),
        rounds=tuple(rounds),
        quota=Fraction(quota),
        ties=tuple(breaker.notes),
        valid=prep.valid,
        exhausted=rounds[-1].exhausted,
        candidates=names,
        seats=seats,
        transfer="gregory",
        notes=(
            "weighted inclusive Gregory (WIGM) with exact fractional transfer values "
            "(the Scottish rules truncate them to 5 decimals)",
            *blank_note(prep.blank),
        ),
    )


def _transfer(
    kind: str, sources: list[int], piles: _Piles, moved: NDArray[np.int64], factor: Fraction | None
) -> Transfer:
    """Describe what moved, in exact votes per receiving candidate."""
    worth = piles.worth(moved)
    names = piles.prep.candidates
    return Transfer(
        kind=kind,
        sources=tuple(names[c] for c in sources),
        to={names[c]: worth[c] for c in range(piles.n) if worth[c]},
        exhausted=worth[piles.n],
        value=factor,
    )
