"""What a count returns: every round, every transfer, the quota, ties and winners.

A result is plain frozen data with exact ``Fraction`` values, so it can be checked
(votes are conserved in every round), stored in the ledger and printed. ``to_dict``
gives the JSON form used by ``councils count --json`` and the API.

The records are ``NamedTuple``s rather than dataclasses: ``typing`` is loaded with
NumPy anyway, while importing ``dataclasses`` (and ``inspect`` behind it) and building
each class costs a one-shot ``councils count`` more than reading a ``.soi`` file
(``bench/README.md``, the cli section).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

Number = Fraction | int


def json_number(value: Number) -> int | dict[str, Any]:
    """Encode an exact number for JSON without losing exactness.

    Integral values become JSON integers; others become
    ``{"exact": "num/den", "approx": float}`` so a reader can both check the count
    exactly and plot it.
    """
    value = Fraction(value)
    if value.denominator == 1:
        return int(value.numerator)
    return {"exact": f"{value.numerator}/{value.denominator}", "approx": float(value)}


STRENGTHS = ("winning_votes", "margin")  # of a defeat, for Schulze and ranked pairs

class TieNote(NamedTuple):
    """A tie that mattered, and how it was broken.

    ``decision`` says what was being decided ("exclude", "elect", "surplus" - which
    surplus goes first). ``rule`` is "earlier_rounds" when an earlier round's totals
    separated the candidates and "lot" when the seeded draw did; ``seed`` is the seed of
    ``numpy.random.default_rng`` so anyone can replay the draw.
    """

    round: int
    candidates: tuple[str, ...]
    rule: str
    chosen: str
    seed: int
    decision: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "round": self.round,
            "candidates": list(self.candidates),
            "rule": self.rule,
            "chosen": self.chosen,
            "seed": self.seed,
            "decision": self.decision,
        }


class Transfer(NamedTuple):
    """The votes that moved into a round: from whom, at what value, to whom.

    ``kind`` is "surplus" (an elected candidate's excess) or "exclusion" (all of an
    excluded candidate's votes); for Meek it is the net change of every total after the
    keep factors were recomputed. ``value`` is the Gregory transfer value
    (surplus / total) of a surplus transfer. ``exhausted`` is what became
    non-transferable in this transfer.
    """

    kind: str
    sources: tuple[str, ...]
    to: Mapping[str, Fraction]
    exhausted: Fraction
    value: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (``from`` is a list: an exclusion may take several candidates)."""
        return {
            "kind": self.kind,
            "from": list(self.sources),
            "value": None if self.value is None else json_number(self.value),
            "to": {name: json_number(v) for name, v in self.to.items()},
            "exhausted": json_number(self.exhausted),
        }


class Round(NamedTuple):
    """One stage of the count.

    ``transfers`` is what moved *into* this round (None in the first round);
    ``tallies`` are the totals after it, for every candidate still in the count
    (elected candidates keep the value they hold); ``elected`` and ``eliminated`` are
    the decisions taken on these totals (an eliminated candidate's votes move in the
    next round). ``exhausted`` is the running total of non-transferable votes.
    ``quota`` is repeated per round because Meek's quota falls as votes exhaust.
    """

    number: int
    tallies: Mapping[str, Fraction]
    elected: tuple[str, ...] = ()
    eliminated: tuple[str, ...] = ()
    transfers: Transfer | None = None
    exhausted: Fraction = Fraction(0)
    quota: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "number": self.number,
            "tallies": {name: json_number(v) for name, v in self.tallies.items()},
            "elected": list(self.elected),
            "eliminated": list(self.eliminated),
            "transfers": None if self.transfers is None else self.transfers.to_dict(),
            "exhausted": json_number(self.exhausted),
            "quota": None if self.quota is None else json_number(self.quota),
        }


class Pairwise(NamedTuple):
    """The head-to-head contests behind a Condorcet count (Schulze, ranked pairs).

    ``matrix[i][j]`` is how many voters ranked candidate ``i`` above candidate ``j``
    (a ranked candidate is above every unranked one; two unranked, or two ranked equal,
    are neither). ``condorcet_winner`` beats every other candidate head to head, when
    there is one. ``ranking`` is the method's order, best first, in groups of equals.
    ``strength`` says how a defeat's strength is measured: "winning_votes" (the voters
    for the winner, then fewer voters against as the stronger) or "margin". Schulze fills
    ``paths`` (the strength of the strongest path from ``i`` to ``j``, in the strength's
    first figure); ranked pairs fills ``locked`` and ``skipped`` (the pairs in the order
    they were taken, each (winner, loser)) and ``tie_order`` (the order of candidates
    drawn by lot that ranks pairs of equal strength, if one was needed).
    """

    matrix: tuple[tuple[int, ...], ...]
    condorcet_winner: str | None
    ranking: tuple[tuple[str, ...], ...]
    strength: str
    paths: tuple[tuple[int, ...], ...] | None = None
    locked: tuple[tuple[str, str], ...] | None = None
    skipped: tuple[tuple[str, str], ...] | None = None
    tie_order: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (matrices as lists of rows, in the order of the candidates)."""
        return {
            "matrix": [list(row) for row in self.matrix],
            "condorcet_winner": self.condorcet_winner,
            "ranking": [list(group) for group in self.ranking],
            "strength": self.strength,
            "paths": None if self.paths is None else [list(row) for row in self.paths],
            "locked": None if self.locked is None else [list(pair) for pair in self.locked],
            "skipped": None if self.skipped is None else [list(pair) for pair in self.skipped],
            "tie_order": None if self.tie_order is None else list(self.tie_order),
        }


class CountResult(NamedTuple):
    """The full count of one question under one method.

    ``winners`` are in order of election. ``outcome`` is "yes"/"no"/"no quorum" for a
    motion and the winners joined by ", " otherwise. ``valid`` is the number of
    non-blank ballots counted; ``exhausted`` the non-transferable votes at the end.
    ``transfer`` and ``tolerance`` describe STV (``tolerance`` is Meek's convergence
    limit, in votes); ``notes`` are facts a reader of the count should see (quorum
    arithmetic, blank ballots set aside, arithmetic used).
    """

    method: str
    winners: tuple[str, ...]
    outcome: str
    rounds: tuple[Round, ...]
    quota: Fraction | None
    ties: tuple[TieNote, ...]
    valid: int
    exhausted: Fraction
    candidates: tuple[str, ...]
    seats: int = 1
    transfer: str | None = None
    tolerance: Fraction | None = None
    notes: tuple[str, ...] = ()
    pairwise: Pairwise | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: exact numbers as ints or {"exact": "n/d", "approx": x}."""
        out: dict[str, Any] = {
            "method": self.method,
            "transfer": self.transfer,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "winners": list(self.winners),
            "outcome": self.outcome,
            "quota": None if self.quota is None else json_number(self.quota),
            "valid": self.valid,
            "exhausted": json_number(self.exhausted),
            "tolerance": None if self.tolerance is None else json_number(self.tolerance),
            "rounds": [r.to_dict() for r in self.rounds],
            "ties": [t.to_dict() for t in self.ties],
            "notes": list(self.notes),
        }
        if self.pairwise is not None:
            out["pairwise"] = self.pairwise.to_dict()
        return out
