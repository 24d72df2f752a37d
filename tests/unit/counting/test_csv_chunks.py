"""The plain CSV reader reads `_short` and `_grid` bodies a chunk of whole lines at a time
(one-shot processes pay a page fault for every fresh page of a whole body's temporaries):
the rows and every refusal are those of reading the body at once."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.counting.io import csv_plain
from councils.counting.io.csv_plain import read_plain
from tests.unit.counting.test_csv_plain import bodies


def read(body: bytes, n: int, chunk: int) -> list[list[list[int]]] | None:
    with patch.object(csv_plain, "CHUNK", chunk):
        found = read_plain(body, n)
    return None if found is None else [found[0].tolist(), [found[1].tolist()]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies(), st.integers(1, 40))
def test_reading_by_chunks_reads_what_reading_at_once_reads(data: bytes, chunk: int) -> None:
    end = data.find(b"\n")
    if end < 0:
        return
    n = data[:end].count(b",") + 1
    body = data[end + 1 :]
    assert read(body, n, chunk) == read(body, n, 1 << 30)


def test_a_body_of_many_chunks_keeps_every_line_in_order() -> None:
    rng = np.random.default_rng(3)
    lines = []
    for _ in range(3000):
        n_ranked = int(rng.integers(0, 11))
        cells = [""] * 10
        for rank, c in enumerate(rng.permutation(10)[:n_ranked], 1):
            cells[c] = str(rank)
        lines.append(",".join(cells))
    body = ("\n".join(lines) + "\n").encode()
    whole = read(body, 10, 1 << 30)
    assert whole is not None and len(whole[0]) == 3000
    assert read(body, 10, 4096) == whole == read(body, 10, 1)


def test_a_line_longer_than_any_plain_line_steps_aside_at_a_chunk_boundary() -> None:
    body = b"1,2\n" + b"1" * 400 + b",2\n" + b"2,1\n"
    assert read(body, 2, 3) is None
