"""IRV: properties, hand-checked counts and pref_voting's instant_runoff as an oracle."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from pref_voting.iterative_methods import instant_runoff

from councils.counting import Ballots, CountError, TieBreak, count
from tests.unit.counting.support import conserved, profiles, to_pref_voting


def test_a_hand_checked_count() -> None:
    b = Ballots.from_rankings("abcd", [["a"], ["b", "c"], ["c", "b"], ["d", "c"]], [8, 6, 4, 3])
    result = count(b, "irv")
    # d (3) out: c gets 3 -> a 8, b 6, c 7; b (6) out: c gets 6 -> c 13 of 21 > 10.5
    assert [r.eliminated for r in result.rounds] == [("d",), ("b",), ()]
    assert result.rounds[1].transfers is not None
    assert result.rounds[1].transfers.to == {"c": Fraction(3)}
    assert result.rounds[2].tallies == {"a": 8, "c": 13}
    assert result.winners == ("c",) and result.rounds[-1].elected == ("c",)
    assert result.quota is None and result.ties == ()


def test_exhausted_ballots_leave_the_majority() -> None:
    b = Ballots.from_rankings("abc", [["a"], ["b"], ["c"]], [5, 4, 3])
    result = count(b, "irv")
    # c out, its 3 ballots exhaust: a 5 of 9 live votes is a majority
    assert result.rounds[1].exhausted == 3 and result.winners == ("a",)


def test_zero_vote_candidates_go_together_without_a_tie() -> None:
    b = Ballots.from_rankings("abcde", [["a"], ["b"], ["c", "a"]], [5, 4, 2])
    result = count(b, "irv")
    assert result.rounds[0].eliminated == ("d", "e") and result.ties == ()


def test_ties_go_by_earlier_rounds_then_lot() -> None:
    # Round 1: a 4, b 3, c 3, d 2 -> d out to b: a 4, b 5, c 3... make b and c tie in round 2
    b = Ballots.from_rankings("abcd", [["a"], ["b"], ["c"], ["d", "c"]], [6, 4, 3, 1])
    result = count(b, "irv")
    # round 2: a 6, b 4, c 4 -> tie for lowest; round 1 had c 3 < b 4, so c goes
    (tie,) = result.ties
    assert (tie.round, tie.candidates, tie.rule, tie.chosen) == (2, ("b", "c"), "earlier_rounds", "c")
    lot = count(b, "irv", tie_break=TieBreak(rule="lot", seed=3))
    assert lot.ties[0].rule == "lot"


def test_a_dead_heat_is_decided_by_lot() -> None:
    b = Ballots.from_rankings("ab", [["a"], ["b"]], [2, 2])
    winners = {count(b, "irv", tie_break=TieBreak(seed=s)).winners for s in range(16)}
    assert winners == {("a",), ("b",)}


def test_irv_refusals() -> None:
    b = Ballots.from_rankings("ab", [["a"]])
    with pytest.raises(CountError, match="irv elects one candidate"):
        count(b, "irv", seats=2)
    with pytest.raises(CountError, match="no valid ballots"):
        count(Ballots.from_rankings("ab", [[]]), "irv")


@settings(max_examples=200, deadline=None)
@given(profiles(max_candidates=5), st.data())
def test_a_first_preference_majority_wins(ballots: Ballots, data: st.DataObject) -> None:
    # Add a block of first preferences for one candidate worth more than everything else.
    star = data.draw(st.sampled_from(ballots.candidates))
    rest = data.draw(st.permutations([c for c in ballots.candidates if c != star]))
    block = Ballots.from_rankings(ballots.candidates, [[star, *rest[:1]]], [ballots.total + 1])
    combined = Ballots(
        ballots.candidates,
        _stack(ballots, block),
        np.array([*ballots.weights.tolist(), *block.weights.tolist()], dtype=np.int64),
    )
    result = count(combined, "irv")
    assert result.winners == (star,) and len(result.rounds) == 1


def _stack(a: Ballots, b: Ballots) -> NDArray[np.int32]:
    width = max(a.rankings.shape[1], b.rankings.shape[1])

    def pad(rows: NDArray[np.int32]) -> NDArray[np.int32]:
        return np.pad(rows, ((0, 0), (0, width - rows.shape[1])), constant_values=-1)

    return np.vstack([pad(a.rankings), pad(b.rankings)])


@settings(max_examples=300, deadline=None)
@given(profiles(max_candidates=6, min_length=0))
def test_votes_are_conserved_and_transfers_add_up(ballots: Ballots) -> None:
    assume(any(names for names, _ in ballots))
    result = count(ballots, "irv")
    assert conserved(result)
    for before, after in zip(result.rounds, result.rounds[1:], strict=False):
        moved = after.transfers
        assert moved is not None and moved.kind == "exclusion"
        assert set(moved.sources) == set(before.eliminated)
        given_away = sum(before.tallies[c] for c in before.eliminated)
        assert sum(moved.to.values()) + moved.exhausted == given_away
        assert after.exhausted == before.exhausted + moved.exhausted


@settings(max_examples=1500, deadline=None)
@given(profiles(max_candidates=6, max_rows=14, max_weight=30))
def test_winner_equals_pref_voting_instant_runoff(ballots: Ballots) -> None:
    """pref_voting eliminates every candidate tied for last at once (no tie-break), so a
    count whose result depended on breaking a tie has no single reference winner; only
    those counts are skipped. Zero-vote candidates go together in both implementations.
    """
    result = count(ballots, "irv")
    assume(not result.ties)
    expected = instant_runoff(to_pref_voting(ballots))
    assert [ballots.candidates[c] for c in expected] == list(result.winners)
