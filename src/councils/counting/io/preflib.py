"""PrefLib ordinal files: ``.soi``, ``.toi``, ``.soc`` and ``.toc``.

Format (PrefLib data format specification): a header of ``# KEY: value`` lines (at
least ``NUMBER ALTERNATIVES`` and one ``ALTERNATIVE NAME i`` per candidate), then one
line per distinct order: ``count: c1,c2,{c3,c4},c5`` with candidates numbered from 1,
most preferred first, and ``{...}`` grouping candidates ranked equal (``.toi``/``.toc``
only). ``.soc``/``.toc`` orders rank every candidate.

Ties: a final tied group that holds every candidate not ranked before it is how
PrefLib turns an incomplete order into a complete one ("imbued" files: "unranked
alternatives at the bottom"); it expresses no preference and is dropped on reading, so
a ``.toc`` reads like the ``.soi`` it came from. Any other tie is kept
(``Ballots.tied``): approval counts it, ranked methods refuse it with a message.

Reading: a large body by the compiled parser when that pays (``compiled``), else a plain
``.soi``/``.soc`` body by ``soi_plain`` (a few NumPy passes), else the general scanner
here, which accepts everything the format allows and names the line of any error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from councils.counting import compiled
from councils.counting.ballots import Ballots
from councils.counting.errors import CountError, file_error
from councils.counting.io import KINDS
from councils.counting.io.scan import NL, NUM, Scan, describe, repeated_error, scan, shifted
from councils.counting.io.soi_plain import read_plain_soi

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from councils.counting.errors import FilePath

COLON, COMMA, OPEN, CLOSE = ord(":"), ord(","), ord("{"), ord("}")

_META = re.compile(r"^#\s*([^:]*?)\s*:\s?(.*?)\s*$")
_NAME = re.compile(r"^ALTERNATIVE NAME\s+(\d+)$")

# Which symbol may follow which (previous, next) in the preference section.
_ALLOWED = np.zeros((256, 256), np.bool_)
for _a, _b in [
    (NL, NUM), (NL, NL), (NUM, COLON), (NUM, COMMA), (NUM, CLOSE), (NUM, NL),
    (COLON, NUM), (COLON, OPEN), (COMMA, NUM), (COMMA, OPEN), (OPEN, NUM),
    (CLOSE, COMMA), (CLOSE, NL),
]:  # fmt: skip
    _ALLOWED[_a, _b] = True
_ALLOWED_PAIRS = _ALLOWED.reshape(-1)  # indexed by (previous << 8) | next


def read_preflib(path: FilePath, data: bytes, kind: str) -> Ballots:
    """Read a PrefLib ordinal file; CountError names the file, line and problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    header, body_at, header_lines = _split_header(data)
    meta, names, title = _parse_header(path, header, kind)
    n = len(names)
    fast = _read_compiled(data, body_at, n, kind)
    if fast is None and kind in ("soi", "soc"):
        fast = read_plain_soi(data[body_at:], n, complete=kind == "soc")
    if fast is not None:
        _check_totals(path, meta, fast[0])
        return Ballots._checked(tuple(names), fast[1], fast[0], title, narrow=fast[2])
    found = scan(data[body_at:], path=path, first_line=header_lines + 1, punctuation=":,{}")
    counts, rankings, tied, line_starts = _parse_body(found, n, kind)
    lengths = (rankings >= 0).sum(axis=1)
    if kind in ("soc", "toc") and (lengths != n).any():
        row = int(np.argmax(lengths != n))
        raise found.error(
            int(line_starts[row]),
            f"ranks {int(lengths[row])} of {n} candidates; a .{kind} order must rank all of them",
        )
    _check_totals(path, meta, counts)
    if tied is not None:
        rankings, tied = _drop_bottom_ties(rankings, tied, lengths, n)
    try:
        return Ballots(tuple(names), rankings, counts, tied, title=title)
    except CountError:  # only a candidate repeated in a line is left: find its line
        raise repeated_error(found, rankings, n, line_starts) from None



