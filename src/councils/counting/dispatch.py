"""``count``: one signature for every method, so callers never special-case a method."""

from __future__ import annotations

from numbers import Integral
from typing import TYPE_CHECKING

from councils.counting.errors import CountError
from councils.counting.result import STRENGTHS
from councils.counting.ties import TieBreak

if TYPE_CHECKING:
    from councils.counting.ballots import Ballots
    from councils.counting.motion import MotionRule
    from councils.counting.result import CountResult

# Each method's module is imported when it counts: a one-shot `councils count` of one
# method need not load (and build the dataclasses of) the seven others.

METHODS = ("majority", "plurality", "approval", "irv", "stv", "schulze", "ranked_pairs", "borda")
TRANSFERS = ("gregory", "meek")


def count(
    ballots: Ballots,
    method: str,
    *,
    seats: int = 1,
    transfer: str = "gregory",
    rule: MotionRule | None = None,
    tie_break: TieBreak = TieBreak(),  # noqa: B008 - frozen, so a shared default is safe
    strength: str = "winning_votes",
) -> CountResult:
    """Count ``ballots`` by ``method`` and return the full count.

    ``method``: "majority" (a motion: options yes/no/abstain, needs ``rule``),
    "plurality", "approval" (``seats`` highest), "irv" (one seat) or "stv" (``seats``
    seats, Droop quota, ``transfer`` "gregory" or "meek"), "schulze" or "ranked_pairs"
    (Condorcet methods; ``strength`` "winning_votes" or "margin"; ``seats`` > 1 elects
    the first of their order) or "borda" (``seats`` highest points). Ties are broken by
    ``tie_break`` and recorded in the result. Raises CountError for anything that cannot
    be counted (unknown method, bad seats, ties on ranked ballots, no valid ballots).
    """
    if method not in METHODS:
        raise CountError(f"unknown counting method {method!r} (use {', '.join(METHODS)})")
    if transfer not in TRANSFERS:
        raise CountError(f"unknown transfer rule {transfer!r} (use {' or '.join(TRANSFERS)})")
    if not isinstance(seats, Integral) or isinstance(seats, bool) or seats < 1:
        raise CountError(f"seats must be a whole number of at least 1, got {seats!r}")
    if strength not in STRENGTHS:
        raise CountError(f"unknown defeat strength {strength!r} (use {' or '.join(STRENGTHS)})")
    seats = int(seats)
    if method == "majority":
        if rule is None:
            raise CountError("a majority vote needs a MotionRule (threshold, quorum, electorate)")
        from councils.counting.motion import count_motion

        return count_motion(ballots, rule)
    if seats > len(ballots.candidates):
        raise CountError(
            f"{seats} seats but only {len(ballots.candidates)} candidate(s): "
            "every candidate would be elected without a count"
        )
    if method == "plurality":
        from councils.counting.plurality import count_plurality

        return count_plurality(ballots, seats, tie_break)
    if method == "approval":
        from councils.counting.approval import count_approval

        return count_approval(ballots, seats, tie_break)
    if method == "schulze":
        from councils.counting.condorcet import count_schulze

        return count_schulze(ballots, seats, tie_break, strength)
    if method == "ranked_pairs":
        from councils.counting.condorcet import count_ranked_pairs

        return count_ranked_pairs(ballots, seats, tie_break, strength)
    if method == "borda":
        from councils.counting.borda import count_borda

        return count_borda(ballots, seats, tie_break)
    if method == "irv":
        if seats != 1:
            raise CountError(f"irv elects one candidate; use stv for {seats} seats")
        from councils.counting.irv import count_irv

        return count_irv(ballots, tie_break)
    if transfer == "meek":
        from councils.counting.meek import count_stv_meek

        return count_stv_meek(ballots, seats, tie_break)
    from councils.counting.stv import count_stv_gregory

    return count_stv_gregory(ballots, seats, tie_break)
