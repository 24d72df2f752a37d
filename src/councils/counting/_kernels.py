"""The numba kernels behind ``councils.counting.compiled`` (imported only through it).

Every kernel is ``@njit(cache=True)``: compiled once per machine into numba's cache,
then loaded. They take and mutate plain arrays; the callers own the meaning.
Per-candidate arrays have ``n + 1`` entries, the last for "exhausted".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from numba import njit  # type: ignore[import-untyped]

Array = Any
F = TypeVar("F", bound=Callable[..., Any])
kernel: Callable[[F], F] = njit(cache=True, nogil=True)  # typed for mypy: numba's decorator is not


@kernel
def first_bad_row(rankings: Array, n: int) -> int:  # pragma: no cover - compiled
    """Index of the first row out of range, with a gap or a repeated candidate; -1 if none.

    Up to 64 candidates, ``check_narrow``'s branch-free test (copying nothing);
    beyond, a stamp per candidate.
    """
    if n <= 64:
        return check_narrow(rankings, n, np.empty((0, 0), np.int8))
    rows, width = rankings.shape
    stamps = np.zeros(n, np.int64)
    for r in range(rows):
        stamp = r + 1
        ended = False
        for j in range(width):
            c = rankings[r, j]
            if c < 0:
                if c != -1:
                    return r
                ended = True
            else:
                if ended or c >= n or stamps[c] == stamp:
                    return r
                stamps[c] = stamp
    return -1


@kernel
def check_narrow(rankings: Array, n: int, narrow: Array) -> int:  # pragma: no cover - compiled
    """``first_bad_row`` for up to 64 candidates, copying the rows into ``narrow`` (int8)
    on the way, unless it is empty: the counts then read a quarter of the bytes.

    Branch-free per entry, so the loop runs at the speed of reading: a row is valid when
    its entries are -1 or candidates, its c candidates are distinct (c bits set in a
    64-bit word) and sit in positions 0..c-1 (their positions add up to c(c-1)/2, which
    any other c positions exceed).
    """
    rows, width = rankings.shape
    keep = narrow.shape[0] > 0
    one = np.uint64(1)
    for r in range(rows):
        seen = np.uint64(0)
        count = 0
        places = 0
        wrong = False
        for j in range(width):
            c = rankings[r, j]
            if keep:
                narrow[r, j] = c
            live = c >= 0
            wrong |= (c < -1) | (c >= n)
            count += live
            places += j if live else 0
            seen |= (one << np.uint64(c & 63)) if live else np.uint64(0)
        seen -= (seen >> one) & np.uint64(0x5555555555555555)
        seen = (seen & np.uint64(0x3333333333333333)) + ((seen >> np.uint64(2)) & np.uint64(0x3333333333333333))
        seen = (seen + (seen >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
        distinct = (seen * np.uint64(0x0101010101010101)) >> np.uint64(56)
        if wrong or distinct != count or 2 * places != count * (count - 1):
            return r
    return -1


@kernel
def start(rankings: Array, n: int, narrow: Array, pos: Array, cur: Array) -> None:  # pragma: no cover
    """Copy the rankings into ``narrow`` (a smaller integer type: the rows moved in a
    round are fetched from memory, and fewer bytes per row keep more of them in cache),
    and put every row at its first preference: ``pos`` 0, ``cur`` that candidate (n if
    none)."""
    rows, width = rankings.shape
    for r in range(rows):
        for j in range(width):
            narrow[r, j] = rankings[r, j]
        pos[r] = 0
        c = rankings[r, 0] if width else -1
        cur[r] = c if c >= 0 else n


@kernel
def moving(cur: Array, gone: Array, rankings: Array, pos: Array) -> tuple[Array, Array]:  # pragma: no cover
    """The rows sitting with a ``gone`` candidate, and the entry after each one's position.

    Two loops without branches, so that the processor overlaps the cache misses of
    fetching many rows' rankings (one row after another, a miss would cost each row the
    full memory latency). Position ``width`` (past the end) reads as -1.
    """
    rows, width = rankings.shape
    idx = np.empty(rows, np.int64)
    k = 0
    for r in range(rows):
        idx[k] = r
        k += gone[cur[r]]
    idx = idx[:k]
    nxt = np.empty(k, rankings.dtype)
    last = width - 1
    for j in range(k):
        r = idx[j]
        p = pos[r] + 1
        v = rankings[r, min(p, last)]
        nxt[j] = v if p <= last else -1
    return idx, nxt


@kernel
def move(
    rankings: Array,
    pos: Array,
    cur: Array,
    gone: Array,
    stop: Array,
    group: Array,
    remap: Array,
    weights: Array,
    unit: bool,
    out: Array,
) -> None:  # pragma: no cover - compiled
    """Move every row sitting with a ``gone`` candidate to its next ``stop`` candidate.

    ``cur`` holds candidates with n for exhausted; ``stop[n]`` must be True. When
    ``group`` is not empty each moving row's group becomes ``remap[group]`` first.
    ``out[c, g]`` receives the weight each moved row brings to candidate c in group g.
    """
    width = rankings.shape[1]
    n = stop.shape[0] - 1
    grouped = group.shape[0] > 0
    idx, nxt = moving(cur, gone, rankings, pos)
    for j in range(idx.shape[0]):
        r = idx[j]
        g = 0
        if grouped:
            g = remap[group[r]]
            group[r] = g
        p = pos[r] + 1
        c = nxt[j]
        while True:
            if c < 0:
                c = n
                break
            if stop[c]:
                break
            p += 1
            if p >= width:
                c = n
                break
            c = rankings[r, p]
        pos[r] = p
        cur[r] = c
        out[c, g] += 1 if unit else weights[r]


@kernel
def meek_move(
    rankings: Array,
    pos: Array,
    cur: Array,
    prefix_of: Array,
    gone: Array,
    first: int,
    stop: Array,
    passing: Array,
    weights: Array,
    unit: bool,
    child: Array,
    table: Array,
    used: int,
    parents: Array,
    met: Array,
) -> tuple[bool, int]:  # pragma: no cover - compiled
    """Meek's move: rows with a ``gone`` candidate go on, their path prefix recording the
    elected (``passing``) candidates met, ``first`` (if >= 0) before all.

    ``child[p, c]`` is the prefix p followed by c (-1: not yet seen); new prefixes get
    the ids ``used``, ``used + 1``, ... with ``parents``/``met`` saying what they extend.
    ``table[p, c]`` (weight per prefix and current candidate) is kept up to date. Stops
    before a row that might not fit in the capacity of ``child``; returns (done, prefixes
    used). Call again (with more room) until done: the rows already moved no longer
    sit with a ``gone`` candidate, so the next call finds only the others.
    """
    width = rankings.shape[1]
    n = stop.shape[0] - 1
    capacity = child.shape[0]
    idx, _ = moving(cur, gone, rankings, pos)
    for j in range(idx.shape[0]):
        r = idx[j]
        c = cur[r]
        if used + width + 2 > capacity:
            return False, used
        w = 1 if unit else weights[r]
        pre = prefix_of[r]
        table[pre, c] -= w
        if first >= 0:
            nxt = child[pre, first]
            if nxt < 0:
                nxt = used
                child[pre, first] = used
                parents[used] = pre
                met[used] = first
                used += 1
            pre = nxt
        p = pos[r] + 1
        c = n
        while p < width:
            c = rankings[r, p]
            if c < 0:
                c = n
                break
            if passing[c]:
                nxt = child[pre, c]
                if nxt < 0:
                    nxt = used
                    child[pre, c] = used
                    parents[used] = pre
                    met[used] = c
                    used += 1
                pre = nxt
            if stop[c]:
                break
            p += 1
        if p >= width:
            c = n
        pos[r] = p
        cur[r] = c
        prefix_of[r] = pre
        table[pre, c] += w
    return True, used


@kernel
def parse_soi(data: Array, n: int, lines: int, narrow: Array) -> tuple[int, Array, Array, int, int]:  # pragma: no cover
    """Parse the body of a PrefLib file without ties: ``count: c1,c2,...`` per line.

    ``data`` must end with a newline (it stops every loop, so no loop checks the end)
    and hold at most ``lines`` lines. Returns (status, counts, rankings, rows, widest
    row); status 0 means every line is well formed, counts >= 1, candidates in 1..n
    and none repeated in a line. Any other status means something is wrong: the caller
    re-reads with the NumPy reader, which names the line. Spaces, tabs and carriage
    returns separate symbols; blank lines are skipped. Numbers have at most 15 digits,
    as in ``scan``. Candidate numbers of one or two digits are read without branches
    (a branch on the length of each number would be mispredicted half the time).
    Unless it is empty, ``narrow`` (int8, ``lines`` x n) receives the rankings too, the
    copy ``Ballots.narrow`` keeps for the counts. A row is filled with -1 before it is
    read (a loop of n, the same every row) rather than after (a loop of what is left,
    a different length every row, which cost the parser a seventh of its time).
    """
    size = data.shape[0]
    keep = narrow.shape[0] > 0
    counts = np.empty(lines, np.int64)
    rankings = np.empty((lines, n), np.int32)
    seen = np.zeros(n + 1, np.int64)
    row = 0
    widest = 0
    i = 0
    while i < size:
        b = data[i]
        if b == 10 or b == 32 or b == 9 or b == 13:
            i += 1
            continue
        # the count
        value = 0
        first = i
        d = (b - 48) & 255  # a non-digit gives 10 or more
        while d < 10:
            value = value * 10 + d
            i += 1
            if i - first > 15:
                return 1, counts, rankings, 0, 0
            d = (data[i] - 48) & 255
        if i == first or value < 1:
            return 1, counts, rankings, 0, 0
        b = data[i]
        while b == 32 or b == 9 or b == 13:
            i += 1
            b = data[i]
        if b != 58:  # ':'
            return 1, counts, rankings, 0, 0
        i += 1
        counts[row] = value
        k = 0
        stamp = row + 1
        for j in range(n):
            rankings[row, j] = -1
        if keep:
            for j in range(n):
                narrow[row, j] = -1
        while True:
            b = data[i]
            while b == 32 or b == 9 or b == 13:
                i += 1
                b = data[i]
            d0 = (b - 48) & 255
            if d0 >= 10:
                return 1, counts, rankings, 0, 0
            d1 = (data[i + 1] - 48) & 255  # data[i] is a digit, so i + 1 is inside
            two = d1 < 10
            value = d0 * 10 + d1 if two else d0
            i += 2 if two else 1
            d = (data[i] - 48) & 255
            if d < 10:  # three digits or more
                first = i - 2
                while d < 10:
                    value = value * 10 + d
                    i += 1
                    if i - first > 15:
                        return 1, counts, rankings, 0, 0
                    d = (data[i] - 48) & 255
            if value < 1 or value > n or k >= n or seen[value] == stamp:
                return 1, counts, rankings, 0, 0
            seen[value] = stamp
            rankings[row, k] = value - 1
            if keep:
                narrow[row, k] = value - 1
            k += 1
            b = data[i]
            while b == 32 or b == 9 or b == 13:
                i += 1
                b = data[i]
            i += 1
            if b == 10:
                break
            if b != 44:  # ','
                return 1, counts, rankings, 0, 0
        if k > widest:
            widest = k
        row += 1
    return 0, counts, rankings, row, widest


@kernel
def bucket_start(
    rankings: Array,
    n: int,
    block: int,
    cells: Array,
    weight: Array,
    link: Array,
    fill: Array,
    head: Array,
    tail: Array,
    out: Array,
    weights: Array,
    unit: bool,
) -> int:  # pragma: no cover - compiled
    """Deal the rows into one bucket per first preference; returns the blocks in use.

    ``cells`` is the pool: row i of block b is ``cells[b * block + i]``, a ranking (an
    unsigned type turns the -1 padding into its largest value). A bucket is a list of
    blocks (``link``: the next block, -1 at the end; ``fill``: rows used).
    ``weight[b * block + i]`` is that row's weight unless ``unit``. ``out[c]``
    receives the weight dealt to c; blank rows go to ``out[n]`` and are not stored.

    A counting sort: the first pass counts the rows of each candidate, which gives each
    bucket a run of consecutive blocks; the second copies each row to the next place of
    its bucket's run, with no block to find.
    """
    rows, width = rankings.shape
    used = min(width, n)  # columns beyond n can only be padding
    size = np.zeros(n + 1, np.int64)
    for r in range(rows):
        c = rankings[r, 0] if width else -1
        size[c if c >= 0 else n] += 1
    at = np.zeros(n, np.int64)  # the next row of each bucket
    blocks = 0
    for c in range(n):
        if size[c] == 0:
            continue
        first = blocks
        blocks += (size[c] + block - 1) // block
        head[c] = first
        tail[c] = blocks - 1
        for b in range(first, blocks):
            link[b] = b + 1
            fill[b] = block
        link[blocks - 1] = -1
        fill[blocks - 1] = size[c] - (blocks - 1 - first) * block
        at[c] = first * block
    for r in range(rows):
        c = rankings[r, 0] if width else -1
        w = 1 if unit else weights[r]
        if c < 0:
            out[n] += w
            continue
        out[c] += w
        dst = at[c]
        at[c] = dst + 1
        for j in range(used):
            cells[dst, j] = rankings[r, j]
        if not unit:
            weight[dst] = w
    return blocks


_DE_BRUIJN = np.uint64(0x03F79D71B4CA8B09)
_LOWEST = np.zeros(64, np.int64)  # _LOWEST[(b * _DE_BRUIJN) >> 58] == i for b == 1 << i
for _i in range(64):
    _LOWEST[int(((1 << _i) * int(_DE_BRUIJN)) % (1 << 64)) >> 58] = _i


@kernel
def bucket_move(
    cells: Array,
    words: Array,
    weight: Array,
    link: Array,
    fill: Array,
    head: Array,
    tail: Array,
    free: Array,
    used: int,
    block: int,
    width: int,
    gone: Array,
    stop: Array,
    masked: bool,
    unit: bool,
    out: Array,
) -> int:  # pragma: no cover - compiled
    """Move the rows of the ``gone`` candidates (a list) to their next continuing one.

    The pool is as ``bucket_start`` left it (``words``: the same rows seen as 64-bit
    words; rankings of ``width`` cells). In IRV a candidate once excluded never
    returns, so a row's next candidate is the first ``stop`` one in its ranking (none:
    exhausted, tallied at ``out[n]`` and dropped), wherever its vote sat before.

    While few candidates are out, walking along the ranking ends after a step or two.
    Once many are out the walk would end at a place the processor cannot predict, so
    with ``masked`` (at most 63 candidates) each cell instead sets a bit when its
    candidate continues (bit 63 stands for the end of the ranking, whose cells hold the
    largest value), and the lowest set bit is the place: a fixed amount of work per
    row, with no branch on the data.

    Each gone bucket is read block by block, in order, and each row is appended, a word
    at a time, to the bucket of the candidate it reaches: every access is sequential,
    and rows that stay are never looked at. A block read to the end goes back to the
    ``free`` stack (``free[used:]`` are free; returns the new ``used``).
    """
    n = out.shape[0] - 1
    span = words.shape[1]
    none = cells.dtype.type(-1)  # unsigned: the largest value
    one = np.uint64(1)
    bits = np.uint64(1) << np.uint64(63)
    if masked:
        for c in range(n):
            if stop[c]:
                bits |= one << np.uint64(c)
    reached = np.empty(block, np.int64)
    for g in range(gone.shape[0]):
        c = gone[g]
        b = head[c]
        while b >= 0:
            rows = fill[b]
            base = b * block
            if masked:
                for i in range(rows):
                    m = np.uint64(0)
                    for j in range(width):
                        m |= ((bits >> np.uint64(cells[base + i, j] & 63)) & one) << np.uint64(j)
                    place = _LOWEST[((m & (~m + one)) * _DE_BRUIJN) >> np.uint64(58)]
                    x = cells[base + i, place]
                    reached[i] = n if m == 0 or x == none else x
            else:
                for i in range(rows):
                    t = n
                    for j in range(width):
                        x = cells[base + i, j]
                        if x == none:
                            break
                        if stop[x]:
                            t = x
                            break
                    reached[i] = t
            for i in range(rows):
                t = reached[i]
                src = base + i
                out[t] += 1 if unit else weight[src]
                if t == n:
                    continue
                tb = tail[t]
                if tb < 0 or fill[tb] == block:
                    nb = free[used]
                    used += 1
                    link[nb] = -1
                    fill[nb] = 0
                    if tb < 0:
                        head[t] = nb
                    else:
                        link[tb] = nb
                    tail[t] = nb
                    tb = nb
                dst = tb * block + fill[tb]
                fill[tb] += 1
                for j in range(span):
                    words[dst, j] = words[src, j]
                if not unit:
                    weight[dst] = weight[src]
            nxt = link[b]
            used -= 1
            free[used] = b
            b = nxt
        head[c] = -1
        tail[c] = -1
    return used
