"""The fast path of the PrefLib reader: plain ``.soi``/``.soc`` bodies, read by NumPy.

Most PrefLib files of strict orders are *plain*: every line ``COUNT: c1,c2,...,ck`` (one
space after the colon, or none on every line), digits, commas, colons, those spaces and
``\\n`` only, candidate numbers of one or two digits, no braces and no blank line. Such a
body needs no symbol stream (``scan``) and no grammar check between neighbouring
symbols: the newlines and colons are found once, each line's count is read from the
digits before its colon, and each candidate from the one or two bytes before the comma
or newline that closes it, as ``csv_plain`` reads a grid of cells. A line that ranks a
candidate twice is found with a bit per candidate (up to 64 candidates).

Anything else (braces, blank lines, a CR, a number out of range, a repeat, a count of 0,
an order too short for ``.soc``) returns None, and ``preflib.read_preflib`` reads the
body the general way, which names the line and what is wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

COMMA, COLON, SPACE, NL, ZERO = ord(","), ord(":"), ord(" "), ord("\n"), ord("0")
MAX_CANDIDATES = 64  # a bit each in one 64-bit word: repeats found by counting bits
MAX_COUNT_DIGITS = 15  # as ``scan.MAX_DIGITS``: exact in int64


def read_plain_soi(
    body: bytes, n: int, complete: bool
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int8]] | None:
    """Counts, rankings (0-based, padded with -1) and their int8 copy of a plain body, or
    None. ``complete``: every order must rank all ``n`` candidates (``.soc``)."""
    if not body or not 1 <= n <= MAX_CANDIDATES:
        return None
    if not body.endswith(b"\n"):
        body += b"\n"
    raw = np.frombuffer(b"\n\n\n" + body, np.uint8)  # newlines before the first line: no index below 0
    code = raw - np.uint8(ZERO)  # digits 0..9; anything else wraps above 9
    is_nl, is_comma = raw == NL, raw == COMMA
    ends = np.flatnonzero(is_nl)[3:]  # each line's newline (the three added ones aside)
    colons = np.flatnonzero(raw == COLON)
    lines = len(ends)
    if lines == 0 or len(colons) != lines:
        return None
    at = np.flatnonzero((is_comma | is_nl)[3:])  # each cell's closing separator, as an index into raw[3:]
    spaces = np.count_nonzero(raw == SPACE)
    if np.count_nonzero(code <= 9) + len(at) + 3 + lines + spaces != len(raw):
        return None  # a byte that is none of these (a brace, a CR, a tab, '#'...)
    if spaces and (spaces != lines or not (raw.take(colons + 1) == SPACE).all()):
        return None  # a space anywhere but after every colon
    starts = np.empty_like(ends)
    starts[0] = 3
    starts[1:] = ends[:-1] + 1
    if not ((colons > starts) & (colons < ends)).all():
        return None  # a line without its one colon after a count (a blank line too)
    counts = _counts(code, starts, colons - starts)
    if counts is None:
        return None
    # The cell closed by each separator: one digit, or two; never empty or longer.
    # Shifted by slicing, not by arithmetic on the positions: each fresh array of positions
    # costs a page fault every 512 cells in a one-shot process.
    last, tens, beyond = code[2:].take(at), code[1:].take(at), code.take(at)
    two = tens <= 9
    if not (last <= 9).all() or (two & (beyond <= 9)).any():
        return None
    values = last.astype(np.int16)
    values += tens * np.uint8(10) * two  # a product: several times faster than ``np.where`` on bytes
    if int(values.min()) < 1 or int(values.max()) > n:
        return None
    # Each line's newline closes its last cell (the counts, all digits, hold no comma).
    closing = np.flatnonzero(is_nl[3:].take(at))
    per_row = np.diff(closing, prepend=-1)  # candidates in each line
    width = int(per_row.max())
    if complete and (per_row != n).any():
        return None
    first = closing - per_row + 1  # index in ``at`` of each line's first cell
    bit_type = np.dtype(np.uint16 if n <= 16 else np.uint32 if n <= 32 else np.uint64)  # a bit per candidate
    bits = np.left_shift(np.ones(1, bit_type), (values - 1).astype(bit_type))
    even = bool((per_row == width).all())  # every line ranks as many: the cells are the matrix
    seen = np.bitwise_or.reduce(bits.reshape(lines, width), axis=1) if even else np.bitwise_or.reduceat(bits, first)
    if (np.bitwise_count(seen) != per_row).any():
        return None  # a candidate twice in a line
    if even:
        narrow = (values - 1).astype(np.int8).reshape(lines, width)
    else:
        # a line's cells fill its row from the left: a mask in row order, no positions
        narrow = np.full((lines, width), -1, np.int8)
        narrow[np.arange(width) < per_row[:, None]] = values - 1
    return counts, narrow.astype(np.int32), narrow


def _counts(code: NDArray[np.uint8], starts: NDArray[np.intp], digits: NDArray[np.intp]) -> NDArray[np.int64] | None:
    """Each line's count, from the ``digits`` bytes at ``starts``; None unless every one
    is 1 to 15 digits and at least 1."""
    if int(digits.max()) > MAX_COUNT_DIGITS:
        return None
    values = np.zeros(len(starts), np.int64)
    for place in range(int(digits.max())):
        live = place < digits
        digit = code[place:].take(starts, mode="clip")  # shifted by slicing; beyond a short count: not read
        if not (digit[live] <= 9).all():
            return None
        np.copyto(values, values * 10 + digit, where=live)  # in place: fewer fresh arrays
    if not (values >= 1).all():
        return None
    return values
