"""The ``.blt`` format of STV counting programs (OpenSTV, Droop, ERS).

::

    4 2                 candidates, seats
    -3                  optional: withdrawn candidates, as negative numbers
    12 1 2 3 0          weight, preferences (candidates from 1), 0
    5 2=4 1 0           "=" ranks candidates equal (kept as a tie; ranked counts refuse it)
    1 0                 a blank ballot
    0                   end of ballots
    "Alice"             one quoted name per candidate, in number order
    "Bob"
    "Carol"
    "Dave"
    "Club election"     the title

Withdrawn candidates are removed on reading and the preferences after them move up,
as the counting programs do. The seats become ``Ballots.seats``, the default of
``councils count``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from councils.counting.ballots import Ballots, find_row_problem
from councils.counting.errors import CountError, file_error
from councils.counting.io.scan import NL, NUM, Scan, repeated_error, scan, shifted

if TYPE_CHECKING:
    from councils.counting.errors import FilePath

EQUAL = ord("=")
_FIRST = re.compile(rb"^\s*(\d+)\s+(\d+)\s*$")
_WITHDRAWN = re.compile(rb"^\s*(-\d+\s*)+$")
_END = re.compile(rb"^[ \t]*0[ \t]*\r?$", re.MULTILINE)
_QUOTED = re.compile(r'^\s*"([^"]*)"\s*$')


def _lines_from(data: bytes, pos: int, line: int) -> tuple[bytes, int, int]:
    """The line starting at ``pos``: its text, the next line's offset and number."""
    end = data.find(b"\n", pos)
    end = len(data) if end < 0 else end
    return data[pos:end], end + 1, line + 1


