"""The compiled path (numba kernels) against the NumPy path: the same counts, round by round.

``conftest.py`` already runs every counting test on both paths; here both paths count
the same ballots in one test and the whole results (every round, transfer and tie)
must be equal, on random profiles and on the Irish elections (as distinct rankings with
counts, and as one row per ballot), including Meek counts whose path-prefix table
outgrows its first capacity. Readers and validation must refuse the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from councils.counting import Ballots, CountError, buckets, compiled, count, read_ballot_file, write_ballot_file
from councils.counting.ballots import find_row_problem
from councils.counting.cursor import CompiledCursor, Cursor, make_cursor, prepare
from tests.unit.counting.support import election_file, profiles

T = TypeVar("T")


@contextmanager
def path(kind: str) -> Iterator[None]:
    saved = compiled.forced
    compiled.forced = kind == "compiled"
    try:
        yield
    finally:
        compiled.forced = saved


def both(work: Callable[[], T]) -> tuple[T, T]:
    with path("numpy"):
        slow = work()
    with path("compiled"):
        fast = work()
    return slow, fast


def outcome(work: Callable[[], T]) -> T | str:
    try:
        return work()
    except CountError as exc:
        return f"CountError: {exc}"


def test_the_compiled_path_is_taken_when_forced() -> None:
    ballots = Ballots(("a", "b"), np.array([[0, 1], [1, -1]]), np.array([2, 1]))
    with path("compiled"):
        assert isinstance(make_cursor(prepare(ballots, "irv")), CompiledCursor)
    with path("numpy"):
        assert isinstance(make_cursor(prepare(ballots, "irv")), Cursor)


SPECS = [("irv", 1, "gregory"), ("stv", 2, "gregory"), ("stv", 3, "gregory"), ("stv", 2, "meek"), ("stv", 3, "meek")]


@settings(max_examples=400, deadline=None)
@given(
    profiles(max_candidates=8, max_rows=20, max_weight=30, min_length=0),
    st.sampled_from(SPECS),
)
def test_random_counts_are_identical_on_both_paths(ballots: Ballots, spec: tuple[str, int, str]) -> None:
    method, seats, transfer = spec
    slow, fast = both(lambda: outcome(lambda: count(ballots, method, seats=seats, transfer=transfer)))
    assert slow == fast


@pytest.mark.parametrize(
    ("file", "seats"),
    [("ireland-2002-dublin-north.soi", 4), ("ireland-2002-dublin-west.soi", 3), ("ireland-2002-meath.soi", 5)],
)
@pytest.mark.parametrize("rows", ["distinct", "one per ballot"])
def test_irish_counts_are_identical_on_both_paths(file: str, seats: int, rows: str) -> None:
    source = election_file(file)
    slow_read, fast_read = both(lambda: read_ballot_file(source))
    assert slow_read == fast_read
    assert np.array_equal(slow_read.rankings, fast_read.rankings)
    assert np.array_equal(slow_read.weights, fast_read.weights)
    ballots = slow_read
    if rows == "one per ballot":
        order = np.random.default_rng(5).permutation(ballots.total)
        raw = np.repeat(np.asarray(ballots.rankings), ballots.weights, axis=0)[order]
        ballots = Ballots(ballots.candidates, raw, np.ones(len(raw), np.int64))
    for method, k, transfer in (("irv", 1, "gregory"), ("stv", seats, "gregory"), ("stv", seats, "meek")):
        slow, fast = both(lambda m=method, k=k, t=transfer: count(ballots, m, seats=k, transfer=t))  # type: ignore[misc]
        assert slow == fast, (file, rows, method, transfer)


def candidates_and_rows(most: int, width: int) -> st.SearchStrategy[tuple[int, np.ndarray]]:
    """A number of candidates (1..most) and a small int32 matrix of entries from -3 to n:
    rows both valid and not, in every way (range, gaps, repeats)."""
    return st.integers(1, most).flatmap(
        lambda n: st.tuples(
            st.just(n),
            hnp.arrays(np.int32, st.tuples(st.integers(0, 6), st.integers(0, width)), elements=st.integers(-3, n)),
        )
    )


@settings(max_examples=500, deadline=None)
@given(candidates_and_rows(9, 6))
def test_validation_refuses_the_same_rows(case: tuple[int, np.ndarray]) -> None:
    n, rankings = case
    slow, fast = both(lambda: find_row_problem(rankings, n, None))
    assert slow == fast


@settings(max_examples=500, deadline=None)
@given(candidates_and_rows(70, 8))  # either side of the 64 candidates a bit mask holds
def test_ballots_refuse_the_same_rows_with_the_same_message(case: tuple[int, np.ndarray]) -> None:
    n, rankings = case
    names = tuple(f"c{i}" for i in range(n))

    def build() -> tuple[list[list[int]], list[list[int]] | None]:
        ballots = Ballots(names, rankings, np.ones(len(rankings), np.int64))
        narrow = ballots.narrow
        return ballots.rankings.tolist(), None if narrow is None else narrow.tolist()

    slow, fast = both(lambda: outcome(build))
    if isinstance(slow, str):
        assert slow == fast
    else:
        assert isinstance(fast, tuple)
        assert slow[0] == fast[0]
        assert slow[1] is None  # the int8 copy is made only on the compiled path...
        assert fast[1] in (None, fast[0])  # ...and, when made, holds the same rows
        assert (fast[1] is not None) == (n <= 64 and bool(rankings.size))


def test_a_bad_row_is_found_after_many_good_ones() -> None:
    rankings = np.argsort(np.random.default_rng(3).random((5000, 20)), axis=1).astype(np.int32)
    names = tuple(f"c{i}" for i in range(20))
    repeated = int(rankings[4321, 6])
    for row, col, value, message in (
        (4321, 7, repeated, f"'c{repeated}' is ranked more than once"),
        (4322, 7, -1, "-1 padding is followed by a candidate"),
        (4323, 19, 20, "candidate index 20 is not between 0 and 19"),
    ):
        bad = rankings.copy()
        bad[row, col] = value
        with path("compiled"), pytest.raises(CountError, match=f"^ballot row {row + 1}: {message}"):
            Ballots(names, bad, np.ones(len(bad), np.int64))


@pytest.mark.parametrize("block", [1, 3, 4096])
@settings(max_examples=150, deadline=None)
@given(profiles(max_candidates=8, max_rows=40, max_weight=30, min_length=0))
def test_irv_buckets_count_alike_whatever_the_block_size(block: int, ballots: Ballots) -> None:
    saved = buckets.BLOCK
    buckets.BLOCK = block  # blocks of 1 or 3 rows: every bucket is a long chain, blocks reused at once
    try:
        slow, fast = both(lambda: outcome(lambda: count(ballots, "irv")))
    finally:
        buckets.BLOCK = saved
    assert slow == fast


@pytest.mark.parametrize("n", [3, 21, 63, 64, 70, 300])
def test_irv_buckets_count_alike_on_either_side_of_the_bit_mask_and_byte_limits(n: int) -> None:
    # up to 63 candidates the late rounds find the next preference with a 64-bit mask;
    # from 255 a cell needs two bytes
    rng = np.random.default_rng(n)
    rows = 3000
    rankings = np.argsort(rng.random((rows, n)), axis=1).astype(np.int32)[:, : min(n, 40)]
    short = rng.random(rows) < 0.5
    rankings[short, 2:] = -1
    ballots = Ballots(tuple(f"c{i}" for i in range(n)), rankings, rng.integers(1, 5, rows))
    saved = buckets.BLOCK
    buckets.BLOCK = 64
    try:
        slow, fast = both(lambda: count(ballots, "irv"))
    finally:
        buckets.BLOCK = saved
    assert slow == fast
    assert len(fast.rounds) >= min(n - 1, 10)  # many exclusions, so the late rounds are reached


def test_irv_takes_the_bucket_cursor_on_the_compiled_path(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = buckets.BucketCursor.__init__

    def spy(self: buckets.BucketCursor, *args: object) -> None:
        made.append(1)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(buckets.BucketCursor, "__init__", spy)
    rng = np.random.default_rng(9)
    rankings = np.argsort(rng.random((20_000, 12)), axis=1).astype(np.int32)
    rankings[rng.random(20_000) < 0.4, 5:] = -1  # some run out: exhausted votes
    ballots = Ballots(tuple(f"c{i}" for i in range(12)), rankings, rng.integers(1, 4, 20_000))
    slow, fast = both(lambda: count(ballots, "irv"))
    assert made == [1]
    assert slow == fast
    assert fast.exhausted > 0


SOI_BODIES = [
    "3: 1,2,3\n2: 2\n",
    "3: 1,2,3\n\n  \n2 :2 , 1\r\n",
    "3: 1,2,3",
    "0: 1,2\n",
    "3: 1,2,2\n",
    "3: 1,4\n",
    "3: 1,0\n",
    "3:\n",
    "3: 1,\n",
    "3 1,2\n",
    "3: 1 2\n",
    "3: 1,2:3\n",
    "3: 1,{2,3}\n",
    "3: 1,2,3\nx\n",
    "1234567890123456: 1\n",
    "3: 00001,2\n",
    "3: 1,0000000000000002\n",
    "3: 1,2,3   \n\n\n",
    "12345: 3,1 \n7:2",
    "3: 1,2,\n",
    "3: ,1\n",
    "3: 1,,2\n",
    "",
]


@pytest.mark.parametrize("kind", ["soi", "soc"])
@pytest.mark.parametrize("body", SOI_BODIES)
def test_preflib_reads_and_refuses_the_same_on_both_paths(tmp_path, kind: str, body: str) -> None:  # type: ignore[no-untyped-def]
    header = "# NUMBER ALTERNATIVES: 3\n" + "".join(f"# ALTERNATIVE NAME {i}: c{i}\n" for i in (1, 2, 3))
    file = tmp_path / f"ballots.{kind}"
    file.write_text(header + body, encoding="utf-8")

    def read() -> object:
        ballots = read_ballot_file(file)
        return (ballots.candidates, ballots.rankings.tolist(), ballots.weights.tolist(), ballots.rankings.shape)

    slow, fast = both(lambda: outcome(read))
    assert slow == fast


def test_a_large_soi_file_round_trips_through_the_compiled_reader(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    rankings = np.argsort(rng.random((3000, 6)), axis=1).astype(np.int32)
    rankings[rng.random(3000) < 0.3, 3:] = -1
    ballots = Ballots(tuple("abcdef"), rankings, rng.integers(1, 9, 3000)).canonical()
    write_ballot_file(ballots, tmp_path / "big.soi")
    with path("compiled"):
        again = read_ballot_file(tmp_path / "big.soi")
    assert again == ballots
    assert again.narrow is not None  # the parser's int8 copy, which the counts read
    assert np.array_equal(again.narrow, again.rankings)


def test_three_digit_candidate_numbers_are_read_alike(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    rankings = np.argsort(rng.random((500, 130)), axis=1).astype(np.int32)[:, :12]
    ballots = Ballots(tuple(f"c{i}" for i in range(130)), rankings, rng.integers(1, 5, 500)).canonical()
    write_ballot_file(ballots, tmp_path / "wide.soi")
    slow, fast = both(lambda: read_ballot_file(tmp_path / "wide.soi"))
    assert slow == fast == ballots
    assert np.array_equal(slow.rankings, fast.rankings)
    assert fast.narrow is None  # over 64 candidates: no int8 copy


def test_numba_is_loaded_only_when_it_pays(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A fresh process counts and reads a million-cell profile without importing numba;
    one whose NumPy work would cost more than loading numba takes the compiled path."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("pays")
    code = f"""