def _read_compiled(
    data: bytes, body_at: int, n: int, kind: str
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int8] | None] | None:
    """Counts and rankings of a large body without ties, parsed by one compiled loop.

    None when the body is small, holds a brace (ties: the NumPy reader handles them) or
    anything the compiled parser does not accept: the NumPy reader then reads the file
    again and names the line that is wrong. Up to 64 candidates, the rankings come in
    int8 too (``Ballots.narrow``).
    """
    if not compiled.parse_compiled(len(data) - body_at) or data.find(b"{", body_at) >= 0:
        return None
    kernels = compiled.kernels()
    if kernels is None:
        return None
    if not data.endswith(b"\n"):
        data += b"\n"
    body = np.frombuffer(data, np.uint8)[body_at:]
    lines = int(np.count_nonzero(body == NL))
    narrow = np.empty((lines, n) if n <= 64 else (0, 0), np.int8)
    status, counts, rankings, rows, widest = kernels.parse_soi(body, n, lines, narrow)
    if status != 0 or (kind in ("soc", "toc") and widest < n):
        return None
    rankings = rankings[:rows, :widest]
    if kind in ("soc", "toc") and rows and ((rankings >= 0).sum(axis=1) != n).any():
        return None
    small = np.ascontiguousarray(narrow[:rows, :widest]) if n <= 64 else None
    return counts[:rows], np.ascontiguousarray(rankings), small


def _split_header(data: bytes) -> tuple[list[tuple[int, bytes]], int, int]:
    """Split off the leading ``#`` lines: (line number, text) pairs, body offset, count."""
    lines: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data) and data[pos : pos + 1] == b"#":
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end + 1
        lines.append((len(lines) + 1, data[pos:end].rstrip(b"\r\n")))
        pos = end
    return lines, pos, len(lines)


def _parse_header(
    path: FilePath, header: list[tuple[int, bytes]], kind: str
) -> tuple[dict[str, tuple[str, int]], list[str], str]:
    """Read the metadata: (key -> (value, line)), candidate names in order, title."""
    meta: dict[str, tuple[str, int]] = {}
    named: dict[int, tuple[str, int]] = {}
    for line, raw in header:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise file_error(path, line, "header is not valid UTF-8 text") from None
        match = _META.match(text)
        if match is None:
            continue  # a comment line, not metadata
        key, value = match.group(1).upper(), match.group(2)
        name = _NAME.match(key)
        if name:
            number = int(name.group(1))
            if number in named:
                raise file_error(path, line, f"ALTERNATIVE NAME {number} is given twice")
            named[number] = (value, line)
        else:
            meta[key] = (value, line)
    if "NUMBER ALTERNATIVES" not in meta:
        raise file_error(path, 1, "the header has no '# NUMBER ALTERNATIVES: n' line")
    value, line = meta["NUMBER ALTERNATIVES"]
    if not value.isdigit() or int(value) < 1:
        raise file_error(path, line, f"NUMBER ALTERNATIVES must be a positive number, got {value!r}")
    n = int(value)
    if "DATA TYPE" in meta:
        declared, line = meta["DATA TYPE"]
        declared = declared.strip().lower()
        if declared not in KINDS:
            raise file_error(path, line, f"DATA TYPE {declared!r} is not a ranking (soi, toi, soc, toc)")
        if declared != kind:
            raise file_error(path, line, f"DATA TYPE says {declared} but the file is read as .{kind}")
    names: list[str] = []
    for number in range(1, n + 1):
        if number not in named:
            raise file_error(path, 1, f"the header has no '# ALTERNATIVE NAME {number}: ...' line")
        names.append(named[number][0].strip())
    extra = sorted(set(named) - set(range(1, n + 1)))
    if extra:
        raise file_error(path, named[extra[0]][1], f"ALTERNATIVE NAME {extra[0]} but NUMBER ALTERNATIVES is {n}")
    seen: dict[str, int] = {}
    for number, alternative in enumerate(names, start=1):
        line = named[number][1]
        if not alternative:
            raise file_error(path, line, f"ALTERNATIVE NAME {number} is empty")
        if alternative in seen:
            raise file_error(path, line, f"name {alternative!r} is also ALTERNATIVE NAME {seen[alternative]}")
        seen[alternative] = number
    title = meta.get("TITLE", ("", 0))[0]
    return meta, names, title


