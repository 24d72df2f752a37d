"""The one ``count`` signature: argument checking and the JSON form of a result."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from councils.counting import Ballots, CountError, TieBreak, count
from councils.counting.result import json_number

ABC = Ballots.from_rankings("abc", [["a", "b"], ["b", "c"], ["c"]], [5, 4, 3])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "copeland"}, "unknown counting method 'copeland'"),
        ({"method": "stv", "transfer": "hare"}, "unknown transfer rule 'hare'"),
        ({"method": "stv", "seats": 0}, "seats must be a whole number of at least 1, got 0"),
        ({"method": "stv", "seats": 1.5}, "got 1.5"),
        ({"method": "stv", "seats": True}, "got True"),
        ({"method": "plurality", "seats": 4}, "4 seats but only 3 candidate"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CountError, match=message):
        count(ABC, **kwargs)  # type: ignore[arg-type]


def test_tie_break_rule_is_checked() -> None:
    with pytest.raises(CountError, match="unknown tie-break rule 'coin'"):
        TieBreak(rule="coin")


def test_numpy_integers_are_accepted_as_seats() -> None:
    assert count(ABC, "stv", seats=np.int64(2)).seats == 2  # type: ignore[arg-type]  # what callers pass


def test_ranked_methods_refuse_tied_ballots_with_a_count() -> None:
    tied = Ballots(("a", "b", "c"), np.array([[0, 1, 2], [2, 1, -1]]), np.array([2, 7]),
                   np.array([[False, False, True], [False, False, False]]))  # fmt: skip
    for method in ("irv", "stv"):
        with pytest.raises(CountError, match=f"{method} needs strict rankings, but 2 ballot"):
            count(tied, method)


def test_json_numbers_are_exact() -> None:
    assert json_number(Fraction(6, 2)) == 3
    assert json_number(7) == 7
    assert json_number(Fraction(1, 3)) == {"exact": "1/3", "approx": 1 / 3}


def test_to_dict_is_json_safe_and_complete() -> None:
    result = count(ABC, "stv", seats=2)
    document = json.loads(json.dumps(result.to_dict()))
    assert set(document) >= {"method", "candidates", "winners", "outcome", "quota", "valid", "rounds", "ties"}
    assert document["quota"] == 5 and document["valid"] == 12
    second = document["rounds"][1]
    assert set(second) >= {"number", "tallies", "elected", "eliminated", "transfers", "exhausted"}
    assert set(second["transfers"]) >= {"from", "to", "exhausted"}
    assert document["outcome"] == ", ".join(document["winners"])
    lot = count(Ballots.from_rankings("ab", [["a"], ["b"]]), "irv", tie_break=TieBreak(seed=11)).to_dict()
    assert lot["ties"] == [
        {"round": 1, "candidates": ["a", "b"], "rule": "lot", "chosen": lot["ties"][0]["chosen"], "seed": 11,
         "decision": "exclude"}
    ]  # fmt: skip


def test_the_cli_names_the_strengths_the_count_knows() -> None:
    """`cli_count_job` keeps its own copy (it loads before NumPy and the counting package)."""
    from councils.counting.result import STRENGTHS
    from councils.interfaces.cli_count_job import STRENGTHS as CLI_STRENGTHS

    assert CLI_STRENGTHS == STRENGTHS
