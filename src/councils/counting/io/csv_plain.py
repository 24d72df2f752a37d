"""The fast path of the CSV reader: plain bodies, read as a grid of cells by NumPy.

Most CSV ballot files are *plain*: digits, commas and ``\\n`` only, every line holding
exactly one cell per candidate, every cell empty or a rank of one or two digits, every
ballot's ranks running 1, 2, 3, ... without ties. Such a body is a grid: its separators
(commas and newlines) are found in one pass, the width of each cell is the distance
between two separators, and a cell's rank is read from the one or two bytes before its
closing separator. No symbol stream, no per-line reductions and no sort: a few passes
over the bytes, cheaper than parsing the text with ``np.loadtxt``.

Up to 8 candidates a ballot's ranks fit one 32-bit word (4 bits a rank), so identical
lines are merged into one row with their count (1,000,000 ballots of 8 candidates have at
most 109,601 distinct rankings): everything after that, and the count itself, works on
the distinct rows.

Anything else (quotes, spaces, ``\\r``, blank lines, ties, gaps, a rank of 0 or
above the candidates) returns None, and ``csv.read_csv`` reads the body the general way,
which accepts ties and blank lines and names the line of any error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

COMMA, NL, ZERO = ord(","), ord("\n"), ord("0")
MAX_PLAIN = 99  # ranks of at most two digits
LONGEST_LINE = 3 * MAX_PLAIN  # bytes of a plain line: two digits and a separator a cell at most
CHUNK = 1 << 20  # bytes of body `_short` and `_grid` read at a time (whole lines)
MERGE_UP_TO = 8  # candidates whose ranks (4 bits each) fit one 32-bit word
_COMMA_CODE, _NL_CODE = np.uint8(COMMA - ZERO + 256), np.uint8(NL - ZERO + 256)  # as ``raw - ZERO`` wraps them


def read_plain(body: bytes | memoryview, n: int) -> tuple[NDArray[np.int8], NDArray[np.int64]] | None:
    """Rankings (rows x n, int8, padded with -1) and weights of a plain body, or None.

    ``body`` may be a view into the file's bytes: `_full` reads it in place (copying the
    body of a 16 MB file costs more than sorting its rows)."""
    if not body or not 2 <= n <= MAX_PLAIN:  # one column: a blank line would be a blank ballot
        return None
    if body[-1] != NL:
        body = bytes(body) + b"\n"
    ranks = _full(body, n) if n <= 9 else None
    if ranks is None and n <= 9:
        ranks = _by_chunks(body, n, _short)
    if ranks is None:
        ranks = _by_chunks(body, n, _grid)
        if ranks is not None and n <= MERGE_UP_TO and int(ranks.max()) > n:
            return None  # a rank above the candidates (and maybe above the 4 bits `_merge` packs)
    if ranks is None:
        return None
    if n <= MERGE_UP_TO:
        ranks, weights = _merge(ranks, n)
    else:
        weights = np.ones(len(ranks), np.int64)
    rankings = _rankings(ranks, n)
    if rankings is None:
        return None
    return rankings, weights


def _by_chunks(
    body: bytes | memoryview, n: int, read: Callable[[memoryview, int], NDArray[np.uint8] | None]
) -> NDArray[np.uint8] | None:
    """``read`` over the body a `CHUNK` of whole lines at a time, its rows joined; None if
    any chunk is not plain.

    `_short` and `_grid` make temporaries several times the size of what they read (an
    8-byte position for every cell). Over a whole body of 12 MB a one-shot process pays
    a page fault for every fresh page of them and they spill every cache; a chunk's are
    freed and reused by the next (pl8.csv: `_short` 180-260 -> 50-95 ms under load).
    `_full` makes few and reads the body in place: it is not chunked.
    """
    view = memoryview(body)
    size = len(view)
    parts = []
    start = 0
    while start < size:
        stop = start + CHUNK - 1  # end the chunk with the line that holds this byte
        if stop >= size:
            stop = size
        else:
            end = bytes(view[stop : stop + LONGEST_LINE + 1]).find(b"\n")
            if end < 0:
                return None  # a line longer than any plain line
            stop += end + 1
        part = read(view[start:stop], n)
        if part is None:
            return None
        parts.append(part)
        start = stop
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _full(body: bytes | memoryview, n: int) -> NDArray[np.uint8] | None:
    """The ranks of a body whose every line ranks every candidate with one digit, else None.

    Such lines are all ``2n`` bytes long (``d,d,...,d\n``), so the body is a matrix of
    bytes as it lies: digits in the even columns, commas in the odd ones and the newline
    last. Checking that is a few passes over strided views, with no search for the
    separators (the common shape of a complete-ranking file: half the cost of `_grid`).
    """
    width = 2 * n
    if len(body) % width:
        return None
    grid = np.frombuffer(body, np.uint8).reshape(-1, width)
    if not ((grid[:, 1:-1:2] == COMMA).all() and (grid[:, -1] == NL).all()):
        return None
    ranks = grid[:, 0::2] - np.uint8(ZERO)  # digits 0..9; anything else wraps above 9
    if int(ranks.max()) > 9 or not ranks.all():
        return None  # not a digit, or a rank of 0 (which the general reader names)
    return ranks


def _short(body: bytes | memoryview, n: int) -> NDArray[np.uint8] | None:
    """The ranks of a body whose every cell is empty or one digit (up to 9 candidates), else None.

    Without two-digit ranks a cell's rank is the byte just before its separator, so
    compared with `_grid` there is no table lookup over the bytes and one gather instead
    of four: comparisons find the digits and separators, counts prove the shape (every
    byte one or the other, n - 1 commas a line, every n-th separator a newline).
    """
    raw = np.frombuffer(b"\n" + body, np.uint8)  # a newline before the first cell
    code = raw - np.uint8(ZERO)  # digits 0..9; anything else wraps above 9
    digit = code <= 9
    comma = raw == COMMA
    separator = comma | (raw == NL)
    if np.count_nonzero(digit) + np.count_nonzero(separator) != len(raw):
        return None  # a byte that is neither (a space, a quote, a CR...)
    if (digit[1:] & digit[:-1]).any():
        return None  # a rank of two digits or more
    at = np.flatnonzero(separator[1:])  # each cell's separator, as an index into raw[1:]
    cells = len(at)
    if cells == 0 or cells % n or np.count_nonzero(comma) != cells - cells // n:
        return None
    if not (raw[1:].take(at[n - 1 :: n]) == NL).all():
        return None  # a line with more or fewer cells than candidates
    before = code.take(at)  # the byte before each separator: its cell's digit, or a separator
    if not before.all():
        return None  # a rank of 0: the general reader says ranks start at 1
    # a separator's code is above 9: keep digits, zero the rest (a product: ``np.where``
    # over 8,000,000 bytes costs several times more)
    return (before * (before <= 9)).reshape(-1, n)


def _grid(body: bytes | memoryview, n: int) -> NDArray[np.uint8] | None:
    """The rank in every cell (rows x n, 0 = empty), or None if the body is not a plain grid.

    Once every byte is known to be a digit or a separator, each cell ends at a
    separator and the bytes just before it tell the cell: a separator means empty, one
    digit then a separator a rank of one digit, two digits a rank of two. Over millions
    of cells the cost is the number of passes and fresh arrays, so: comparisons and
    counts classify every byte (a 256-entry table lookup, ``take``, widens every byte to
    an index first and costs twice as much), ``take`` at the separators' positions
    (shifted by slicing, not by arithmetic on the positions) reads the bytes before them.
    """
    raw = np.frombuffer(b"\n\n\n" + body, np.uint8)  # three newlines before the first cell
    code = raw - np.uint8(ZERO)  # digits 0..9; separators wrap to more than 9
    at = np.flatnonzero(((raw == COMMA) | (raw == NL))[3:])  # each cell's separator, in raw[3:]
    cells = len(at)
    if np.count_nonzero(code <= 9) + cells + 3 != len(raw):
        return None  # a byte that is neither a digit nor a separator (a space, a quote, a CR...)
    if cells == 0 or cells % n:
        return None
    kinds = code[3:].take(at).reshape(-1, n)  # each line: n - 1 commas, then its newline
    if not ((kinds[:, -1] == _NL_CODE).all() and (kinds[:, :-1] == _COMMA_CODE).all()):
        return None
    last, tens, beyond = code[2:].take(at), code[1:].take(at), code.take(at)
    one = last <= 9
    two = one & (tens <= 9)
    if (two & (beyond <= 9)).any():
        return None  # a number of three digits or more
    ranks = last * one  # products, not ``np.where`` (several times its speed on uint8)
    ranks += tens * np.uint8(10) * two
    if (one & (ranks == 0)).any():
        return None  # a rank of 0: the general reader says ranks start at 1
    return ranks.reshape(-1, n)


def _merge(ranks: NDArray[np.uint8], n: int) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """Identical rows merged: the distinct rows (in the order of their packed word, the
    last candidate's rank most significant) and how many lines held each.

    Every rank is at most 15 (`_full` and `_short` read one digit, `read_plain` refuses
    a `_grid` rank above the candidates), so a row packs into 32 bits, 4 a rank: the
    8 bytes of a row, seen as one 64-bit word, are folded in three shifts, and sorting
    1,000,000 32-bit keys costs half as much as sorting 64-bit ones.
    """
    if n == 8 and ranks.flags.c_contiguous:
        word = ranks.reshape(-1).view(np.uint64)
    else:
        wide = np.zeros((len(ranks), 8), np.uint8)
        wide[:, :n] = ranks
        word = wide.reshape(-1).view(np.uint64)
    word = (word | (word >> np.uint64(4))) & np.uint64(0x00FF00FF00FF00FF)  # byte pairs -> 8 bits
    word |= word >> np.uint64(8)
    word &= np.uint64(0x0000FFFF0000FFFF)  # 4 ranks -> 16 bits
    word |= word >> np.uint64(16)
    keys, counts = np.unique(word.astype(np.uint32), return_counts=True)  # 8 ranks -> 32 bits
    shifts = np.arange(n, dtype=np.uint32) * np.uint32(4)
    rows = ((keys[:, None] >> shifts) & np.uint32(15)).astype(np.uint8)
    return rows, counts.astype(np.int64)


def _rankings(ranks: NDArray[np.uint8], n: int) -> NDArray[np.int8] | None:
    """Per-candidate ranks turned into orders (rows x n, padded with -1); None if a row's
    ranks do not run 1, 2, 3, ... (a tie, a gap, or a rank above n)."""
    rows = len(ranks)
    if rows and int(ranks.max()) > n:
        return None
    # Row r's places are r * (n + 1) + rank: place 0 collects the empty cells, place k
    # the candidate ranked k. One scatter for the whole matrix, its index in NumPy's own
    # index type (a scatter through int32 converts every index on the way, twice the
    # time) unless that would need more than half a gigabyte.
    places = np.full((rows, n + 1), -1, np.int8)
    wide = np.dtype(np.intp if rows * (n + 1) <= 2**26 else np.int32 if rows * (n + 1) < 2**31 else np.int64)
    index = np.add(ranks, (np.arange(rows) * (n + 1)).astype(wide)[:, None], dtype=wide)
    places.reshape(-1)[index.reshape(-1)] = np.tile(np.arange(n, dtype=np.int8), rows)
    orders = places[:, 1:]
    ranked = np.count_nonzero(ranks, axis=1)
    # A tie writes two candidates to one place and a gap leaves a place empty: either way
    # the filled places are not exactly the first `ranked` ones.
    if not ((orders >= 0) == (np.arange(n) < ranked[:, None])).all():
        return None
    return np.ascontiguousarray(orders)
