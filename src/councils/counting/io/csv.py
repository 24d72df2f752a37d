"""CSV ballots: one column per candidate, one ballot per row, rank numbers in the cells.

::

    Alice,Bob,Carol
    1,2,          Alice first, Bob second, Carol unranked
    ,1,1          Bob and Carol ranked equal first (a tie)
    ,,            a blank ballot

The header row names the candidates (quoted as CSV needs). A cell is empty (not
ranked) or a rank from 1. A ballot's ranks must run 1, 2, 3, ... with no gaps; equal
numbers are a tie, which approval counts and ranked methods refuse. For approval
ballots, put 1 in every approved cell. This is the form spreadsheets and survey tools
export. Plain bodies (no quotes, spaces, ties or blank lines) are read as a grid of
cells (``csv_plain``), merging identical lines up to 8 candidates; any other body by a
vectorised scan that accepts ties and blank lines and names the line of any error.
"""

from __future__ import annotations

import io as _io
from typing import TYPE_CHECKING

import numpy as np

from councils.counting.ballots import Ballots
from councils.counting.errors import CountError, file_error
from councils.counting.io.csv_plain import read_plain

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from councils.counting.errors import FilePath

COMMA = ord(",")


def read_csv(path: FilePath, data: bytes) -> Ballots:
    """Read a CSV ballot file; CountError names the file, line and problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    try:
        header_text = data[:end].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        raise file_error(path, 1, "the header row is not valid UTF-8 text") from None
    if '"' in header_text:  # quoted names: the csv module's reading (a plain header is split at its commas)
        import csv

        header = next(csv.reader([header_text]), [])
    else:
        header = header_text.split(",")
    names = [h.strip() for h in header]
    if not names or not any(names):
        raise file_error(path, 1, "the first row must name the candidates")
    for i, name in enumerate(names):
        if not name:
            raise file_error(path, 1, f"column {i + 1} has no candidate name")
        if names.index(name) != i:
            raise file_error(path, 1, f"candidate {name!r} names two columns")
    plain = read_plain(memoryview(data)[end + 1 :], len(names))  # a view: no copy of the body
    if plain is not None:  # checked row by row on the way: no tie, gap or repeat
        narrow, weights = plain
        small = narrow if len(names) <= 64 else None  # the int8 copy the compiled kernels read
        return Ballots._checked(tuple(names), narrow.astype(np.int32), weights, narrow=small)
    body = data[end + 1 :]
    if b'"' in body:
        ranks, lines = _slow_ranks(path, body, len(names))
    else:
        ranks, lines = _fast_ranks(path, body, len(names))
    rankings, tied = _order(path, ranks, lines)
    return Ballots(tuple(names), rankings, np.ones(len(rankings), np.int64), tied)


def _fast_ranks(path: FilePath, body: bytes, n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rank matrix (rows x candidates, 0 = unranked) and each row's line number."""
    from councils.counting.io.scan import NL, NUM, scan  # the general path only

    found = scan(body, path=path, first_line=2, punctuation=",")
    s = found.codes
    is_nl, is_comma = s == NL, s == COMMA
    numbers = np.flatnonzero(s == NUM)
    count_type = np.int32 if len(s) < 2**31 else np.int64
    ends = np.flatnonzero(is_nl)  # every line, the last included, ends in NL
    starts = np.concatenate(([0], ends[:-1] + 1))
    commas = np.add.reduceat(is_comma, starts, dtype=count_type)
    used = (commas > 0) | (np.add.reduceat(s == NUM, starts, dtype=count_type) > 0)
    wrong = used & (commas != n - 1)
    if wrong.any():
        bad = int(np.argmax(wrong))
        raise file_error(path, bad + 2, f"has {int(commas[bad]) + 1} cells, expected {n}")
    if numbers.size:
        double = s[np.maximum(numbers - 1, 0)] == NUM
        double[0] &= numbers[0] > 0
        if double.any():
            raise found.error(int(numbers[np.argmax(double)]), "a cell holds more than one number")
    values = found.numbers
    if (values < 1).any():
        raise found.error(int(numbers[np.argmax(values < 1)]), "ranks start at 1")
    # Every used line before has exactly n - 1 commas, blank lines none: the commas
    # before a number, less those of earlier rows, give its column.
    row = (np.cumsum(used, dtype=count_type) - 1)[np.cumsum(is_nl, dtype=count_type)[numbers]]
    col = np.cumsum(is_comma, dtype=count_type)[numbers] - (n - 1) * row
    ranks = np.zeros((int(used.sum()), n), np.int64)
    ranks[row, col] = values
    return ranks, np.flatnonzero(used) + 2


def _slow_ranks(path: FilePath, body: bytes, n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The csv-module path, for bodies with quoted cells."""
    import csv

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 2
        raise file_error(path, line, "not valid UTF-8 text") from None
    rows: list[list[int]] = []
    lines: list[int] = []
    reader = csv.reader(_io.StringIO(text))
    for record in reader:
        line = reader.line_num + 1
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) != n:
            raise file_error(path, line, f"has {len(record)} cells, expected {n}")
        values: list[int] = []
        for cell in record:
            cell = cell.strip()
            if not cell:
                values.append(0)
            elif cell.isdigit() and int(cell) >= 1:
                values.append(int(cell))
            else:
                raise file_error(path, line, f"cell {cell!r} is not a rank (a whole number from 1)")
        rows.append(values)
        lines.append(line)
    return np.array(rows, np.int64).reshape(len(rows), n), np.array(lines, np.int64)


def _order(
    path: FilePath, ranks: NDArray[np.int64], lines: NDArray[np.int64]
) -> tuple[NDArray[np.int32], NDArray[np.bool_] | None]:
    """Turn per-candidate ranks into ordered rankings, checking ranks run 1, 2, 3..."""
    n = ranks.shape[1]
    # Small sort keys (unranked last; any rank above n is a gap anyway, so clip it) let
    # NumPy's stable sort use radix sort.
    key_type = np.int16 if n < 32000 else np.int64
    key = np.where(ranks == 0, n + 2, np.minimum(ranks, n + 1)).astype(key_type)
    order = np.argsort(key, axis=1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=1)
    ranked = ordered <= n + 1
    steps = np.diff(ordered, axis=1)
    gap = (ranked[:, 0] & (ordered[:, 0] != 1)) | (ranked[:, 1:] & (steps > 1)).any(axis=1)
    if gap.any():
        row = int(np.argmax(gap))
        shown = ", ".join(str(r) for r in np.sort(ranks[row][ranks[row] > 0]).tolist())
        raise file_error(path, int(lines[row]), f"ranks must run 1, 2, 3, ... without gaps; found {shown}")
    rankings = np.where(ranked, order, -1).astype(np.int32)
    tied = np.zeros(ranks.shape, np.bool_)
    tied[:, 1:] = ranked[:, 1:] & (steps == 0)
    return rankings, (tied if tied.any() else None)


def write_csv(ballots: Ballots) -> bytes:
    """CSV text for ``ballots``: a header of names, then one row per ballot (not per order)."""
    import csv

    n = len(ballots.candidates)
    out = _io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(ballots.candidates)
    tied = ballots.tied
    for r, (row, weight) in enumerate(zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True)):
        cells = [""] * n
        rank = 0
        for j, c in enumerate(row):
            if c < 0:
                break
            if tied is None or not tied[r, j]:
                rank += 1
            cells[c] = str(rank)
        if n == 1 and not rank and weight:
            raise CountError("a one-column CSV file cannot hold blank ballots")
        out.write((",".join(cells) + "\n") * weight)
    return out.getvalue().encode("utf-8")
