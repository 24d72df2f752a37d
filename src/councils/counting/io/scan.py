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
    end); ``values[i]`` is the number's value (0 for punctuation); ``offsets[i]`` is the
    symbol's byte offset, which ``line_of`` turns into a 1-based line number.
    """

    path: object
    codes: NDArray[np.int64]
    values: NDArray[np.int64]
    offsets: NDArray[np.int64]
    newlines: NDArray[np.int64]
    first_line: int

    def line_of(self, symbol: int) -> int:
        """Line number (1-based, in the whole file) of symbol ``symbol``."""
        offset = int(self.offsets[symbol])
        return self.first_line + int(np.searchsorted(self.newlines, offset, side="left"))

    def error(self, symbol: int, what: str) -> CountError:
        """A CountError for the line holding ``symbol``."""
        return file_error(self.path, self.line_of(symbol), what)


def scan(data: bytes, *, path: object, first_line: int, punctuation: str) -> Scan:
    """Scan ``data`` into symbols; refuse any byte that is not allowed.

    Allowed: digits, the given punctuation, spaces, tabs, carriage returns and
    newlines. A final newline is added if missing, so every line ends with ``NL``.
    """
    if not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, np.uint8)
    digit = (raw >= 48) & (raw <= 57)
    space = (raw == 32) | (raw == 9) | (raw == 13)
    punct = np.isin(raw, np.frombuffer(punctuation.encode("ascii") + b"\n", np.uint8))
    bad = ~(digit | space | punct)
    newlines = np.flatnonzero(raw == NL).astype(np.int64)
    if bad.any():
        at = int(np.argmax(bad))
        line = first_line + int(np.searchsorted(newlines, at, side="left"))
        char = data[at : at + 4].decode("utf-8", "replace")[:1]
        raise file_error(path, line, f"unexpected character {char!r}")
    previous_digit = np.concatenate(([False], digit[:-1]))
    next_digit = np.concatenate((digit[1:], [False]))
    starts = digit & ~previous_digit
    ends = digit & ~next_digit
    start_at = np.flatnonzero(starts)
    end_at = np.flatnonzero(ends)
    lengths = end_at - start_at + 1
    if lengths.size and int(lengths.max()) > MAX_DIGITS:
        at = int(start_at[int(np.argmax(lengths > MAX_DIGITS))])
        line = first_line + int(np.searchsorted(newlines, at, side="left"))
        raise file_error(path, line, f"number longer than {MAX_DIGITS} digits")
    numbers = _numbers(raw, digit, starts, end_at)
    symbol = starts | punct
    offsets = np.flatnonzero(symbol).astype(np.int64)
    codes = raw[offsets].astype(np.int64)
    is_num = digit[offsets]
    codes[is_num] = NUM
    values = np.zeros(len(offsets), np.int64)
    values[is_num] = numbers
    return Scan(path, codes, values, offsets, newlines, first_line)


def _numbers(
    raw: NDArray[np.uint8],
    digit: NDArray[np.bool_],
    starts: NDArray[np.bool_],
    end_at: NDArray[np.intp],
) -> NDArray[np.int64]:
    """Values of the digit runs (``starts`` marks first digits, ``end_at`` lists last ones).

    Each digit contributes ``digit x 10**(places before the run's end)``; one
    ``reduceat`` sums the contributions of each run.
    """
    if not end_at.size:
        return np.zeros(0, np.int64)
    at = np.flatnonzero(digit)
    is_start = starts[at]
    run = np.cumsum(is_start) - 1
    place = end_at[run] - at
    powers = 10 ** np.arange(MAX_DIGITS, dtype=np.int64)
    contribution = (raw[at].astype(np.int64) - 48) * powers[place]
    return np.add.reduceat(contribution, np.flatnonzero(is_start)).astype(np.int64)
