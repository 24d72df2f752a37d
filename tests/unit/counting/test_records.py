"""The count's records stay frozen values without ``dataclasses`` (a one-shot count does
not import it, see ``counting.result``), and the CSV merge packs ranks only when they fit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from councils.counting import Ballots, CountError, TieBreak, count
from councils.counting.io.csv_plain import read_plain


def test_tie_break_is_a_frozen_value_and_refuses_an_unknown_rule() -> None:
    rule = TieBreak(rule="lot", seed=3)
    assert rule == TieBreak("lot", 3) and rule != TieBreak("lot", 4) and hash(rule) == hash(TieBreak("lot", 3))
    assert repr(rule) == "TieBreak(rule='lot', seed=3)"
    with pytest.raises(AttributeError, match="frozen"):
        rule.seed = 4
    with pytest.raises(CountError, match="unknown tie-break rule 'coin'"):
        TieBreak(rule="coin")


def test_ballots_are_frozen_and_say_what_they_hold() -> None:
    ballots = Ballots.from_rankings(["a", "b"], [["a"], ["b", "a"]], [2, 1])
    with pytest.raises(AttributeError, match="frozen"):
        ballots.title = "changed"
    with pytest.raises(AttributeError, match="frozen"):
        del ballots.seats
    assert repr(ballots).startswith("Ballots(candidates=('a', 'b'), rankings=array(")
    assert Ballots(("a", "b"), np.array([[0, 1]]), np.array([1]), title="T", seats=1).seats == 1


def test_a_count_result_is_a_frozen_record_with_its_fields() -> None:
    result = count(Ballots.from_rankings(["a", "b", "c"], [["a"], ["b", "c"], ["c", "b"]], [4, 3, 2]), "irv")
    with pytest.raises(AttributeError):
        result.winners = ("c",)  # type: ignore[misc]
    assert result.winners == ("b",) and result.rounds[0].tallies["a"] == Fraction(4)
    assert result.notes == ("elected on more than half of the votes of continuing candidates",)
    assert result.rounds[-1].transfers is not None and result.rounds[-1].transfers.sources == ("c",)


@pytest.mark.parametrize("body", [b"1,16\n", b"1,99\n2,1\n", b"16,1\n1,2\n"])
def test_a_two_digit_rank_above_the_candidates_is_left_to_the_general_reader(body: bytes) -> None:
    """Ranks pack into 4 bits a candidate when identical lines merge: a rank of 16 or more
    would spill into the next candidate's bits, so the fast path steps aside first."""
    assert read_plain(body, 2) is None


def test_merged_rows_keep_each_rank_in_its_own_column() -> None:
    body = b"8,7,6,5,4,3,2,1\n8,7,6,5,4,3,2,1\n1,2,3,4,5,6,7,8\n,,,,,,,1\n"
    found = read_plain(body, 8)
    assert found is not None
    rankings, weights = found
    rows = sorted(zip(map(tuple, rankings.tolist()), weights.tolist(), strict=True))
    assert rows == [((0, 1, 2, 3, 4, 5, 6, 7), 1), ((7, -1, -1, -1, -1, -1, -1, -1), 1),
                    ((7, 6, 5, 4, 3, 2, 1, 0), 2)]
