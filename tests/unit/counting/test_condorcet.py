"""Schulze, ranked pairs and Borda, held to two independent peers on random profiles.

- pref_voting (margin_based_methods.beat_path / ranked_pairs_tb, c1_methods.condorcet,
  scoring_methods.borda): the pairwise matrix, the Condorcet winner, the winners.
  pref_voting measures defeats by margin; on complete rankings winning votes orders
  defeats the same way, so both strengths are checked against it there, and the margin
  strength on truncated rankings too.
- belenios-tool (``method schulze``, Debian's 2.0): the raw matrix and the whole Schulze
  order (its ``winners`` are groups of equals, best first), with winning votes and fewer
  losing votes as the stronger, which is how Belenios measures a defeat.

Ties: pref_voting's ``beat_path`` returns every candidate the method leaves tied at the
top; ours elects one by lot (with the count's seed) and records it, so the winner must
be among pref_voting's and the ranking's top group must equal them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.counting import Ballots, CountError, TieBreak, count, read_ballot_file
from councils.counting import condorcet as condorcet_module
from councils.counting.condorcet import pairwise_matrix
from tests.unit.counting.support import BELENIOS, belenios_method, profiles, to_pref_voting

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _pv(ballots: Ballots) -> Any:
    profile = to_pref_voting(ballots)
    profile.use_extended_strict_preference()  # ranked above unranked, as ours
    return profile


def _index(ballots: Ballots, names: tuple[str, ...] | list[str]) -> list[int]:
    return sorted(ballots.candidates.index(n) for n in names)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10))
def test_pairwise_matrix_is_pref_voting_support(ballots: Ballots) -> None:
    profile = _pv(ballots)
    d, valid, _ = pairwise_matrix(ballots)
    n = len(ballots.candidates)
    expected = [[0 if i == j else profile.support(i, j) for j in range(n)] for i in range(n)]
    assert d.tolist() == expected
    assert valid == ballots.total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10))
def test_condorcet_winner_is_pref_voting_condorcet_winner(ballots: Ballots) -> None:
    from pref_voting.c1_methods import condorcet

    profile = _pv(ballots)
    result = count(ballots, "schulze")
    assert result.pairwise is not None
    found = profile.condorcet_winner()
    expected = None if found is None else ballots.candidates[found]
    assert result.pairwise.condorcet_winner == expected
    if expected is not None:  # a Condorcet method elects the Condorcet winner
        assert condorcet(profile) == [found]
        assert result.winners == (expected,)
        assert count(ballots, "ranked_pairs").winners == (expected,)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10), st.booleans())
def test_schulze_top_group_is_pref_voting_beat_path(ballots: Ballots, complete_only: bool) -> None:
    from pref_voting.margin_based_methods import beat_path

    profile = _pv(ballots)
    expected = beat_path(profile)  # margins, any profile
    margin = count(ballots, "schulze", strength="margin")
    assert margin.pairwise is not None
    assert _index(ballots, margin.pairwise.ranking[0]) == expected
    assert ballots.candidates.index(margin.winners[0]) in expected
    assert (len(expected) > 1) == bool(margin.ties)  # a tie at the top is drawn and recorded


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10, complete=True))
def test_winning_votes_and_margin_agree_on_complete_rankings(ballots: Ballots) -> None:
    from pref_voting.margin_based_methods import beat_path, ranked_pairs_tb

    profile = _pv(ballots)
    schulze = count(ballots, "schulze")
    assert schulze.pairwise is not None
    assert _index(ballots, schulze.pairwise.ranking[0]) == beat_path(profile)
    pairs = count(ballots, "ranked_pairs")
    assert pairs.pairwise is not None
    order = pairs.pairwise.tie_order
    tie_breaker = None if order is None else [ballots.candidates.index(c) for c in order]
    assert [ballots.candidates.index(pairs.winners[0])] == ranked_pairs_tb(profile, tie_breaker=tie_breaker)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=5, max_rows=8), st.integers(0, 2**32))  # pref_voting's ranked_pairs tries every order
def test_ranked_pairs_is_pref_voting_ranked_pairs_with_the_drawn_order(ballots: Ballots, seed: int) -> None:
    from pref_voting.margin_based_methods import ranked_pairs, ranked_pairs_tb

    profile = _pv(ballots)
    result = count(ballots, "ranked_pairs", strength="margin", tie_break=TieBreak(seed=seed))
    assert result.pairwise is not None and result.pairwise.locked is not None
    order = result.pairwise.tie_order
    tie_breaker = None if order is None else [ballots.candidates.index(c) for c in order]
    winner = ballots.candidates.index(result.winners[0])
    assert [winner] == ranked_pairs_tb(profile, tie_breaker=tie_breaker)
    assert winner in ranked_pairs(profile)  # a winner under some order of the pairs
    # the locked pairs order every candidate: one group each
    assert all(len(group) == 1 for group in result.pairwise.ranking)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10, complete=True), st.integers(1, 3))
def test_borda_scores_are_pref_voting_borda_scores(ballots: Ballots, seats: int) -> None:
    from pref_voting.profiles import Profile
    from pref_voting.scoring_methods import borda

    n = len(ballots.candidates)
    profile = Profile([list(r[:n]) for r in ballots.rankings.tolist()], rcounts=ballots.weights.tolist())
    seats = min(seats, n)
    result = count(ballots, "borda", seats=seats)
    scores = profile.borda_scores()
    assert {ballots.candidates[c]: s for c, s in scores.items()} == result.rounds[0].tallies
    top = max(scores.values())
    assert ballots.candidates.index(result.winners[0]) in borda(profile)
    assert result.rounds[0].tallies[result.winners[0]] == top
    assert len(result.winners) == seats


def test_borda_gives_an_unranked_candidate_no_points() -> None:
    ballots = Ballots.from_rankings("abcd", [["a", "b"], ["c"]], [2, 1])
    result = count(ballots, "borda")
    assert result.rounds[0].tallies == {"a": 6, "b": 4, "c": 3, "d": 0}


def test_borda_refuses_ballots_with_equal_ranks(tmp_path: Any) -> None:
    path = tmp_path / "tied.toi"
    path.write_text(_TOI)
    with pytest.raises(CountError, match="borda needs strict rankings"):
        count(read_ballot_file(path), "borda")


# -- belenios-tool ----------------------------------------------------------------------

def _belenios_schulze(ballots: Ballots) -> dict[str, Any]:
    return belenios_method(ballots, "schulze", f"--nchoices={len(ballots.candidates)}", "--blank-allowed=false")


@pytest.mark.skipif(BELENIOS is None, reason="belenios-tool is not installed (apt-get install belenios-tool)")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=8, max_weight=6))
def test_schulze_order_is_belenios_schulze_order(ballots: Ballots) -> None:
    peer = _belenios_schulze(ballots)
    result = count(ballots, "schulze")
    assert result.pairwise is not None
    assert [list(row) for row in result.pairwise.matrix] == peer["raw"]
    assert peer["valid"] == result.valid
    ours = [sorted(ballots.candidates.index(c) for c in group) for group in result.pairwise.ranking]
    assert ours == [sorted(group) for group in peer["winners"]]


# -- ties, ballots with equal ranks, large profiles --------------------------------------

_TOI = """# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: a
# ALTERNATIVE NAME 2: b
# ALTERNATIVE NAME 3: c
# NUMBER VOTERS: 5
# NUMBER UNIQUE ORDERS: 2
3: 1,{2,3}
2: {2,3},1
"""


def test_a_three_way_cycle_of_equal_strength_is_drawn_by_lot_and_recorded() -> None:
    cycle = Ballots.from_rankings("abc", [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]])
    first = count(cycle, "schulze", tie_break=TieBreak(seed=7))
    assert first.pairwise is not None
    assert first.pairwise.ranking == (("a", "b", "c"),)
    assert [(t.rule, t.decision, t.candidates) for t in first.ties] == [("lot", "elect", ("a", "b", "c"))]
    assert first.winners == (first.ties[0].chosen,)
    assert count(cycle, "schulze", tie_break=TieBreak(seed=7)).to_dict() == first.to_dict()
    winners = {count(cycle, "schulze", tie_break=TieBreak(seed=s)).winners for s in range(30)}
    assert winners == {("a",), ("b",), ("c",)}
    pairs = count(cycle, "ranked_pairs", tie_break=TieBreak(seed=7))
    assert pairs.pairwise is not None and pairs.pairwise.tie_order is not None
    assert pairs.ties and all(t.rule == "lot" for t in pairs.ties)
    assert pairs.winners == pairs.pairwise.ranking[0]


def test_no_tie_note_when_the_order_is_clear() -> None:
    ballots = Ballots.from_rankings("abc", [["a", "b", "c"], ["b", "a", "c"]], [3, 2])
    for method in ("schulze", "ranked_pairs"):
        result = count(ballots, method)
        assert result.ties == ()
        assert result.pairwise is not None and result.pairwise.condorcet_winner == "a"


def test_equal_ranks_on_a_ballot_prefer_neither(tmp_path: Any) -> None:
    path = tmp_path / "tied.toi"
    path.write_text(_TOI)
    result = count(read_ballot_file(path), "schulze")
    assert result.pairwise is not None
    assert result.pairwise.matrix == ((0, 3, 3), (2, 0, 0), (2, 0, 0))
    assert result.winners == ("a",)


def test_seats_take_the_first_of_the_order_and_blank_ballots_are_set_aside() -> None:
    ballots = Ballots.from_rankings("abcd", [["a", "b", "c", "d"], ["b", "a", "c"], []], [3, 2, 4])
    result = count(ballots, "schulze", seats=2)
    assert result.winners == ("a", "b")
    assert result.valid == 5
    assert "4 blank ballot(s) set aside" in result.notes


def test_a_count_with_no_valid_ballots_is_refused() -> None:
    with pytest.raises(CountError, match="schulze: there are no valid ballots"):
        count(Ballots.from_rankings("ab", [[]]), "schulze")
    with pytest.raises(CountError, match="unknown defeat strength"):
        count(Ballots.from_rankings("ab", [["a"]]), "schulze", strength="votes")


def test_identical_rankings_are_merged_before_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    n = 5
    orders = np.array([rng.permutation(n) for _ in range(12)], np.int32)
    rows = orders[rng.integers(0, 12, 4000)]
    rows[::7, 3:] = -1  # some truncated
    ballots = Ballots(tuple("abcde"), rows, np.ones(len(rows), np.int64))
    monkeypatch.setattr(condorcet_module, "GROUP_FROM", 10**9)
    plain = count(ballots, "schulze").to_dict()
    monkeypatch.setattr(condorcet_module, "GROUP_FROM", 100)
    merged, weights, _ = condorcet_module.grouped(ballots)
    assert len(merged) < 30 and int(weights.sum()) == 4000
    assert count(ballots, "schulze").to_dict() == plain


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(max_candidates=6, max_rows=10))
def test_integer_sums_beyond_float_precision_give_the_same_matrix(ballots: Ballots) -> None:
    expected, _, _ = pairwise_matrix(ballots)
    saved = getattr(condorcet_module, "FLOAT_EXACT")  # noqa: B009 - a re-exported name
    setattr(condorcet_module, "FLOAT_EXACT", 0)  # noqa: B010 - as if the voters totalled 2**53 or more
    try:
        assert pairwise_matrix(ballots)[0].tolist() == expected.tolist()
    finally:
        setattr(condorcet_module, "FLOAT_EXACT", saved)  # noqa: B010
