"""Motions: thresholds, quorum, abstentions - checked with exact arithmetic at the boundaries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from councils.counting import Ballots, CountError, MotionRule, count

OPTIONS = ("yes", "no", "abstain")


def motion(yes: int, no: int, abstain: int = 0, blank: int = 0) -> Ballots:
    rankings = [["yes"], ["no"], ["abstain"], []]
    return Ballots.from_rankings(OPTIONS, rankings, [yes, no, abstain, blank])


def decide(ballots: Ballots, threshold: str, quorum: Fraction | int = 0, electorate: int = 100) -> str:
    return count(ballots, "majority", rule=MotionRule(threshold, Fraction(quorum), electorate)).outcome


@pytest.mark.parametrize(
    ("yes", "no", "outcome"), [(11, 10, "yes"), (10, 10, "no"), (9, 10, "no"), (1, 0, "yes"), (0, 0, "no")]
)
def test_simple_majority_is_more_yes_than_no(yes: int, no: int, outcome: str) -> None:
    assert decide(motion(yes, no, abstain=50), "simple") == outcome


@pytest.mark.parametrize(("yes", "outcome"), [(50, "no"), (51, "yes")])
def test_absolute_majority_is_more_than_half_the_electorate(yes: int, outcome: str) -> None:
    assert decide(motion(yes, 0), "absolute", electorate=100) == outcome
    assert decide(motion(yes, 0), "absolute", electorate=101) == ("yes" if yes > 50.5 else "no")


@pytest.mark.parametrize(
    ("yes", "no", "outcome"), [(20, 10, "yes"), (19, 10, "no"), (2, 1, "yes"), (200, 101, "no"), (0, 0, "no")]
)
def test_two_thirds_is_exact_and_needs_a_yes(yes: int, no: int, outcome: str) -> None:
    assert decide(motion(yes, no, abstain=40), "two_thirds", electorate=400) == outcome


def test_quorum_counts_abstentions_and_blank_ballots() -> None:
    half = Fraction(1, 2)
    assert decide(motion(10, 5, abstain=35), "simple", half) == "yes"  # 50 of 100 cast
    assert decide(motion(10, 5, abstain=34), "simple", half) == "no quorum"
    assert decide(motion(10, 5, abstain=30, blank=5), "simple", half) == "yes"
    assert decide(motion(10, 5, abstain=34), "simple", Fraction(49, 100)) == "yes"


def test_result_shape() -> None:
    rule = MotionRule("two_thirds", Fraction(1, 3), 90)
    result = count(motion(20, 10, abstain=5, blank=1), "majority", rule=rule)
    assert result.winners == ("yes",) and result.outcome == "yes"
    assert result.rounds[0].tallies == {"yes": 20, "no": 10, "abstain": 5}
    assert result.valid == 35 and result.quota is None
    assert any("quorum 1/3 of 90 electors = 30: 36 ballot(s) cast, met" in n for n in result.notes)
    assert any("blank" in n for n in result.notes)
    no_quorum = count(motion(1, 0), "majority", rule=MotionRule("simple", Fraction(1, 2), 10))
    assert (no_quorum.outcome, no_quorum.winners) == ("no quorum", ())
    failed = count(motion(1, 2), "majority", rule=MotionRule("simple", Fraction(0), 10))
    assert failed.winners == ("no",)


def test_options_without_abstain_are_fine() -> None:
    b = Ballots.from_rankings(("yes", "no"), [["yes"], ["no"]], [3, 2])
    assert count(b, "majority", rule=MotionRule("simple", Fraction(0), 5)).outcome == "yes"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": "most"}, "unknown threshold"),
        ({"quorum": Fraction(3, 2)}, "between 0 and 1"),
        ({"quorum": "half"}, "quorum must be a fraction"),
        ({"electorate": -1}, "must not be negative"),
    ],
)
def test_rule_validation(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"threshold": "simple", "quorum": Fraction(0), "electorate": 10}
    with pytest.raises(CountError, match=message):
        MotionRule(**{**base, **kwargs})  # type: ignore[arg-type]


def test_quorum_accepts_exact_forms() -> None:
    assert MotionRule("simple", "2/3", 9).quorum == Fraction(2, 3)  # type: ignore[arg-type]


def test_majority_refusals() -> None:
    with pytest.raises(CountError, match="needs a MotionRule"):
        count(motion(1, 0), "majority")
    other = Ballots.from_rankings(("yes", "no", "maybe"), [["maybe"]])
    with pytest.raises(CountError, match="options 'yes' and 'no'"):
        count(other, "majority", rule=MotionRule("simple", Fraction(0), 5))
    with pytest.raises(CountError, match="electorate is only 2"):
        count(motion(2, 1), "majority", rule=MotionRule("simple", Fraction(0), 2))
