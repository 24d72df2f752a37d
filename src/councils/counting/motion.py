"""Motions: yes / no / abstain, decided by a threshold once a quorum has voted."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.cursor import prepare
from councils.counting.errors import CountError
from councils.counting.result import CountResult, Round

THRESHOLDS = ("simple", "absolute", "two_thirds")
OPTIONS = ("yes", "no", "abstain")


@dataclass(frozen=True)
class MotionRule:
    """What a motion needs to pass.

    ``threshold``: "simple" (more yes than no), "absolute" (yes from more than half of
    the whole electorate) or "two_thirds" (yes from at least two thirds of those voting
    yes or no). ``quorum``: the share of the electorate that must cast a ballot,
    abstentions included. ``electorate``: the size of the roll frozen when the question
    opened, so late registrations cannot move the bar.
    """

    threshold: str
    quorum: Fraction
    electorate: int

    def __post_init__(self) -> None:
        if self.threshold not in THRESHOLDS:
            raise CountError(f"unknown threshold {self.threshold!r} (use {', '.join(THRESHOLDS)})")
        try:
            quorum = Fraction(self.quorum)
        except (TypeError, ValueError):
            raise CountError(f"quorum must be a fraction, got {self.quorum!r}") from None
        if not 0 <= quorum <= 1:
            raise CountError(f"quorum must be between 0 and 1, got {quorum}")
        if self.electorate < 0:
            raise CountError(f"electorate must not be negative, got {self.electorate}")
        object.__setattr__(self, "quorum", quorum)


def count_motion(ballots: Ballots, rule: MotionRule) -> CountResult:
    """Decide a motion from first preferences over the options yes, no (and abstain).

    Every ballot cast counts toward the quorum (a blank ballot too); only yes and no
    count toward the threshold. A tie fails a simple majority. "two_thirds" also needs
    at least one yes, so a motion never passes on abstentions alone.
    """
    options = ballots.candidates
    extra = [o for o in options if o not in OPTIONS]
    if extra or "yes" not in options or "no" not in options:
        raise CountError(
            f"a majority vote needs the options 'yes' and 'no' (and optionally 'abstain'); got {', '.join(options)}"
        )
    prep = prepare(ballots, "majority", ties_allowed="after_first")
    n = len(options)
    first = prep.rankings[:, 0] if prep.rankings.shape[1] else np.zeros(0, np.int32)
    totals = prep.weights.tally(first, n)[:n].tolist()
    by_name = dict(zip(options, totals, strict=True))
    yes, no = by_name["yes"], by_name["no"]
    cast = ballots.total
    if cast > rule.electorate:
        raise CountError(f"{cast} ballots were cast but the electorate is only {rule.electorate}")
    needed = rule.quorum * rule.electorate
    quorate = cast >= needed
    notes = [
        f"quorum {rule.quorum} of {rule.electorate} electors = {_show(needed)}: "
        f"{cast} ballot(s) cast, {'met' if quorate else 'not met'}"
    ]
    if rule.threshold == "simple":
        passed = yes > no
        notes.append(f"simple majority: yes {yes} {'>' if passed else '<='} no {no}")
    elif rule.threshold == "absolute":
        bar = Fraction(rule.electorate, 2)
        passed = yes > bar
        notes.append(f"absolute majority: yes {yes} {'>' if passed else '<='} half the electorate {_show(bar)}")
    else:
        bar = Fraction(2, 3) * (yes + no)
        passed = yes > 0 and yes >= bar
        notes.append(f"two-thirds majority: yes {yes} {'>=' if passed else 'below'} 2/3 of yes+no = {_show(bar)}")
    if prep.blank:
        notes.append(f"{prep.blank} blank ballot(s) counted toward the quorum only")
    outcome = ("yes" if passed else "no") if quorate else "no quorum"
    winners: tuple[str, ...] = (outcome,) if quorate else ()
    round_ = Round(
        number=1,
        tallies={name: Fraction(by_name[name]) for name in options},
        elected=winners,
    )
    return CountResult(
        method="majority",
        winners=winners,
        outcome=outcome,
        rounds=(round_,),
        quota=None,
        ties=(),
        valid=prep.valid,
        exhausted=Fraction(0),
        candidates=options,
        notes=tuple(notes),
    )


def _show(value: Fraction) -> str:
    """An exact value as an officer would write it: 50, or 100/3."""
    return str(value.numerator) if value.denominator == 1 else f"{value} ({float(value):.2f})"
