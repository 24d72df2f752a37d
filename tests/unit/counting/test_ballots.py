"""The Ballots type: construction from arrays and names, validation, equality, withdrawal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from councils.counting import Ballots, CountError
from tests.unit.counting.support import profiles


def test_from_rankings_builds_padded_arrays() -> None:
    b = Ballots.from_rankings(["a", "b", "c"], [["b", "a"], ["c"], []], [2, 1, 4])
    assert b.rankings.dtype == np.int32 and b.weights.dtype == np.int64
    assert b.rankings.tolist() == [[1, 0], [2, -1], [-1, -1]]
    assert b.weights.tolist() == [2, 1, 4]
    assert b.total == 7
    assert list(b) == [(("b", "a"), 2), (("c",), 1), ((), 4)]


def test_a_choice_is_a_ranking_of_one_and_weights_default_to_one() -> None:
    b = Ballots.from_rankings(["yes", "no"], [["yes"], ["no"], ["yes"]])
    assert b.weights.tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    ("rankings", "message"),
    [
        ([["a", "z"]], "ballot 1: 'z' is not a candidate"),
        ([["a"], ["b", "b"]], "ballot 2: 'b' is ranked more than once"),
        (["ab"], "must be a list of names"),
    ],
)
def test_from_rankings_refuses_bad_names(rankings: list[list[str]], message: str) -> None:
    with pytest.raises(CountError, match=message):
        Ballots.from_rankings(["a", "b"], rankings)


def test_from_rankings_refuses_mismatched_weights() -> None:
    with pytest.raises(CountError, match="2 rankings but 1 weights"):
        Ballots.from_rankings(["a", "b"], [["a"], ["b"]], [1])


@pytest.mark.parametrize(
    ("candidates", "rankings", "weights", "message"),
    [
        (("a", "a"), [[0]], [1], "listed twice"),
        (("a", " "), [[0]], [1], "name is empty"),
        (("a", "b"), [[0, 2]], [1], "candidate index 2 is not between 0 and 1"),
        (("a", "b"), [[-2, 0]], [1], "candidate index -2"),
        (("a", "b"), [[-1, 0]], [1], "padding is followed by a candidate"),
        (("a", "b"), [[1, 1]], [1], "'b' is ranked more than once"),
        (("a", "b"), [[0]], [-1], "weight is negative"),
        (("a", "b"), [[0], [1]], [1], "2 ranking rows but 1 weights"),
        (("a", "b"), [[0.5]], [1], "must hold integers"),
        (("a", "b"), [[0]], [1.5], "weights must be integers"),
        (("a", "b"), [[[0]]], [1], "2-D"),
    ],
)
def test_constructor_validates(
    candidates: tuple[str, ...], rankings: list[list[float]], weights: list[float], message: str
) -> None:
    with pytest.raises(CountError, match=message):
        Ballots(candidates, np.array(rankings), np.array(weights))


def test_tied_must_fit_the_rankings() -> None:
    r = np.array([[0, 1]])
    with pytest.raises(CountError, match="shape"):
        Ballots(("a", "b"), r, np.array([1]), np.array([[False]]))
    with pytest.raises(CountError, match="after the first"):
        Ballots(("a", "b"), r, np.array([1]), np.array([[True, False]]))
    untied = Ballots(("a", "b"), r, np.array([1]), np.array([[False, False]]))
    assert untied.tied is None and not untied.has_ties


def test_seats_must_be_positive() -> None:
    with pytest.raises(CountError, match="seats must be at least 1"):
        Ballots(("a",), np.array([[0]]), np.array([1]), seats=0)


def test_arrays_are_read_only_but_the_callers_are_not() -> None:
    mine = np.array([[0, 1]], dtype=np.int32)
    b = Ballots(("a", "b"), mine, np.array([1]))
    with pytest.raises(ValueError, match="read-only"):
        b.rankings[0, 0] = 1
    mine[0, 0] = 1  # the caller's array stays writable
    assert mine.flags.writeable


def test_equality_ignores_row_order_and_split_weights() -> None:
    one = Ballots.from_rankings(["a", "b"], [["a", "b"], ["b"], ["a", "b"]], [1, 2, 3])
    two = Ballots.from_rankings(["a", "b"], [["b"], ["a", "b"]], [2, 4])
    assert one == two
    assert one != Ballots.from_rankings(["a", "b"], [["b"], ["a", "b"]], [2, 5])
    assert one != Ballots.from_rankings(["b", "a"], [["b"], ["a", "b"]], [2, 4])
    assert one != "ballots"


@given(profiles())
def test_canonical_keeps_every_ballot(ballots: Ballots) -> None:
    canon = ballots.canonical()
    assert canon.total == ballots.total
    assert canon == ballots
    assert len({tuple(r) for r in canon.rankings.tolist()}) == len(canon.weights)
    assert list(canon.weights) == sorted(canon.weights, reverse=True)


def test_withdraw_closes_gaps_and_keeps_tie_groups() -> None:
    b = Ballots(
        ("a", "b", "c", "d"),
        np.array([[0, 1, 2, 3], [2, 0, -1, -1]]),
        np.array([3, 1]),
        np.array([[False, True, False, True], [False, False, False, False]]),
        title="t",
        seats=2,
    )
    w = b.withdraw(["a"])
    assert w.candidates == ("b", "c", "d")
    assert w.rankings[:, :3].tolist() == [[0, 1, 2], [1, -1, -1]]
    assert w.tied is not None
    assert w.tied[:, :3].tolist() == [[False, False, True], [False, False, False]]
    assert (w.title, w.seats, w.total) == ("t", 2, 4)
    assert b.withdraw([]) is b
    with pytest.raises(CountError, match="unknown candidate"):
        b.withdraw(["z"])
