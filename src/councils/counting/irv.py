"""Instant runoff: exclude the lowest until someone holds a majority of the live votes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from councils.counting import compiled
from councils.counting.ballots import Ballots
from councils.counting.buckets import BucketCursor
from councils.counting.cursor import CompiledCursor, Cursor, make_cursor, prepare
from councils.counting.errors import CountError
from councils.counting.plurality import blank_note
from councils.counting.result import CountResult, Round, Transfer
from councils.counting.ties import TieBreak, TieBreaker, exclusion


def count_irv(ballots: Ballots, tie_break: TieBreak) -> CountResult:
    """Count by instant runoff (alternative vote), one exclusion per round.

    A candidate is elected when their votes are more than half of the votes still with
    continuing candidates (exhausted ballots no longer count toward the majority), or
    when they are the last one left. Each round only touches the rows sitting with the
    excluded candidate, so a round costs one vectorised scan plus the moved rows.
    """
    prep = prepare(ballots, "irv")
    names = prep.candidates
    n = prep.n_candidates
    if prep.valid == 0:
        raise CountError("irv: there are no valid ballots to count")
    cursor: BucketCursor | Cursor | CompiledCursor
    if compiled.use_compiled(*prep.rankings.shape):
        cursor = BucketCursor(prep.compact, n, prep.weights)
        tallies = cursor.first
    else:
        cursor = make_cursor(prep)
        tallies = prep.weights.tally(cursor.slots(), n + 1)
    continuing = np.ones(n + 1, np.bool_)
    continuing[n] = False
    stop = continuing.copy()
    stop[n] = True
    breaker = TieBreaker(tie_break, names)
    history: list[list[int]] = []
    rounds: list[Round] = []
    transfer: Transfer | None = None
    number = 1
    while True:
        values: list[int] = tallies.tolist()
        live = np.flatnonzero(continuing[:n]).tolist()
        shown = {names[c]: Fraction(values[c]) for c in live}
        leader = max(live, key=lambda c: (values[c], -c))
        if len(live) == 1 or 2 * values[leader] > sum(values[c] for c in live):
            rounds.append(Round(number, shown, (names[leader],), (), transfer, Fraction(values[n])))
            break
        out = exclusion(breaker, live, values, history, seats_left=1, round_number=number)
        rounds.append(Round(number, shown, (), tuple(names[c] for c in out), transfer, Fraction(values[n])))
        history.append(values)
        continuing[out] = False
        stop[out] = False
        moved = cursor.move(out, stop, prep.weights)[:, 0]
        tallies[out] = 0
        tallies += moved
        transfer = Transfer(
            kind="exclusion",
            sources=tuple(names[c] for c in out),
            to={names[c]: Fraction(int(moved[c])) for c in range(n) if moved[c]},
            exhausted=Fraction(int(moved[n])),
        )
        number += 1
    winner = rounds[-1].elected
    return CountResult(
        method="irv",
        winners=winner,
        outcome=", ".join(winner),
        rounds=tuple(rounds),
        quota=None,
        ties=tuple(breaker.notes),
        valid=prep.valid,
        exhausted=rounds[-1].exhausted,
        candidates=names,
        notes=(
            "elected on more than half of the votes of continuing candidates",
            *blank_note(prep.blank),
        ),
    )
