"""Shared helpers of the counting tests: the real-election data folder and profile strategies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from councils.counting import Ballots, CountResult

SHARED_DATA = Path(os.environ.get("COUNCILS_SHARED_DATA", Path(__file__).parents[3] / ".." / "shared" / "data"))
ELECTIONS = SHARED_DATA / "elections"
NAMES = "ABCDEFGHIJKL"
BELENIOS = shutil.which("belenios-tool")


def belenios_method(ballots: Ballots, *method: str) -> dict[str, Any]:
    """Count with ``belenios-tool method ...`` (the independent peer): each ballot lists each
    choice's rank, 1 best, 0 unranked; one ballot per voter."""
    n = len(ballots.candidates)
    lines = []
    for ranking, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True):
        ranks = [0] * n
        for position, c in enumerate(ranking):
            if c >= 0:
                ranks[c] = position + 1
        lines += [ranks] * weight
    done = subprocess.run([str(BELENIOS), "method", *method], input=json.dumps(lines),
                          capture_output=True, text=True, check=True, timeout=60)
    out: dict[str, Any] = json.loads(done.stdout)
    return out


def election_file(name: str) -> Path:
    """A file of the shared real-election folder; skip (with the reason) when it is absent.

    The data are GPL (PrefLib): they are read in place, never copied into the project.
    """
    path = ELECTIONS / name
    if not path.exists():
        pytest.skip(f"shared election data not found at {path} (set COUNCILS_SHARED_DATA)")
    return path


@st.composite
def profiles(
    draw: st.DrawFn,
    *,
    min_candidates: int = 2,
    max_candidates: int = 6,
    max_rows: int = 12,
    max_weight: int = 20,
    min_length: int = 1,
    complete: bool = False,
) -> Ballots:
    """Random ballots: a few distinct truncated rankings with multiplicities."""
    n = draw(st.integers(min_candidates, max_candidates))
    rows = draw(st.integers(1, max_rows))
    rankings: list[list[str]] = []
    for _ in range(rows):
        order = draw(st.permutations(NAMES[:n]))
        length = n if complete else draw(st.integers(min(min_length, n), n))
        rankings.append(list(order[:length]))
    weights = draw(st.lists(st.integers(1, max_weight), min_size=rows, max_size=rows))
    return Ballots.from_rankings(tuple(NAMES[:n]), rankings, weights)


def conserved(result: CountResult) -> bool:
    """Every round's totals plus exhausted votes equal the valid ballots, exactly."""
    return all(sum(r.tallies.values(), Fraction(0)) + r.exhausted == result.valid for r in result.rounds)


def to_pref_voting(ballots: Ballots):  # type: ignore[no-untyped-def]
    """The same ballots as a pref_voting ProfileWithTies over candidate indices."""
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings = [{int(c): rank + 1 for rank, c in enumerate(row) if c >= 0} for row in ballots.rankings.tolist()]
    return ProfileWithTies(
        rankings, rcounts=ballots.weights.tolist(), candidates=list(range(len(ballots.candidates)))
    )
