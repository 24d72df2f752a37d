"""Breaking ties: by the totals of earlier rounds, then by lot with a recorded seed.

Every tie that decides something (who is excluded, who takes the last seat, whose
surplus goes first) goes through ``TieBreaker.choose`` and leaves a ``TieNote`` in the
result, so a count is reproducible and its arbitrary steps are visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from councils.counting.errors import CountError
from councils.counting.result import TieNote

RULES = ("earlier_rounds_then_lot", "lot")


class TieBreak:
    """How ties are broken in a count.

    ``earlier_rounds_then_lot`` (the default): look back at the most recent earlier
    round in which the tied candidates had unequal totals (as Scottish STV rule 51 and
    rule 49 do) and decide by it; if they were equal in every earlier round, draw lots.
    ``lot``: draw lots at once. Lots are drawn from ``numpy.random.default_rng(seed)``,
    one generator per count, so the same ballots and seed give the same count.
    """

    # Frozen by hand rather than as a dataclass: see ``result`` (why a count does not
    # import ``dataclasses``).
    __slots__ = ("rule", "seed")
    rule: str
    seed: int

    def __init__(self, rule: str = "earlier_rounds_then_lot", seed: int = 0) -> None:
        if rule not in RULES:
            raise CountError(f"unknown tie-break rule {rule!r} (use {' or '.join(RULES)})")
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "seed", seed)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a TieBreak is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a TieBreak is frozen")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TieBreak):
            return NotImplemented
        return (self.rule, self.seed) == (other.rule, other.seed)

    def __hash__(self) -> int:
        return hash((self.rule, self.seed))

    def __repr__(self) -> str:
        return f"TieBreak(rule={self.rule!r}, seed={self.seed!r})"


class TieBreaker:
    """The tie-breaking state of one count: its random generator and its notes."""

    def __init__(self, tie_break: TieBreak, candidates: Sequence[str]) -> None:
        self._rule = tie_break.rule
        self._seed = tie_break.seed
        # made at the first lot drawn: importing numpy.random is start-up a one-shot
        # `councils count` pays for nothing when, as in most counts, no lot is drawn
        self._generator: np.random.Generator | None = None
        self._names = tuple(candidates)
        self.notes: list[TieNote] = []

    def choose(
        self,
        tied: Sequence[int],
        history: Sequence[Sequence[Fraction | int]],
        *,
        lowest: bool,
        round_number: int,
        decision: str,
    ) -> int:
        """Pick one of ``tied`` (candidate indices) and record how.

        ``history`` holds the totals of the earlier rounds, indexed by candidate, oldest
        first. ``lowest`` asks for the candidate who was lower (for exclusion) rather
        than higher (for election or the order of surpluses).
        """
        pool = sorted(tied)
        if len(pool) == 1:
            return pool[0]
        original = tuple(self._names[c] for c in pool)
        if self._rule == "earlier_rounds_then_lot":
            for past in reversed(history):
                values = [past[c] for c in pool]
                extreme = min(values) if lowest else max(values)
                narrowed = [c for c, v in zip(pool, values, strict=True) if v == extreme]
                if len(narrowed) < len(pool):
                    pool = narrowed
                    if len(pool) == 1:
                        self._note(round_number, original, "earlier_rounds", pool[0], decision)
                        return pool[0]
        if self._generator is None:
            self._generator = np.random.default_rng(self._seed)
        chosen = pool[int(self._generator.integers(len(pool)))]
        self._note(round_number, original, "lot", chosen, decision)
        return chosen

    def highest(
        self,
        pool: Sequence[int],
        values: Sequence[Fraction | int],
        k: int,
        history: Sequence[Sequence[Fraction | int]],
        *,
        round_number: int,
        decision: str,
    ) -> list[int]:
        """The ``k`` candidates of ``pool`` with the highest values, highest first.

        Only a tie across the boundary (equal values, not enough places for all) is a
        decision; it is broken with ``choose``, one place at a time.
        """
        order = sorted(pool, key=lambda c: (-values[c], c))
        if k >= len(order):
            return order
        cut = values[order[k - 1]]
        above = [c for c in order if values[c] > cut]
        level = [c for c in order if values[c] == cut]
        chosen: list[int] = []
        while len(above) + len(chosen) < k:
            pick = self.choose(level, history, lowest=False, round_number=round_number, decision=decision)
            chosen.append(pick)
            level.remove(pick)
        return above + chosen

    def lowest(
        self,
        pool: Sequence[int],
        values: Sequence[Fraction | int],
        history: Sequence[Sequence[Fraction | int]],
        *,
        round_number: int,
        decision: str = "exclude",
    ) -> int:
        """The candidate of ``pool`` with the lowest value, ties broken with ``choose``."""
        least = min(values[c] for c in pool)
        level = [c for c in pool if values[c] == least]
        return self.choose(level, history, lowest=True, round_number=round_number, decision=decision)

    def _note(self, round_number: int, tied: tuple[str, ...], rule: str, chosen: int, decision: str) -> None:
        self.notes.append(TieNote(round_number, tied, rule, self._names[chosen], self._seed, decision))


def exclusion(
    breaker: TieBreaker,
    continuing: Sequence[int],
    values: Sequence[Fraction | int],
    history: Sequence[Sequence[Fraction | int]],
    *,
    seats_left: int,
    round_number: int,
) -> list[int]:
    """Who is excluded next: the lowest continuing candidate, or every candidate on zero.

    Candidates with no votes at all carry no ballots, so excluding them one after another
    in any order ends in the same state: excluding them together needs no tie-break and
    is done whenever enough candidates remain to fill the seats left. Any other tie for
    lowest is broken by ``breaker``.
    """
    zeros = [c for c in continuing if values[c] == 0]
    if len(zeros) > 1 and len(continuing) - len(zeros) >= seats_left:
        return zeros
    return [breaker.lowest(continuing, values, history, round_number=round_number)]
