"""A guard against losing vectorisation: a million ballots count in well under a second.

The bounds are loose (a shared, busy machine must pass); a Python loop per ballot
would miss them by an order of magnitude. The real figures come from
``python tests/unit/counting/bench_counting.py`` (docs/counting.md).
"""

from __future__ import annotations

import time

import pytest

from councils.counting import count
from tests.unit.counting.bench_counting import random_ballots

BOUND_SECONDS = 1.5


@pytest.fixture(scope="module")
def million():  # type: ignore[no-untyped-def]
    return random_ballots(1_000_000, 8)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "irv"},
        {"method": "stv", "seats": 3},
        {"method": "stv", "seats": 3, "transfer": "meek"},
        {"method": "plurality"},
        {"method": "approval"},
    ],
)
def test_a_million_ballots_count_in_well_under_a_second(million, kwargs) -> None:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        result = count(million, **kwargs)
        best = min(best, time.perf_counter() - start)
    assert result.valid == 1_000_000
    assert best < BOUND_SECONDS, f"{kwargs}: {best:.3f} s"