import sys
import numpy as np
from councils.counting import Ballots, compiled, count, read_ballot_file, write_ballot_file
compiled.one_shot = True  # as `councils count` runs: one job, numba only if it pays for it
rng = np.random.default_rng(1)
rankings = np.argsort(rng.random((200_000, 8)), axis=1).astype(np.int32)
ballots = Ballots(tuple("ABCDEFGH"), rankings, np.ones(len(rankings), np.int64))
write_ballot_file(ballots.canonical(), r"{folder / 'b.soi'}")
write_ballot_file(ballots, r"{folder / 'b.csv'}")
for b in (ballots, read_ballot_file(r"{folder / 'b.soi'}"), read_ballot_file(r"{folder / 'b.csv'}")):
    count(b, "irv"), count(b, "stv", seats=3)
assert "numba" not in sys.modules, "numba loaded for a profile NumPy counts faster"
assert not compiled.use_compiled(1_000_000, 20) and not compiled.parse_compiled(4 << 20)
assert compiled.use_compiled(10_000_000, 8) and compiled.loaded()
assert compiled.use_compiled(compiled.MIN_ROWS, 8) and compiled.parse_compiled(compiled.MIN_BYTES)
"""
    library = """
import sys
from councils.counting import compiled
assert compiled.use_compiled(compiled.MIN_ROWS, 8) and "numba" in sys.modules, "a library loads at once"
assert not compiled.use_compiled(compiled.MIN_ROWS - 1, 8)
"""
    again = subprocess.run([sys.executable, "-c", library], capture_output=True, text=True, check=False,
                           timeout=600)
    assert again.returncode == 0, again.stderr
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
