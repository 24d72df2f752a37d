"""A vectorised scanner for lines of numbers and punctuation (PrefLib, BLT and CSV bodies).

Ballot files are mostly digits, a few punctuation marks and newlines. Instead of
splitting a million lines in Python, the scanner looks at the whole byte buffer with
NumPy: it classifies every byte, finds the runs of digits and turns them into numbers
with one ``reduceat``, and produces a *symbol stream* (number, punctuation, newline) in
file order. Each reader then checks its grammar on that stream with array comparisons
between neighbouring symbols, and turns any failure back into a line number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from councils.counting.ballots import find_row_problem
from councils.counting.errors import CountError, file_error

NUM = ord("0")  # the code of a number symbol
NL = ord("\n")
MAX_DIGITS = 15  # every 15-digit number is exact in int64 and float64

_NAMES = {NUM: "a number", NL: "end of line"}


def describe(code: int) -> str:
    """How a symbol is named in an error message."""
    return _NAMES.get(code, repr(chr(code)))


@dataclass(frozen=True)
class Scan:
    """The symbol stream of a block of text.

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
    ends = digit.copy()
    ends[:-1] &= ~digit[1:]
    lengths = np.flatnonzero(ends) - start_at + 1
    if lengths.size and int(lengths.max()) > MAX_DIGITS:
        at = int(start_at[int(np.argmax(lengths > MAX_DIGITS))])
        line = first_line + int(np.searchsorted(newlines, at, side="left"))
        raise file_error(path, line, f"number longer than {MAX_DIGITS} digits")
    numbers = _numbers(raw, start_at, lengths)
    offsets = np.flatnonzero(starts | punct)
    codes = raw[offsets]
    codes[starts[offsets]] = NUM
    return Scan(path, codes, numbers, offsets, newlines, first_line)


def _numbers(raw: NDArray[np.uint8], start_at: NDArray[np.intp], lengths: NDArray[np.intp]) -> NDArray[np.int64]:
    """Values of the digit runs starting at ``start_at`` with ``lengths`` digits.

    One pass per digit place (numbers in ballot files are short), each over all numbers
    at once: ``value = value * 10 + digit`` while the number still has digits. While
    most numbers are still that long, every number is updated (a masked choice);
    after that only the longer ones are picked out.
    """
    values = raw[start_at].astype(np.int64) - 48
    last = len(raw) - 1
    for place in range(1, int(lengths.max()) if lengths.size else 0):
        longer = lengths > place
        if 4 * int(np.count_nonzero(longer)) > len(longer):
            digit = raw[np.minimum(start_at + place, last)].astype(np.int64) - 48
            values = np.where(longer, values * 10 + digit, values)
        else:
            picked = np.flatnonzero(longer)
            values[picked] = values[picked] * 10 + (raw[start_at[picked] + place].astype(np.int64) - 48)
    return values


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