def _parse_body(
    found: Scan, n: int, kind: str
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.bool_] | None, NDArray[np.intp]]:
    """Check the grammar of the preference lines and build the arrays.

    Returns counts, rankings (0-based), tied flags (None if no ties) and, per row, the
    index of its count symbol (for error messages).
    """
    s = found.codes
    prev = shifted(s, 1)
    is_num = s == NUM
    after_num = prev == NUM
    line_start = is_num & (prev == NL)
    opening, closing = s == OPEN, s == CLOSE
    braces = bool(opening.any() or closing.any())
    checks: list[tuple[NDArray[np.bool_], str]] = [
        (line_start & (shifted(s, -1) != COLON), "a preference line must start with 'COUNT:'"),
        ((s == COLON) & ~(after_num & (shifted(s, 2) == NL)), "':' may only follow the count at the start of the line"),
    ]  # fmt: skip
    before = np.zeros(0, np.int64)
    if braces:
        if kind in ("soi", "soc"):
            refused = f"ties '{{...}}' are not allowed in a .{kind} file (use .toi or .toc)"
            checks.insert(0, (opening | closing, refused))
        depth = np.cumsum(opening.astype(np.int64) - closing.astype(np.int64))
        before = depth - opening + closing
        checks += [
            (~_ALLOWED_PAIRS[(prev.astype(np.uint16) << 8) | s], ""),
            (opening & (before != 0), "'{' inside '{...}': tied groups cannot nest"),
            (closing & (before != 1), "'}' without a matching '{'"),
            ((s == NL) & (depth != 0), "'{' is not closed on this line"),
        ]
    else:
        # Without braces a line alternates number, mark, number, ... (blank lines aside).
        blank = (s == NL) & (prev == NL)
        checks.append(((is_num & after_num) | (~is_num & ~after_num & ~blank), ""))
    _first_failure(found, checks, prev)
    is_count = line_start[is_num]  # per number: is it a line's count?
    counts = found.numbers[is_count]
    if (counts < 1).any():
        raise found.error(int(np.flatnonzero(line_start)[np.argmax(counts < 1)]), "the count must be at least 1")
    values = found.numbers[~is_count]
    out_of_range = (values < 1) | (values > n)
    if out_of_range.any():
        bad = int(np.argmax(out_of_range))
        symbol = int(np.flatnonzero(is_num & ~line_start)[bad])
        raise found.error(symbol, f"candidate {int(values[bad])} is not between 1 and {n}")
    # The j-th candidate number belongs to row r and sits after the r + 1 counts so far.
    first = np.flatnonzero(is_count)  # position of each row's count among all numbers
    row = (np.cumsum(is_count) - 1)[~is_count]
    col = np.arange(len(values)) + row - first[row]
    per_row = np.diff(first, append=len(is_count)) - 1
    width = int(per_row.max()) if len(per_row) else 0
    rankings = np.full((len(counts), width), -1, np.int32)
    rankings.reshape(-1)[row * width + col] = values - 1
    tied: NDArray[np.bool_] | None = None
    if braces:
        tied_flags = ((prev == COMMA) & (before == 1))[is_num & ~line_start]
        if tied_flags.any():
            tied = np.zeros(rankings.shape, np.bool_)
            tied.reshape(-1)[row * width + col] = tied_flags
    return counts.astype(np.int64), rankings, tied, np.flatnonzero(line_start)


def _first_failure(found: Scan, checks: list[tuple[NDArray[np.bool_], str]], prev: NDArray[np.uint8]) -> None:
    """Raise for the earliest symbol failing any check (the first check wins on a draw)."""
    best: tuple[int, int] | None = None
    for order, (mask, _) in enumerate(checks):
        if mask.any():
            at = int(np.argmax(mask))
            if best is None or at < best[0]:
                best = (at, order)
    if best is None:
        return
    at, order = best
    message = checks[order][1] or (f"unexpected {describe(int(found.codes[at]))} after {describe(int(prev[at]))}")
    raise found.error(at, message)