def read_blt(path: FilePath, data: bytes) -> Ballots:
    """Read a ``.blt`` file; CountError names the file, line and problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    pos, line = 0, 1
    text, nxt, nline = _lines_from(data, pos, line)
    while not text.strip() and nxt < len(data):
        pos, line = nxt, nline
        text, nxt, nline = _lines_from(data, pos, line)
    first = _FIRST.match(text)
    if first is None:
        raise file_error(path, line, "the first line must read 'CANDIDATES SEATS' (two numbers)")
    n, seats = int(first.group(1)), int(first.group(2))
    if n < 1 or seats < 1 or seats > n:
        raise file_error(path, line, f"{n} candidates and {seats} seats: need 1 <= seats <= candidates")
    pos, line = nxt, nline
    withdrawn: list[int] = []
    text, nxt, nline = _lines_from(data, pos, line)
    if _WITHDRAWN.match(text):
        withdrawn = [-int(v) for v in text.split()]
        bad = [c for c in withdrawn if not 1 <= c <= n]
        if bad:
            raise file_error(path, line, f"withdrawn candidate {bad[0]} is not between 1 and {n}")
        pos, line = nxt, nline
    end = _END.search(data, pos)
    if end is None:
        last = data.count(b"\n") + 1
        raise file_error(path, last, "the ballots never end: a line '0' must follow the last ballot")
    found = scan(data[pos : end.start()], path=path, first_line=line, punctuation="=")
    weights, rankings, tied, line_starts = _parse_ballots(found, n)
    end_line = line + data.count(b"\n", pos, end.start())
    try:
        names, title = _names(path, data[end.end() :].decode("utf-8", "replace"), end_line, n)
    except CountError:
        if find_row_problem(rankings, n, None) is not None:  # an earlier line is wrong too
            raise repeated_error(found, rankings, n, line_starts) from None
        raise
    try:
        ballots = Ballots(tuple(names), rankings, weights, tied, title=title, seats=seats)
    except CountError:  # only a candidate repeated in a ballot is left: find its line
        raise repeated_error(found, rankings, n, line_starts) from None
    gone = [names[c - 1] for c in withdrawn]
    if len(names) - len(gone) < seats:
        raise file_error(path, 2, f"after withdrawals fewer candidates than the {seats} seats remain")
    return ballots.withdraw(gone)


def _parse_ballots(
    found: Scan, n: int
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.bool_] | None, NDArray[np.intp]]:
    """Check 'WEIGHT c1 c2 ... 0' lines and build weights, rankings and ties."""
    s = found.codes
    prev = shifted(s, 1)
    nxt = shifted(s, -1)
    is_num = s == NUM
    start = is_num & (prev == NL)
    last = is_num & ~start & (nxt == NL)
    joins = (prev == NUM) & ~shifted_mask(start, 1) & (nxt == NUM) & ~shifted_mask(last, -1)
    failing = [
        (int(np.argmax(mask)), message)
        for mask, message in (
            (start & (nxt == NL), "a ballot line reads 'WEIGHT c1 c2 ... 0'"),
            ((s == EQUAL) & ~joins, "'=' must join two candidates"),
        )
        if mask.any()
    ]
    # The same checks on the numbers alone (weight, candidates, final 0 of each line).
    is_weight, is_end, numbers = start[is_num], last[is_num], found.numbers
    middle = ~is_weight & ~is_end
    for mask, message in (
        (is_weight & (numbers < 1), "the weight must be at least 1"),
        (is_end & (numbers != 0), "a ballot line must end with 0"),
        (middle & (numbers == 0), "0 ends a ballot: nothing may follow it"),
    ):
        if mask.any():
            failing.append((int(np.flatnonzero(is_num)[np.argmax(mask)]), message))
    if failing:
        at, message = min(failing, key=lambda f: f[0])
        raise found.error(at, message)
    cands = numbers[middle]
    out_of_range = (cands < 1) | (cands > n)
    if out_of_range.any():
        bad = int(np.argmax(out_of_range))
        symbol = int(np.flatnonzero(is_num & ~start & ~last)[bad])
        raise found.error(symbol, f"candidate {int(cands[bad])} is not between 1 and {n}")
    weights = numbers[is_weight]
    # Before the j-th candidate of row r come r + 1 weights and r final zeros.
    first = np.flatnonzero(is_weight)
    row = (np.cumsum(is_weight) - 1)[middle]
    col = np.arange(len(cands)) + 2 * row - first[row]
    per_row = np.diff(first, append=len(numbers)) - 2
    width = int(per_row.max()) if len(per_row) else 0
    rankings = np.full((len(weights), width), -1, np.int32)
    rankings.reshape(-1)[row * width + col] = cands - 1
    flags = prev[is_num][middle] == EQUAL
    tied: NDArray[np.bool_] | None = None
    if flags.any():
        tied = np.zeros(rankings.shape, np.bool_)
        tied.reshape(-1)[row * width + col] = flags
    return weights.astype(np.int64), rankings, tied, np.flatnonzero(start)


def shifted_mask(mask: NDArray[np.bool_], by: int) -> NDArray[np.bool_]:
    """``mask`` moved ``by`` places later (positive) or earlier (negative), padded False."""
    out = np.zeros_like(mask)
    if by > 0:
        out[by:] = mask[:-by]
    else:
        out[:by] = mask[-by:]
    return out


def _names(path: FilePath, text: str, end_line: int, n: int) -> tuple[list[str], str]:
    """The quoted candidate names after the '0' line (``end_line``), then the quoted title.

    ``text`` starts right after the '0', so its first piece is the rest of that line.
    """
    quoted: list[tuple[str, int]] = []
    for offset, raw in enumerate(text.split("\n")):
        if not raw.strip():
            continue
        line = end_line + offset
        match = _QUOTED.match(raw)
        if match is None:
            raise file_error(path, line, 'expected a name in double quotes, like "Alice"')
        if len(quoted) == n + 1:
            raise file_error(path, line, "unexpected text after the title")
        quoted.append((match.group(1), line))
    if len(quoted) < n:
        raise file_error(path, end_line + 1, f"expected {n} candidate names in quotes, found {len(quoted)}")
    names: list[str] = []
    for i, (raw_name, line) in enumerate(quoted[:n]):
        name = raw_name.strip()
        if not name:
            raise file_error(path, line, f"candidate {i + 1} has an empty name")
        if name in names:
            raise file_error(path, line, f"name {name!r} is given twice")
        names.append(name)
    return names, (quoted[n][0] if len(quoted) > n else "")


def write_blt(ballots: Ballots) -> bytes:
    """``.blt`` text for ``ballots`` (seats from ``ballots.seats``, else 1)."""
    for name in (*ballots.candidates, ballots.title):
        if '"' in name or "\n" in name:
            raise CountError(f"a .blt file cannot hold the name {name!r} (it has a quote or newline)")
    lines = [f"{len(ballots.candidates)} {ballots.seats or 1}"]
    tied = ballots.tied
    for r, (row, weight) in enumerate(zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True)):
        if weight == 0:
            continue
        parts: list[str] = []
        for j, c in enumerate(row):
            if c < 0:
                break
            if tied is not None and tied[r, j]:
                parts[-1] += f"={c + 1}"
            else:
                parts.append(str(c + 1))
        lines.append(" ".join([str(weight), *parts, "0"]))
    lines.append("0")
    lines += [f'"{name}"' for name in ballots.candidates]
    lines.append(f'"{ballots.title}"')
    return ("\n".join(lines) + "\n").encode("utf-8")
