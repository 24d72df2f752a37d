"""The plain-``.soi`` fast path reads exactly what the general PrefLib reader reads, or steps aside.

For any body, ``read_preflib`` with the fast path must give the same ballots (or the
same error, naming the same line) as the general reader alone; the fast path may only
decline.
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.counting import Ballots, CountError, compiled
from councils.counting.io import preflib
from councils.counting.io.soi_plain import read_plain_soi

PATH = Path("t.soi")


def header(n: int, kind: str = "soi") -> str:
    names = "".join(f"# ALTERNATIVE NAME {i}: C{i}\n" for i in range(1, n + 1))
    return f"# DATA TYPE: {kind}\n# NUMBER ALTERNATIVES: {n}\n{names}"


def general(data: bytes, kind: str) -> Ballots | str:
    """What the general reader alone makes of ``data``: ballots, or the error message."""
    with patch.object(preflib, "read_plain_soi", lambda body, n, complete: None):
        return either(data, kind)


def either(data: bytes, kind: str) -> Ballots | str:
    with patch.object(compiled, "forced", False):  # the NumPy readers, not the compiled parser
        try:
            return preflib.read_preflib(PATH, data, kind)
        except CountError as exc:
            return str(exc)


def assert_read_as_the_general_reader_reads(data: bytes, kind: str = "soi") -> None:
    """The same ballots, or the same error naming the same line, with or without the fast path."""
    expected, got = general(data, kind), either(data, kind)
    if isinstance(expected, str):
        assert got == expected
    else:
        assert isinstance(got, Ballots)
        assert got == expected and got.candidates == expected.candidates and got.total == expected.total
        assert np.array_equal(got.rankings, expected.rankings) and np.array_equal(got.weights, expected.weights)


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, str]:
    """PrefLib files that are mostly plain: valid orders, now and then a repeated or
    out-of-range candidate, a zero count, a tie, a blank line, a CR, a missing colon or
    space, a long number or an empty order."""
    n = draw(st.integers(1, 24))
    kind = draw(st.sampled_from(["soi", "soi", "soc"]))
    space = draw(st.sampled_from([" ", ""]))
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        length = n if kind == "soc" else draw(st.integers(1, n))
        order = [c + 1 for c in draw(st.permutations(range(n)))[:length]]
        count = str(draw(st.integers(1, 10**6)))
        flaw = draw(st.sampled_from(["none"] * 10 + ["repeat", "range", "zero", "tie", "blank", "cr", "colon",
                                                     "space", "long", "empty", "short", "lead"]))
        if flaw == "repeat" and length >= 2:
            order[1] = order[0]
        elif flaw == "range":
            order[-1] = draw(st.sampled_from([0, n + 1, 100, 123]))
        elif flaw == "zero":
            count = "0"
        elif flaw == "lead":
            order[0] = f"0{order[0]}"  # type: ignore[call-overload]
        text = ",".join(map(str, order))
        if flaw == "tie" and length >= 2:
            text = "{" + text + "}"
        line = f"{count}:{space}{text}"
        if flaw == "blank":
            line = ""
        elif flaw == "cr":
            line += "\r"
        elif flaw == "colon":
            line = f"{count},{text}"
        elif flaw == "space":
            line = f"{count}: {text}" if not space else f"{count}:{text}"
        elif flaw == "long":
            line = f"{'9' * 16}:{space}{text}"
        elif flaw == "empty":
            line = f"{count}:{space}"
        elif flaw == "short" and kind == "soc" and n > 1:
            line = f"{count}:{space}{','.join(map(str, order[:-1]))}"
        lines.append(line)
    ending = draw(st.sampled_from(["\n", ""]))
    return (header(n, kind) + "\n".join(lines) + ending).encode(), kind


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_the_fast_path_reads_what_the_general_reader_reads(file: tuple[bytes, str]) -> None:
    assert_read_as_the_general_reader_reads(*file)


@pytest.mark.parametrize(
    ("body", "n"), [(b"3: 1,2\n2: 2\n", 2), (b"3:1,2\n2:2,1\n", 2), (b"1: 12,3\n", 12), (b"5: 1", 1)]
)
def test_each_shape_of_plain_body_is_read_by_the_fast_path(body: bytes, n: int) -> None:
    assert read_plain_soi(body, n, complete=False) is not None


@pytest.mark.parametrize(
    "body",
    [b"", b"3: 1,2\r\n", b"3: 1, 2\n", b"3: 1,2\n\n", b"3: {1,2}\n", b"3: 1,1\n", b"3: 1,3\n", b"0: 1\n",
     b"3: \n", b"3 1,2\n", b"3: 1,2\n2:2\n", b"3: 1:2\n1\n"],
)
def test_anything_not_plain_steps_aside(body: bytes) -> None:
    assert read_plain_soi(body, 2, complete=False) is None


def test_a_soc_order_that_leaves_a_candidate_out_steps_aside() -> None:
    assert read_plain_soi(b"3: 1,2\n", 3, complete=True) is None
    assert read_plain_soi(b"3: 1,2,3\n", 3, complete=True) is not None


def test_a_large_plain_file_reads_as_the_general_reader_reads() -> None:
    rng = np.random.default_rng(7)
    n, orders = 20, 5_000
    lines = []
    for _ in range(orders):
        order = rng.permutation(n)[: rng.integers(1, n + 1)] + 1
        lines.append(f"{rng.integers(1, 50)}: " + ",".join(map(str, order.tolist())))
    data = (header(n) + "\n".join(lines) + "\n").encode()
    fast, slow = either(data, "soi"), general(data, "soi")
    assert isinstance(fast, Ballots) and isinstance(slow, Ballots)
    assert fast == slow and np.array_equal(fast.rankings, slow.rankings)
