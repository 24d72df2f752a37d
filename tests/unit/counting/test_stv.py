"""STV: the quota, exact conservation, hand-checked counts, and two outside oracles.

Gregory (WIGM) is compared with pref_voting's ``stv_wig`` and Meek with its
``stv_meek``. Both are independent implementations (floating point, pieces of ballots)
of the same rules; where the rules leave room - ties, and the moment a candidate who
reaches the quota during a run of surplus transfers stops receiving votes - the
comparison is skipped for that profile only, with the reason recorded as a hypothesis
event (``pytest --hypothesis-show-statistics``).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from pref_voting.proportional_methods import stv_meek, stv_wig

from councils.counting import Ballots, CountError, CountResult, TieBreak, count
from tests.unit.counting.support import conserved, profiles, to_pref_voting

FOOD = Ballots.from_rankings(
    ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"],
    [["Oranges"], ["Pears", "Oranges"], ["Chocolate", "Strawberries"], ["Chocolate", "Hamburgers"],
     ["Strawberries"], ["Hamburgers"]],
    [4, 2, 8, 4, 1, 1],
)  # fmt: skip


def test_the_food_election_by_gregory() -> None:
    """The worked example of the STV article: 20 voters, 3 seats, quota 6."""
    result = count(FOOD, "stv", seats=3)
    assert result.quota == 6
    assert result.winners == ("Chocolate", "Oranges", "Strawberries")
    surplus = result.rounds[1].transfers
    assert surplus is not None and surplus.kind == "surplus" and surplus.value == Fraction(1, 2)
    assert surplus.to == {"Strawberries": 4, "Hamburgers": 2}
    assert result.rounds[1].tallies["Chocolate"] == 6
    assert result.rounds[1].eliminated == ("Pears",)
    assert result.rounds[2].elected == ("Oranges",)
    assert conserved(result)


def test_the_food_election_by_meek() -> None:
    result = count(FOOD, "stv", seats=3, transfer="meek")
    assert set(result.winners) == {"Chocolate", "Oranges", "Strawberries"}
    assert result.transfer == "meek" and result.tolerance == Fraction(1, 10**6)
    assert result.rounds[0].quota == Fraction(5) + Fraction(1, 10**9)  # just above 20/4
    assert conserved(result)


def test_fractional_transfer_values_stay_exact() -> None:
    b = Ballots.from_rankings("abcd", [["a", "b"], ["a", "c"], ["b"], ["c"], ["d"]], [7, 4, 2, 2, 3])
    result = count(b, "stv", seats=2)  # quota 7; a has 11, surplus 4/11 of each ballot
    moved = result.rounds[1].transfers
    assert moved is not None and moved.value == Fraction(4, 11)
    assert moved.to == {"b": Fraction(28, 11), "c": Fraction(16, 11)}
    assert conserved(result)


def test_non_transferable_surplus_exhausts() -> None:
    b = Ballots.from_rankings("abc", [["a"], ["a", "b"], ["b"], ["c"]], [6, 2, 2, 3])
    result = count(b, "stv", seats=2)  # quota 5; a 8, surplus 3 at 3/8
    moved = result.rounds[1].transfers
    assert moved is not None
    assert moved.to == {"b": Fraction(3, 4)} and moved.exhausted == Fraction(9, 4)


def test_seats_equal_to_candidates_elects_everyone() -> None:
    b = Ballots.from_rankings("ab", [["a"]])
    result = count(b, "stv", seats=2)
    assert set(result.winners) == {"a", "b"}


def test_equal_surpluses_go_by_earlier_rounds_then_lot() -> None:
    b = Ballots.from_rankings("abcd", [["a", "c"], ["b", "d"], ["c"], ["d"]], [5, 5, 1, 1])
    result = count(b, "stv", seats=3)  # quota 4: a and b both have surplus 1, equal throughout
    (tie,) = [t for t in result.ties if t.decision == "surplus"]
    assert tie.candidates == ("a", "b") and tie.rule == "lot"
    assert conserved(result)


def test_a_tie_for_exclusion_is_recorded_and_reproducible() -> None:
    b = Ballots.from_rankings("abc", [["a"], ["b"], ["c", "a"]], [4, 4, 1])
    result = count(b, "stv", seats=1, tie_break=TieBreak(seed=7))  # quota 5: c out, then a 5
    assert result.winners == ("a",) and result.ties == ()
    dead_heat = Ballots.from_rankings("ab", [["a"], ["b"]], [3, 3])
    seen = set()
    for seed in range(12):
        for transfer in ("gregory", "meek"):
            result = count(dead_heat, "stv", seats=1, transfer=transfer, tie_break=TieBreak(seed=seed))
            (tie,) = result.ties
            assert (tie.decision, tie.rule, tie.seed) == ("exclude", "lot", seed)
            assert result.winners == tuple(c for c in "ab" if c != tie.chosen)
            seen.add(result.winners)
    assert seen == {("a",), ("b",)}


def test_stv_refusals() -> None:
    b = Ballots.from_rankings("ab", [["a"]])
    with pytest.raises(CountError, match="3 seats but only 2"):
        count(b, "stv", seats=3)
    with pytest.raises(CountError, match="no valid ballots"):
        count(Ballots.from_rankings("ab", [[]]), "stv")
    with pytest.raises(CountError, match="no valid ballots"):
        count(Ballots.from_rankings("ab", [[]]), "stv", transfer="meek")


@settings(max_examples=300, deadline=None)
@given(profiles(max_candidates=7, min_length=0), st.integers(1, 4), st.sampled_from(["gregory", "meek"]))
def test_quota_conservation_and_seats(ballots: Ballots, seats: int, transfer: str) -> None:
    assume(any(names for names, _ in ballots))
    seats = min(seats, len(ballots.candidates))
    result = count(ballots, "stv", seats=seats, transfer=transfer)
    valid = sum(w for names, w in ballots if names)
    assert result.valid == valid
    assert result.rounds[0].tallies == {c: sum(w for n, w in ballots if n and n[0] == c) for c in ballots.candidates}
    assert conserved(result)
    assert len(result.winners) == seats == len(set(result.winners))
    if transfer == "gregory":
        assert result.quota == valid // (seats + 1) + 1
        _check_gregory_transfers(result)
    else:
        assert result.rounds[0].quota == Fraction(valid, seats + 1) + Fraction(1, 10**9) - _frac_units(valid, seats)


def _frac_units(valid: int, seats: int) -> Fraction:
    """The part of valid/(seats+1) below 10**-9 that the fixed-point quota drops."""
    exact = Fraction(valid, seats + 1)
    return exact - Fraction(int(exact * 10**9), 10**9)


def _check_gregory_transfers(result: CountResult) -> None:
    """Every transfer moves exactly what its source gave up; the elected keep the quota."""
    for before, after in zip(result.rounds, result.rounds[1:], strict=False):
        moved = after.transfers
        assert moved is not None
        total = sum(moved.to.values()) + moved.exhausted
        if moved.kind == "exclusion":
            assert set(moved.sources) == set(before.eliminated)
            assert total == sum(before.tallies[c] for c in moved.sources)
        else:
            (source,) = moved.sources
            assert result.quota is not None
            assert total == before.tallies[source] - result.quota
            assert moved.value == (before.tallies[source] - result.quota) / before.tallies[source]
            assert after.tallies[source] == result.quota


def _surplus_elects_while_another_waits(result: CountResult) -> bool:
    """Did a surplus transfer elect someone while another surplus was still waiting?

    Then the two published conventions part: the Scottish rules (and this package) deem
    the candidate elected at once, so later surpluses pass them by; pref_voting's
    ``stv_wig`` finishes the surpluses of the stage first, still crediting them.
    """
    pending: set[str] = set()
    for r in result.rounds:
        if r.transfers is not None and r.transfers.kind == "surplus":
            pending -= set(r.transfers.sources)
            if r.elected and pending:
                return True
        pending |= {c for c in r.elected if result.quota is not None and r.tallies[c] > result.quota}
    return False


@settings(max_examples=1500, deadline=None)
@given(profiles(max_candidates=7, max_rows=14, max_weight=30), st.integers(2, 4))
def test_gregory_elects_what_pref_voting_stv_wig_elects(ballots: Ballots, seats: int) -> None:
    seats = min(seats, len(ballots.candidates) - 1)
    assume(seats >= 1)
    result = count(ballots, "stv", seats=seats)
    if result.ties:
        event("skipped: a tie was broken")
    elif _surplus_elects_while_another_waits(result):
        event("skipped: candidate elected during a run of surpluses")
    else:
        event("compared")
        expected = stv_wig(to_pref_voting(ballots), num_seats=seats, quota_rule="droop")
        assert {ballots.candidates[c] for c in expected} == set(result.winners)


def _near_a_boundary(result: CountResult, margin: Fraction = Fraction(1, 10**4)) -> bool:
    """Was any decision within ``margin`` votes (a near tie for last, or a total at the quota)?

    pref_voting's Meek elects at ``total >= quota - 1e-10`` in floating point, this package
    at one 10**-9 unit above ``quota`` in exact fixed point; and the two stop iterating
    at different tolerances. Decisions that close are not comparable. Candidates on zero
    are excluded together by both, so equal zeros are no decision.
    """
    elected: set[str] = set()
    for r in result.rounds:
        hopeful = sorted(v for c, v in r.tallies.items() if c not in elected)
        assert r.quota is not None
        if any(abs(v - r.quota) <= margin for v in hopeful):
            return True
        live = [v for v in hopeful if v > 0]
        if r.eliminated and len(live) > 1 and live[1] - live[0] <= margin:
            return True
        elected |= set(r.elected)
    return False


@settings(max_examples=600, deadline=None)
@given(profiles(max_candidates=6, max_rows=12, max_weight=30), st.integers(2, 3))
def test_meek_elects_what_pref_voting_stv_meek_elects(ballots: Ballots, seats: int) -> None:
    seats = min(seats, len(ballots.candidates) - 1)
    assume(seats >= 1)
    result = count(ballots, "stv", seats=seats, transfer="meek")
    if result.ties:
        event("skipped: a tie was broken")
    elif _near_a_boundary(result):
        event("skipped: a decision within 1e-4 votes")
    else:
        event("compared")
        expected = stv_meek(to_pref_voting(ballots), num_seats=seats)
        assert {ballots.candidates[c] for c in expected} == set(result.winners)


def test_meek_reports_stages_stopped_by_the_iteration_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import councils.counting.meek as meek

    monkeypatch.setattr(meek, "MAX_ITERATIONS", 1)
    result = count(FOOD, "stv", seats=3, transfer="meek")
    assert any("stopped after 1 iterations" in note for note in result.notes)
    assert conserved(result)


def test_meek_elected_hold_the_quota_closely() -> None:
    result = count(FOOD, "stv", seats=3, transfer="meek")
    final = result.rounds[-2]  # Chocolate and Strawberries elected, keep factors converged
    assert final.quota is not None
    for name in ("Chocolate", "Strawberries"):
        assert abs(final.tallies[name] - final.quota) < Fraction(1, 10**5)
