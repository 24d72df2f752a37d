"""The plain-CSV fast path reads exactly what the general CSV reader reads, or steps aside.

For any body, ``read_csv`` with the fast path must give the same ballots (or the same
error, naming the same line) as the general reader alone; the fast path may only decline.
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.counting import Ballots, CountError
from councils.counting.io import csv as csv_reader
from councils.counting.io.csv_plain import read_plain

PATH = Path("t.csv")


def general(data: bytes) -> Ballots | str:
    """What the general reader alone makes of ``data``: ballots, or the error message."""
    with patch.object(csv_reader, "read_plain", lambda body, n: None):
        try:
            return csv_reader.read_csv(PATH, data)
        except CountError as exc:
            return str(exc)


def either(data: bytes) -> Ballots | str:
    try:
        return csv_reader.read_csv(PATH, data)
    except CountError as exc:
        return str(exc)


def assert_read_as_the_general_reader_reads(data: bytes) -> None:
    """The same ballots, or the same error naming the same line, with or without the fast path."""
    expected, got = general(data), either(data)
    if isinstance(expected, str):
        assert got == expected
    else:
        assert isinstance(got, Ballots)
        assert got == expected and got.candidates == expected.candidates and got.total == expected.total


@st.composite
def bodies(draw: st.DrawFn, complete: bool = False) -> bytes:
    """CSV files that are mostly plain: valid ranks, now and then a blank ballot, a tie,
    a gap, a zero, a long number, a space, a CR, a blank line or a missing cell.
    `complete`: every ballot ranks every candidate (the fixed-width shape), flaws aside."""
    n = draw(st.integers(1, 12))
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        length = n if complete else draw(st.integers(0, n))
        order = draw(st.permutations(range(n)))[:length]
        cells = [""] * n
        for rank, c in enumerate(order, 1):
            cells[c] = str(rank)
        flaw = draw(st.sampled_from(["none"] * 8 + ["tie", "gap", "zero", "long", "space", "cr", "blank", "short"]))
        if flaw == "tie" and length >= 2:
            cells[order[1]] = "1"
        elif flaw == "gap" and length >= 1:
            cells[order[-1]] = str(length + 1)
        elif flaw == "zero":
            cells[draw(st.integers(0, n - 1))] = draw(st.sampled_from(["0", "00", "01"]))
        elif flaw == "long":
            cells[draw(st.integers(0, n - 1))] = draw(st.sampled_from(["100", "007", "12"]))
        elif flaw == "space" and length >= 1:
            cells[order[0]] = " 1"
        line = ",".join(cells)
        if flaw == "cr":
            line += "\r"
        elif flaw == "blank":
            line = ""
        elif flaw == "short" and n > 1:
            line = ",".join(cells[:-1])
        lines.append(line)
    header = ",".join(f"C{i}" for i in range(n))
    ending = draw(st.sampled_from(["\n", ""]))
    return ("\n".join([header, *lines]) + ending).encode()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_fast_path_reads_what_the_general_reader_reads(data: bytes) -> None:
    assert_read_as_the_general_reader_reads(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies(complete=True))
def test_complete_rankings_read_as_a_byte_matrix_read_as_the_general_reader_reads(data: bytes) -> None:
    assert_read_as_the_general_reader_reads(data)


@pytest.mark.parametrize(("body", "n"), [(b"1,2\n2,1\n", 2), (b",1\n1,\n,\n", 2), (b"3,1,2\n", 3)])
def test_each_shape_of_plain_body_is_read_by_the_fast_path(body: bytes, n: int) -> None:
    assert read_plain(body, n) is not None


def test_identical_lines_are_merged_up_to_eight_candidates() -> None:
    body = b"1,2,\n,1,\n1,2,\n1,2,\n,,\n"
    found = read_plain(body, 3)
    assert found is not None
    rankings, weights = found
    rows = sorted(zip(map(tuple, rankings.tolist()), weights.tolist(), strict=True))
    assert rows == [((-1, -1, -1), 1), ((0, 1, -1), 3), ((1, -1, -1), 1)]


def test_more_than_eight_candidates_keep_one_row_per_line_with_two_digit_ranks() -> None:
    n = 12
    line = ",".join(str(n - c) for c in range(n)).encode() + b"\n"
    found = read_plain(line * 3, n)
    assert found is not None
    rankings, weights = found
    assert rankings.tolist() == [list(range(n - 1, -1, -1))] * 3
    assert weights.tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    "body",
    [b"", b"1,2\r\n", b"1, 2\n", b"1,2\n\n2,1\n", b'"1",2\n', b"1,1\n", b"1,3\n", b"0,1\n", b"100,1\n", b"1,2,\n"],
)
def test_anything_not_plain_steps_aside(body: bytes) -> None:
    assert read_plain(body, 2) is None


def test_a_large_plain_file_reads_as_the_general_reader_reads(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    n, voters = 8, 20_000
    order = np.argsort(rng.random((voters, n)), axis=1)
    lengths = rng.integers(0, n + 1, voters)
    ranks = np.zeros((voters, n), np.int64)
    for position in range(n):
        live = lengths > position
        ranks[np.flatnonzero(live), order[live, position]] = position + 1
    text = "\n".join(",".join(str(r) if r else "" for r in row) for row in ranks.tolist())
    data = (",".join(f"C{i}" for i in range(n)) + "\n" + text + "\n").encode()
    fast, slow = either(data), general(data)
    assert isinstance(fast, Ballots) and isinstance(slow, Ballots)
    assert fast == slow and len(fast.weights) < voters
