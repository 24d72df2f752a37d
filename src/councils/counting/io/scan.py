"""A vectorised scanner for lines of numbers and punctuation (PrefLib, BLT and CSV bodies).

Ballot files are mostly digits, a few punctuation marks and newlines. Instead of
splitting a million lines in Python, the scanner looks at the whole byte buffer with
NumPy: it classifies every byte, finds the runs of digits and turns them into numbers
with one ``reduceat``, and produces a *symbol stream* (number, punctuation, newline) in
file order. Each reader then checks its grammar on that stream with array comparisons
between neighbouring symbols, and turns any failure back into a line number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from councils.counting.ballots import find_row_problem
from councils.counting.errors import CountError, file_error

if TYPE_CHECKING:
    from numpy.typing import NDArray

NUM = ord("0")  # the code of a number symbol
NL = ord("\n")
MAX_DIGITS = 15  # every 15-digit number is exact in int64 and float64

_NAMES = {NUM: "a number", NL: "end of line"}


def describe(code: int) -> str:
    """How a symbol is named in an error message."""
    return _NAMES.get(code, repr(chr(code)))


class Scan(NamedTuple):
    """The symbol stream of a block of text (a NamedTuple: see ``counting.result``).

    ``codes[i]`` is ``NUM`` for a number, else the punctuation byte (``NL`` for a line
    end); ``numbers`` holds the values of the numbers, in order; ``offsets[i]`` is the
    symbol's byte offset, which ``line_of`` turns into a 1-based line number.
    """

    path: object
    codes: NDArray[np.uint8]
    numbers: NDArray[np.int64]
    offsets: NDArray[np.intp]
    newlines: NDArray[np.intp]
    first_line: int

    def line_of(self, symbol: int) -> int:
        """Line number (1-based, in the whole file) of symbol ``symbol``."""
        offset = int(self.offsets[symbol])
        return self.first_line + int(np.searchsorted(self.newlines, offset, side="left"))

    def error(self, symbol: int, what: str) -> CountError:
        """A CountError for the line holding ``symbol``."""
        return file_error(self.path, self.line_of(symbol), what)


def shifted(codes: NDArray[np.uint8], by: int) -> NDArray[np.uint8]:
    """``codes`` moved ``by`` places later (positive) or earlier (negative), padded with
    ``NL``: the symbol before (or after) each symbol, as if lines surrounded the stream."""
    out = np.full_like(codes, NL)
    if by > 0:
        out[by:] = codes[:-by]
    else:
        out[:by] = codes[-by:]
    return out


def scan(data: bytes, *, path: object, first_line: int, punctuation: str) -> Scan:
    """Scan ``data`` into symbols; refuse any byte that is not allowed.

    Allowed: digits, the given punctuation, spaces, tabs, carriage returns and
    newlines. A final newline is added if missing, so every line ends with ``NL``.
    """
    if not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, np.uint8)
    digit = np.subtract(raw, 48, dtype=np.uint8) < 10
    punct = raw == NL
    for mark in punctuation.encode("ascii"):
        punct |= raw == mark
    allowed = digit | punct | (raw == 32) | (raw == 9) | (raw == 13)
    newlines = np.flatnonzero(raw == NL)
    if not allowed.all():
        at = int(np.argmin(allowed))
        line = first_line + int(np.searchsorted(newlines, at, side="left"))
        char = data[at : at + 4].decode("utf-8", "replace")[:1]
        raise file_error(path, line, f"unexpected character {char!r}")
    starts = digit.copy()
    starts[1:] &= ~digit[:-1]
    start_at = np.flatnonzero(starts)
    numbers, too_long = _numbers(raw, start_at)
    if too_long is not None:
        line = first_line + int(np.searchsorted(newlines, too_long, side="left"))
        raise file_error(path, line, f"number longer than {MAX_DIGITS} digits")
    offsets = np.flatnonzero(starts | punct)
    codes = raw[offsets]
    codes[np.subtract(codes, 48, dtype=np.uint8) < 10] = NUM  # a symbol that is a digit starts a number
    return Scan(path, codes, numbers, offsets, newlines, first_line)


def _numbers(raw: NDArray[np.uint8], start_at: NDArray[np.intp]) -> tuple[NDArray[np.int64], int | None]:
    """Values of the digit runs starting at ``start_at``, and the offset of the first run
    longer than ``MAX_DIGITS`` (None if there is none).

    One pass per digit place (numbers in ballot files are short), over the numbers that
    still have digits: ``value = value * 10 + digit``. ``raw`` ends in a newline, so a run
    always ends inside it.
    """
    values = raw[start_at].astype(np.int64) - 48
    going: NDArray[np.intp] | None = None  # which numbers still have digits (None: all)
    at = start_at + 1
    for place in range(1, MAX_DIGITS + 1):
        digits = np.subtract(raw[at], 48, dtype=np.uint8)
        more = digits < 10
        if not more.any():
            return values, None
        going = np.flatnonzero(more) if going is None else going[more]
        if place == MAX_DIGITS:
            return values, int(start_at[going[0]])
        values[going] = values[going] * 10 + digits[more]
        at = at[more] + 1
    return values, None  # pragma: no cover - the loop always returns


def repeated_error(
    found: Scan, rankings: NDArray[np.int32], n: int, line_starts: NDArray[np.intp]
) -> CountError:
    """The error for the first line that ranks a candidate twice.

    Readers let the Ballots constructor validate (once); only when it fails is the
    offending row looked up again, to name its line.
    """
    problem = find_row_problem(rankings, n, None)
    assert problem is not None and problem.candidate is not None
    return found.error(int(line_starts[problem.row]), f"candidate {problem.candidate + 1} appears twice")
