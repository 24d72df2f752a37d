"""Plurality and approval: totals equal a naive Python count; ties at the last seat go by lot."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councils.counting import Ballots, CountError, TieBreak, count
from tests.unit.counting.support import profiles


def naive(ballots: Ballots, approval: bool) -> Counter[str]:
    totals: Counter[str] = Counter({c: 0 for c in ballots.candidates})
    for names, weight in ballots:
        for name in names if approval else names[:1]:
            totals[name] += weight
    return totals


@settings(max_examples=300, deadline=None)
@given(profiles(min_length=0), st.integers(1, 3), st.sampled_from(["plurality", "approval"]))
def test_totals_equal_a_naive_count(ballots: Ballots, seats: int, method: str) -> None:
    seats = min(seats, len(ballots.candidates))
    result = count(ballots, method, seats=seats)
    expected = naive(ballots, method == "approval")
    assert dict(result.rounds[0].tallies) == dict(expected)
    assert len(result.winners) == seats == len(set(result.winners))
    # every winner has at least the total of every loser
    lowest_winner = min(expected[w] for w in result.winners)
    assert all(expected[c] <= lowest_winner for c in ballots.candidates if c not in result.winners)
    assert result.valid == sum(w for names, w in ballots if names)
    assert result.outcome == ", ".join(result.winners)


def test_winners_are_ordered_by_total() -> None:
    b = Ballots.from_rankings("abc", [["a"], ["b"], ["c"]], [2, 5, 3])
    assert count(b, "plurality", seats=2).winners == ("b", "c")


def test_a_tie_for_the_last_seat_is_drawn_by_lot_and_recorded() -> None:
    b = Ballots.from_rankings("abc", [["a"], ["b"], ["c"]], [5, 3, 3])
    chosen = set()
    for seed in range(20):
        result = count(b, "plurality", seats=2, tie_break=TieBreak(seed=seed))
        assert result.winners[0] == "a"
        (tie,) = result.ties
        assert (tie.candidates, tie.rule, tie.seed, tie.decision) == (("b", "c"), "lot", seed, "elect")
        assert result.winners[1] == tie.chosen
        assert count(b, "plurality", seats=2, tie_break=TieBreak(seed=seed)) == result  # reproducible
        chosen.add(tie.chosen)
    assert chosen == {"b", "c"}


def test_approval_counts_every_approved_candidate_and_ignores_ties() -> None:
    b = Ballots(("a", "b", "c"), np.array([[0, 1], [2, 1]]), np.array([2, 3]), np.array([[False, True], [False, True]]))
    result = count(b, "approval")
    assert result.rounds[0].tallies == {"a": 2, "b": 5, "c": 3}
    assert result.winners == ("b",)


def test_plurality_refuses_a_tied_first_preference_but_not_a_later_one() -> None:
    later = Ballots(("a", "b", "c"), np.array([[0, 1, 2]]), np.array([1]), np.array([[False, False, True]]))
    assert count(later, "plurality").winners == ("a",)
    first = Ballots(("a", "b"), np.array([[0, 1]]), np.array([4]), np.array([[False, True]]))
    with pytest.raises(CountError, match="plurality needs strict rankings, but 4 ballot"):
        count(first, "plurality")


def test_blank_ballots_are_set_aside() -> None:
    b = Ballots.from_rankings("ab", [["a"], []], [3, 2])
    result = count(b, "plurality")
    assert result.valid == 3 and "2 blank ballot(s) set aside" in result.notes
