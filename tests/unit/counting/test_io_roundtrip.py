"""Every writer and reader agree: what is written reads back as the same ballots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.counting import Ballots, CountError, read_ballot_file, write_ballot_file
from tests.unit.counting.support import NAMES, election_file


@st.composite
def ballots_with_ties(draw: st.DrawFn, *, ties: bool, complete: bool, blank: bool) -> Ballots:
    """Ballots whose rankings may hold ties; never a final tie that completes the order
    (PrefLib's marker for "unranked", which reading drops on purpose)."""
    n = draw(st.integers(1, 6))
    rows = draw(st.integers(1, 8))
    matrix = np.full((rows, n), -1, np.int32)
    tied = np.zeros((rows, n), np.bool_)
    for r in range(rows):
        order = draw(st.permutations(range(n)))
        least = n if complete else (0 if blank and n > 1 else 1)
        length = draw(st.integers(least, n))
        matrix[r, :length] = order[:length]
        if ties and length > 1:
            flags = draw(st.lists(st.booleans(), min_size=length - 1, max_size=length - 1))
            tied[r, 1:length] = flags
            if length == n and tied[r, n - 1]:
                tied[r, n - 1] = False
    weights = draw(st.lists(st.integers(1, 9), min_size=rows, max_size=rows))
    return Ballots(tuple(f"{NAMES[i]} {i}" for i in range(n)), matrix, np.array(weights), tied, title="A title")


CASES = {
    "soi": {"ties": False, "complete": False, "blank": False},
    "toi": {"ties": True, "complete": False, "blank": False},
    "soc": {"ties": False, "complete": True, "blank": False},
    "toc": {"ties": True, "complete": True, "blank": False},
    "blt": {"ties": True, "complete": False, "blank": True},
    "csv": {"ties": True, "complete": False, "blank": True},
}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_written_files_read_back_unchanged(fmt: str, tmp_path: Path) -> None:
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ballots_with_ties(**CASES[fmt]))
    def roundtrip(ballots: Ballots) -> None:
        path = tmp_path / f"ballots.{fmt}"
        write_ballot_file(ballots, path)
        again = read_ballot_file(path)
        assert again == ballots
        assert again.candidates == ballots.candidates
        if fmt != "csv":
            assert again.title == "A title"

    roundtrip()


def test_meath_survives_every_format(tmp_path: Path) -> None:
    meath = read_ballot_file(election_file("ireland-2002-meath.soi"))
    for fmt in ("soi", "toi", "blt", "csv"):
        path = tmp_path / f"meath.{fmt}"
        write_ballot_file(meath, path)
        assert read_ballot_file(path) == meath, fmt
    blt = read_ballot_file(tmp_path / "meath.blt")
    assert blt.seats == 1 and blt.title == "2002 Meath"


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    b = Ballots.from_rankings(["a", "b"], [["a", "b"]], [3])
    path = tmp_path / "ballots.txt"
    write_ballot_file(b, path, format="blt")
    assert read_ballot_file(path, format="BLT") == b


@pytest.mark.parametrize(
    ("ballots", "fmt", "message"),
    [
        (Ballots(("a", "b"), np.array([[0, 1]]), np.array([1]), np.array([[False, True]])), "soi", "tied"),
        (Ballots.from_rankings(["a", "b"], [["a"]]), "soc", "rank every candidate"),
        (Ballots.from_rankings(["a", "b"], [["a"]]), "toc", "rank every candidate"),
        (Ballots.from_rankings(["a", "b"], [[]]), "toi", "blank ballots"),
        (Ballots.from_rankings(['a "x"', "b"], [["b"]]), "blt", "quote"),
        (Ballots.from_rankings(["a"], [[]]), "csv", "one-column"),
    ],
)
def test_writers_refuse_what_the_format_cannot_hold(ballots: Ballots, fmt: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(CountError, match=message):
        write_ballot_file(ballots, tmp_path / f"x.{fmt}")


def test_unknown_formats_and_unwritable_paths(tmp_path: Path) -> None:
    b = Ballots.from_rankings(["a"], [["a"]])
    with pytest.raises(CountError, match=r"unknown ballot file extension '\.xls'"):
        write_ballot_file(b, tmp_path / "x.xls")
    with pytest.raises(CountError, match="unknown ballot file format 'json'"):
        read_ballot_file(tmp_path / "x.soi", format="json")
    with pytest.raises(CountError, match="cannot write the file"):
        write_ballot_file(b, tmp_path / "missing" / "x.soi")
    with pytest.raises(CountError, match=r"x\.soi: cannot read the file"):
        read_ballot_file(tmp_path / "x.soi")
    with pytest.raises(CountError, match=r"extension '\(none\)'"):
        read_ballot_file(tmp_path / "noext")