def _check_totals(path: FilePath, meta: dict[str, tuple[str, int]], counts: NDArray[np.int64]) -> None:
    """The header's NUMBER VOTERS and NUMBER UNIQUE ORDERS, if given, must match the data."""
    for key, actual in (("NUMBER VOTERS", int(counts.sum())), ("NUMBER UNIQUE ORDERS", len(counts))):
        if key in meta:
            value, line = meta[key]
            if not value.strip().isdigit():
                raise file_error(path, line, f"{key} must be a number, got {value!r}")
            if int(value) != actual:
                raise file_error(path, line, f"{key} is {int(value)} but the file has {actual}")


def _drop_bottom_ties(
    rankings: NDArray[np.int32], tied: NDArray[np.bool_], lengths: NDArray[np.int64], n: int
) -> tuple[NDArray[np.int32], NDArray[np.bool_] | None]:
    """Drop a last tied group that completes the order (PrefLib's "unranked at the bottom")."""
    if rankings.shape[1] < n:
        return rankings, tied
    complete = (lengths == n) & tied[:, n - 1]
    if not complete.any():
        return rankings, tied
    # The last group starts after the last untied position.
    untied = ~tied[:, :n]
    start = n - 1 - np.argmax(untied[:, ::-1], axis=1)
    drop = complete[:, None] & (np.arange(rankings.shape[1])[None, :] >= start[:, None])
    rankings = np.where(drop, -1, rankings).astype(np.int32)
    tied = tied & ~drop
    return rankings, (tied if tied.any() else None)


def write_preflib(ballots: Ballots, kind: str) -> bytes:
    """PrefLib text for ``ballots`` as a ``.soi/.toi/.soc/.toc`` file.

    Orders are merged and listed by count, most frequent first, as PrefLib requires.
    ``.soi``/``.soc`` refuse tied ballots; ``.soc``/``.toc`` refuse incomplete ones (a
    PrefLib-style completion would add preferences the voters did not give). Blank
    ballots cannot be written in any PrefLib format.
    """
    canon = ballots.canonical()
    n = len(canon.candidates)
    lengths = (canon.rankings >= 0).sum(axis=1)
    if (lengths == 0).any():
        raise CountError(f"a .{kind} file cannot hold blank ballots")
    if kind in ("soi", "soc") and canon.tied is not None:
        raise CountError(f"a .{kind} file cannot hold tied rankings; write .toi or .toc")
    if kind in ("soc", "toc") and (lengths != n).any():
        loose = "soi" if kind == "soc" else "toi"
        raise CountError(f"a .{kind} file needs every ballot to rank every candidate; write .{loose}")
    lines = [
        "# FILE NAME: ballots." + kind,
        f"# TITLE: {canon.title}",
        "# DESCRIPTION: ",
        f"# DATA TYPE: {kind}",
        "# MODIFICATION TYPE: original",
        "# RELATES TO: ",
        "# RELATED FILES: ",
        "# PUBLICATION DATE: ",
        "# MODIFICATION DATE: ",
        f"# NUMBER ALTERNATIVES: {n}",
        f"# NUMBER VOTERS: {canon.total}",
        f"# NUMBER UNIQUE ORDERS: {len(canon.weights)}",
    ]
    lines += [f"# ALTERNATIVE NAME {i}: {name}" for i, name in enumerate(canon.candidates, 1)]
    tied = canon.tied
    for r, (row, weight) in enumerate(zip(canon.rankings.tolist(), canon.weights.tolist(), strict=True)):
        ranked = [c for c in row if c >= 0]
        flags = [False] * len(ranked) if tied is None else tied[r, : len(ranked)].tolist()
        groups: list[list[int]] = []
        for c, flag in zip(ranked, flags, strict=True):
            if flag:
                groups[-1].append(c + 1)
            else:
                groups.append([c + 1])
        text = ",".join(str(g[0]) if len(g) == 1 else "{" + ",".join(map(str, g)) + "}" for g in groups)
        lines.append(f"{weight}: {text}")
    return ("\n".join(lines) + "\n").encode("utf-8")
