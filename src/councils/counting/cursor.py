"""The vectorised core shared by IRV and both kinds of STV.

Each distinct ballot row has a *pointer* into its ranking and a *current* candidate
(the one its vote sits with). When candidates leave the count, only the rows sitting
with them move, and they move together: NumPy advances every such row at once until
each reaches a candidate who is still in the count, or runs out (exhausts). Totals are
weighted ``bincount``s, kept exact (integers; see ``Weights``).

Per-candidate arrays have ``n_candidates + 1`` entries, the last one for "exhausted";
an exhausted row's current candidate is -1, which indexes that last entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from councils.counting import compiled
from councils.counting.ballots import Ballots
from councils.counting.errors import CountError

if TYPE_CHECKING:  # numpy.typing is for the type checker: a count need not import it
    from typing import TypeAlias

    from numpy.typing import NDArray

    Rows: TypeAlias = NDArray[np.int64]

FLOAT_EXACT = 2**53  # every integer below this is exact in a float64


class Weights:
    """Row weights, with exact weighted tallies.

    ``np.bincount`` only sums float64 weights. Integers are exact in float64 up to 2**53,
    so while the total weight stays below that (nine thousand million million ballots)
    the fast float sum is exact and is rounded back to int64; beyond it the tally falls
    back to an exact integer ``np.add.at``.
    """

    def __init__(self, weights: NDArray[np.int64]) -> None:
        self.ints = np.ascontiguousarray(weights, dtype=np.int64)
        self.total = int(self.ints.sum(dtype=np.int64)) if self.ints.size else 0
        self._unit = bool((self.ints == 1).all())
        self._floats = self.ints.astype(np.float64) if self.total < FLOAT_EXACT and not self._unit else None

    @property
    def unit(self) -> bool:
        """Whether every row has weight 1 (one voter per row)."""
        return self._unit

    def tally(self, index: NDArray[Any], minlength: int, rows: Rows | None = None) -> NDArray[np.int64]:
        """Exact sum of the weights of ``rows`` (all rows if None) grouped by ``index``."""
        if self._unit:  # one voter per row (a raw ballot file): a plain, exact count
            return np.bincount(index, minlength=minlength).astype(np.int64)
        if self._floats is not None:
            w = self._floats if rows is None else self._floats[rows]
            summed = np.bincount(index, weights=w, minlength=minlength)
            return np.rint(summed).astype(np.int64)
        out = np.zeros(max(minlength, int(index.max()) + 1 if index.size else 0), np.int64)
        np.add.at(out, index, self.ints if rows is None else self.ints[rows])
        return out


class Prepared(NamedTuple):
    """Ballots ready for a count: blank rows set aside, weights wrapped for exact tallies."""

    candidates: tuple[str, ...]
    rankings: NDArray[np.int32]
    weights: Weights
    valid: int
    blank: int
    narrow: NDArray[np.int8] | None = None  # the rankings as int8, when the ballots hold that copy

    @property
    def compact(self) -> NDArray[np.int32] | NDArray[np.int8]:
        """The rankings in the smallest type at hand: the compiled cursors copy from it."""
        return self.rankings if self.narrow is None else self.narrow

    @property
    def n_candidates(self) -> int:
        """Number of candidates (the exhausted slot has this index)."""
        return len(self.candidates)


def prepare(ballots: Ballots, method: str, *, ties_allowed: str = "none") -> Prepared:
    """Check ballots fit the method and set blank ballots aside.

    ``ties_allowed`` is "none" (ranked methods refuse any equal ranking: a transfer
    needs one next preference), "after_first" (plurality only reads the first), or
    "all" (approval ignores order). A blank ballot (no preference at all) is not a valid
    vote for a candidate; it is reported, not counted.
    """
    rankings = ballots.rankings
    tied = ballots.tied
    if tied is not None and ties_allowed != "all":
        where = tied if ties_allowed == "none" else tied[:, :2]
        rows = np.flatnonzero(where.any(axis=1)) if where.size else np.zeros(0, np.int64)
        if rows.size:
            n = int(ballots.weights[rows].sum())
            example = ", ".join(ballots.candidates[c] for c in rankings[rows[0]] if c >= 0)
            part = "" if ties_allowed == "none" else " first"
            raise CountError(
                f"{method} needs strict rankings, but {n} ballot(s) rank candidates equal"
                f"{part} (e.g. a ballot over {example}); "
                "count them with approval or resolve the ties in the file"
            )
    narrow = ballots.narrow
    first = (rankings if narrow is None else narrow)[:, 0] if rankings.shape[1] else None
    nonblank = first >= 0 if first is not None else np.zeros(rankings.shape[0], np.bool_)
    weights = ballots.weights
    blank = 0
    if not nonblank.all():
        blank = int(weights[~nonblank].sum())
        rankings, weights = rankings[nonblank], weights[nonblank]
        narrow = None if narrow is None else narrow[nonblank]
    wrapped = Weights(weights)
    return Prepared(ballots.candidates, np.ascontiguousarray(rankings), wrapped, wrapped.total, blank, narrow)


class Cursor:
    """Per-row pointer into the rankings and the candidate each row currently sits with.

    ``at[i]`` is the flat index of row ``i``'s current position in the rankings;
    ``cur[i]`` the candidate there, or -1 once the row is exhausted. Per-candidate lookup
    arrays have ``n_candidates + 1`` entries, so ``table[cur]`` reads the last
    ("exhausted") entry for -1 without a conversion; ``slots`` gives the non-negative
    form ``bincount`` needs.
    """

    def __init__(self, rankings: NDArray[np.int32], n_candidates: int) -> None:
        # A private copy in the narrowest integer type (advancing is a random gather, and
        # one byte per entry stays in cache), with one extra -1 column so every row ends
        # in padding: a row can never read past its end, and no bounds check is needed.
        dtype = np.int8 if n_candidates < 127 else np.int16 if n_candidates < 32767 else np.int32
        n, width = int(rankings.shape[0]), int(rankings.shape[1])
        padded = np.empty((n, width + 1), dtype)
        padded[:, :width] = rankings
        padded[:, width] = -1
        self._flat = padded.reshape(-1)
        self._width = width + 1
        self._n = n_candidates
        self.at = np.arange(n, dtype=np.int64) * self._width
        self.cur = padded[:, 0].copy()

    def slots(self, rows: Rows | None = None) -> NDArray[np.intp]:
        """Current candidate of ``rows`` (all rows if None), exhausted as ``n_candidates``."""
        cur = (self.cur if rows is None else self.cur[rows]).astype(np.intp)
        cur[cur < 0] = self._n
        return cur

    def rows_at(self, candidates: NDArray[np.bool_]) -> Rows:
        """Rows whose vote sits with any candidate flagged in ``candidates`` (size C+1)."""
        return np.flatnonzero(candidates[self.cur])

    def rows_with(self, candidate: int) -> Rows:
        """Rows whose vote sits with one candidate."""
        return np.flatnonzero(self.cur == candidate)

    def move(
        self,
        out: list[int],
        stop: NDArray[np.bool_],
        weights: Weights,
        group: NDArray[np.int64] | None = None,
        remap: NDArray[np.int64] | None = None,
        width: int = 1,
    ) -> NDArray[np.int64]:
        """Move the rows sitting with the ``out`` candidates on to their next ``stop`` one.

        With ``group`` (a group per row, ``width`` groups), each moving row's group first
        becomes ``remap[group]``. Returns the weight the moved rows bring to each
        candidate (rows) in each group (columns), exhausted last.
        """
        if len(out) == 1:
            rows = self.rows_with(out[0])
        else:
            mask = np.zeros(self._n + 1, np.bool_)
            mask[out] = True
            rows = self.rows_at(mask)
        if group is not None and remap is not None:
            group[rows] = remap[group[rows]]
        self.advance(rows, stop)
        key = self.slots(rows) if group is None else self.slots(rows) * width + group[rows]
        return weights.tally(key, (self._n + 1) * width, rows=rows).reshape(self._n + 1, width)

    def advance(self, rows: Rows, stop: NDArray[np.bool_]) -> None:
        """Move ``rows`` to their next preference for which ``stop`` is True.

        ``stop`` is indexed by candidate (size C+1) and must be True at the exhausted
        slot. Each pass moves every unfinished row one place; a row stops at a candidate
        still in the count or when its ranking runs out. Passes <= longest ranking.
        """
        self.advance_through(rows, stop, None)

    def advance_through(
        self, rows: Rows, stop: NDArray[np.bool_], passing: NDArray[np.bool_] | None
    ) -> list[tuple[Rows, NDArray[np.integer[Any]]]]:
        """Like ``advance``, but also report each row passing a ``passing`` candidate.

        Meek needs to know which elected candidates a ballot flows through on its way to
        a hopeful one. Returns one (rows, candidates passed) pair per pass, in order; a row
        appears at most once per pass.
        """
        met: list[tuple[Rows, NDArray[np.integer[Any]]]] = []
        flat = self._flat
        go = ~stop
        at = self.at[rows]
        while rows.size:
            at += 1
            nxt = flat.take(at)
            self.at[rows] = at
            self.cur[rows] = nxt
            if passing is not None:
                hit = passing[nxt]
                if hit.any():
                    met.append((rows[hit], nxt[hit]))
            going = go[nxt]
            rows, at = rows[going], at[going]
        return met


_NONE = np.zeros(0, np.int64)


def kernel_input(rankings: NDArray[np.int32] | NDArray[np.int8]) -> NDArray[np.integer[Any]]:
    """Rankings as the compiled cursors read them: an int8 copy as it is, anything else as
    int32; contiguous either way (two compiled versions of each kernel, not one per type)."""
    if rankings.dtype == np.int8:
        return np.ascontiguousarray(rankings)
    return np.ascontiguousarray(rankings, dtype=np.int32)


class CompiledCursor:
    """The cursor of large profiles: the same answers as ``Cursor``, from compiled loops.

    Keeps a copy of the rankings in the narrowest integer type; ``pos[i]`` is row ``i``'s
    position in its ranking and ``cur[i]`` its candidate, ``n_candidates`` once
    exhausted. ``move`` is one compiled call: find the rows that move, fetch their next
    entries, walk each to its next continuing candidate and tally.
    """

    def __init__(self, rankings: NDArray[np.int32] | NDArray[np.int8], n_candidates: int) -> None:
        self.kernels = compiled.kernels()
        self._n = n_candidates
        dtype = np.int8 if n_candidates < 127 else np.int16 if n_candidates < 32767 else np.int32
        rows, width = int(rankings.shape[0]), int(rankings.shape[1])
        self.rankings: NDArray[np.integer[Any]] = np.empty((rows, width), dtype)
        self.pos: NDArray[np.integer[Any]] = np.empty(rows, dtype)
        self.cur: NDArray[np.integer[Any]] = np.empty(rows, dtype)
        self.kernels.start(kernel_input(rankings), n_candidates, self.rankings, self.pos, self.cur)

    def slots(self, rows: Rows | None = None) -> NDArray[np.integer[Any]]:
        """Current candidate of ``rows`` (all rows if None), exhausted as ``n_candidates``."""
        return self.cur if rows is None else self.cur[rows]

    def rows_with(self, candidate: int) -> Rows:
        """Rows whose vote sits with one candidate."""
        return np.flatnonzero(self.cur == candidate)

    def move(
        self,
        out: list[int],
        stop: NDArray[np.bool_],
        weights: Weights,
        group: NDArray[np.int64] | None = None,
        remap: NDArray[np.int64] | None = None,
        width: int = 1,
    ) -> NDArray[np.int64]:
        """As ``Cursor.move``."""
        gone = np.zeros(self._n + 1, np.bool_)
        gone[out] = True
        moved = np.zeros((self._n + 1, width), np.int64)
        grouped = group is not None
        self.kernels.move(
            self.rankings, self.pos, self.cur, gone, stop,
            group if grouped else _NONE, remap if grouped and remap is not None else np.arange(width, dtype=np.int64),
            weights.ints, weights.unit, moved,
        )  # fmt: skip
        return moved


def make_cursor(prep: Prepared) -> Cursor | CompiledCursor:
    """The compiled cursor for profiles where it pays (``compiled.use_compiled``), else NumPy's."""
    if compiled.use_compiled(*prep.rankings.shape):
        return CompiledCursor(prep.compact, prep.n_candidates)
    return Cursor(prep.rankings, prep.n_candidates)
