"""The ballots of one question, held as arrays so every count is vectorised.

A profile of a million ballots is two arrays, not a million Python objects: a
``rankings`` matrix (one row per *distinct* ballot, 0-based candidate indices, padded
on the right with -1) and a ``weights`` vector (how many voters cast that row). Every
method reads these arrays with NumPy; nothing loops over ballots in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from councils.counting import compiled
from councils.counting.errors import CountError

if TYPE_CHECKING:  # numpy.typing is for the type checker: a count need not import it
    from typing import TypeAlias

    from numpy.typing import NDArray

    IntMatrix: TypeAlias = NDArray[np.int32]
    WeightVector: TypeAlias = NDArray[np.int64]
    BoolMatrix: TypeAlias = NDArray[np.bool_]


class RowProblem(NamedTuple):
    """The first thing wrong with a rankings matrix: which row, what, and which candidate.

    Readers turn the row back into a line number of their file; the Ballots constructor
    turns it into a message with candidate names.
    """

    row: int
    kind: str  # "range" | "gap" | "duplicate" | "weight"
    candidate: int | None


def find_row_problem(
    rankings: NDArray[np.integer[Any]], n_candidates: int, weights: NDArray[np.integer[Any]] | None
) -> RowProblem | None:
    """Return the first invalid row of a rankings matrix, or None when all rows are valid.

    Shared by the constructor and the file readers so that both refuse exactly the same
    things; vectorised because it runs on every file read.
    """
    if _all_rows_valid(rankings, n_candidates) and (weights is None or not weights.size or weights.min() >= 0):
        return None
    problems: list[RowProblem] = []
    if rankings.size:
        bad = (rankings < -1) | (rankings >= n_candidates)
        if bad.any():
            row = int(np.flatnonzero(bad.any(axis=1))[0])
            col = int(np.flatnonzero(bad[row])[0])
            problems.append(RowProblem(row, "range", int(rankings[row, col])))
        pad = rankings < 0
        gap = pad[:, :-1] & ~pad[:, 1:]
        if gap.any():
            problems.append(RowProblem(int(np.flatnonzero(gap.any(axis=1))[0]), "gap", None))
        ordered = np.sort(rankings, axis=1)
        dup = (ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)
        if dup.any():
            row = int(np.flatnonzero(dup.any(axis=1))[0])
            col = int(np.flatnonzero(dup[row])[0])
            problems.append(RowProblem(row, "duplicate", int(ordered[row, col + 1])))
    if weights is not None and weights.size and (weights < 0).any():
        problems.append(RowProblem(int(np.flatnonzero(weights < 0)[0]), "weight", None))
    if not problems:
        return None
    return min(problems, key=lambda p: p.row)


def _all_rows_valid(rankings: NDArray[np.integer[Any]], n_candidates: int) -> bool:
    """The fast check behind ``find_row_problem``: True when every row is valid.

    Works on the flat buffer, where whole-array operations are fastest (a 2-D slice
    such as ``[:, 1:]`` iterates row by row): the range from the minimum and maximum,
    gaps and repeats from neighbouring entries, ignoring the pairs that straddle two
    rows. Only when it fails does ``find_row_problem`` look for the row and the kind.
    Large matrices are checked by a compiled loop (``councils.counting.compiled``).
    """
    if not rankings.size:
        return True
    if rankings.dtype == np.int32 and compiled.use_compiled(*rankings.shape):
        # one compiled pass over the rows (a seen-stamp per candidate) instead of a sort
        return bool(compiled.kernels().first_bad_row(np.ascontiguousarray(rankings), n_candidates) < 0)
    if int(rankings.min()) < -1 or int(rankings.max()) >= n_candidates:
        return False
    width = rankings.shape[1]
    if width == 1:
        return True
    within = np.ones(rankings.size - 1, np.bool_)  # pair (k, k + 1) lies inside one row
    within[width - 1 :: width] = False
    pad = np.ascontiguousarray(rankings).reshape(-1) < 0
    if (pad[:-1] & ~pad[1:] & within).any():  # -1 followed by a candidate
        return False
    # 16 bits are enough when candidates fit (n < 32767), and sort as fast as 32 (8 sort slowly).
    narrow = rankings.astype(np.int16, copy=False) if n_candidates < 32767 else rankings
    ordered = np.sort(narrow, axis=1).reshape(-1)
    return not ((ordered[1:] == ordered[:-1]) & (ordered[1:] >= 0) & within).any()


def _checked_narrow(rankings: IntMatrix, n_candidates: int) -> NDArray[np.int8] | None:
    """An int8 copy of ``rankings`` if every row is valid and the compiled pass applies
    (large matrix, at most 64 candidates); None otherwise, including when a row is
    invalid (``find_row_problem`` then says which and why)."""
    if n_candidates > 64 or not rankings.size or not compiled.use_compiled(*rankings.shape):
        return None
    narrow = np.empty(rankings.shape, np.int8)
    if compiled.kernels().check_narrow(np.ascontiguousarray(rankings), n_candidates, narrow) >= 0:
        return None
    return narrow


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    """A read-only view, so a frozen Ballots cannot be changed through its arrays.

    A view, not the caller's array itself: freezing our copy must not freeze theirs.
    """
    view = array.view()
    view.setflags(write=False)
    return view


class Ballots:
    """The ballots of one question: candidates, distinct rankings and their multiplicities.

    ``rankings[i]`` lists candidate indices, most preferred first, padded with -1; for
    approval ballots the row is the approved set and its order means nothing.
    ``weights[i]`` is the number of voters who cast row ``i``.

    ``tied`` (optional, same shape as ``rankings``) marks equal rankings read from a
    PrefLib ``.toi``/``.toc`` or CSV file: ``tied[i, j]`` says position ``j`` shares the
    rank of position ``j - 1``. Ranked counts refuse such ballots (see ``count``);
    approval ignores order and accepts them. ``title`` and ``seats`` carry what a
    ballot file says about itself (a ``.blt`` file states its seats).
    """

    candidates: tuple[str, ...]
    rankings: IntMatrix
    weights: WeightVector
    tied: BoolMatrix | None
    title: str
    seats: int | None

    # Frozen by hand rather than as a dataclass (``frozen=True, eq=False`` before): a
    # one-shot ``councils count`` need not import ``dataclasses`` (see ``result``).
    def __init__(
        self,
        candidates: tuple[str, ...],
        rankings: IntMatrix,
        weights: WeightVector,
        tied: BoolMatrix | None = None,
        title: str = "",
        seats: int | None = None,
    ) -> None:
        for name, value in (("candidates", candidates), ("rankings", rankings), ("weights", weights),
                            ("tied", tied), ("title", title), ("seats", seats)):
            object.__setattr__(self, name, value)
        self._validate()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: Ballots are frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: Ballots are frozen")

    def __repr__(self) -> str:
        return (f"Ballots(candidates={self.candidates!r}, rankings={self.rankings!r}, weights={self.weights!r}, "
                f"tied={self.tied!r}, title={self.title!r}, seats={self.seats!r})")

    def _validate(self) -> None:
        """Check and normalise the fields as given (names, array shapes and types, each
        row), so that every Ballots holds valid, read-only arrays."""
        candidates = tuple(str(c) for c in self.candidates)
        if any(not c.strip() for c in candidates):
            raise CountError("a candidate name is empty")
        seen: set[str] = set()
        for name in candidates:
            if name in seen:
                raise CountError(f"candidate {name!r} is listed twice")
            seen.add(name)
        rankings = np.asarray(self.rankings)
        if rankings.ndim == 1 and rankings.size == 0:
            rankings = rankings.reshape(0, 0)
        if rankings.ndim != 2:
            raise CountError(f"rankings must be a 2-D array, got {rankings.ndim} dimension(s)")
        if rankings.size and not np.issubdtype(rankings.dtype, np.integer):
            raise CountError(f"rankings must hold integers, got {rankings.dtype}")
        rankings = rankings.astype(np.int32, copy=False)
        weights = np.asarray(self.weights)
        if weights.size and not np.issubdtype(weights.dtype, np.integer):
            raise CountError(f"weights must be integers, got {weights.dtype}")
        weights = weights.astype(np.int64, copy=False).reshape(-1)
        if weights.shape[0] != rankings.shape[0]:
            raise CountError(
                f"{rankings.shape[0]} ranking rows but {weights.shape[0]} weights: give one weight per row"
            )
        narrow = _checked_narrow(rankings, len(candidates))
        if narrow is None or (weights.size and weights.min() < 0):
            problem = find_row_problem(rankings, len(candidates), weights)
            if problem is not None:
                raise CountError(_describe(problem, candidates))
        tied = self.tied
        if tied is not None:
            tied = np.asarray(tied, dtype=np.bool_)
            if tied.shape != rankings.shape:
                raise CountError(f"tied has shape {tied.shape}, rankings {rankings.shape}")
            if tied.size and (tied[:, 0].any() or (tied & (rankings < 0)).any()):
                raise CountError("tied may only mark ranked positions after the first")
            tied = _readonly(tied) if tied.any() else None
        if self.seats is not None and self.seats < 1:
            raise CountError(f"seats must be at least 1, got {self.seats}")
        object.__setattr__(self, "candidates", candidates)
        object.__setattr__(self, "rankings", _readonly(rankings))
        object.__setattr__(self, "weights", _readonly(weights))
        object.__setattr__(self, "tied", tied)
        object.__setattr__(self, "_narrow", None if narrow is None else _readonly(narrow))

    # -- construction -------------------------------------------------------------

    @classmethod
    def _checked(
        cls,
        candidates: tuple[str, ...],
        rankings: IntMatrix,
        weights: WeightVector,
        title: str = "",
        *,
        narrow: NDArray[np.int8] | None = None,
    ) -> Ballots:
        """Ballots from arrays a reader has already checked row by row, without checking
        them again: the compiled ``.soi`` parser refuses whatever the constructor would
        (numbers out of range, repeats; its rows have no gaps) and the header reader
        refuses empty or repeated names. ``rankings`` int32, ``weights`` int64, ``narrow``
        the same rankings as int8 if the reader made them."""
        self = object.__new__(cls)
        for name, value in (
            ("candidates", candidates),
            ("rankings", _readonly(rankings)),
            ("weights", _readonly(weights)),
            ("tied", None),
            ("title", title),
            ("seats", None),
            ("_narrow", None if narrow is None else _readonly(narrow)),
        ):
            object.__setattr__(self, name, value)
        return self

    @classmethod
    def from_rankings(
        cls,
        candidates: Sequence[str],
        rankings: Sequence[Sequence[str]],
        weights: Sequence[int] | None = None,
    ) -> Ballots:
        """Build ballots from names: one ranking (or approved set, or choice) per ballot.

        The convenient form for the engine, which holds a question's ballots as lists of
        names; a ``choice`` ballot is a ranking of one. Unknown or repeated names raise
        CountError naming the ballot.
        """
        names = tuple(candidates)
        index = {name: i for i, name in enumerate(names)}
        if weights is not None and len(weights) != len(rankings):
            raise CountError(f"{len(rankings)} rankings but {len(weights)} weights")
        width = max((len(r) for r in rankings), default=0)
        matrix = np.full((len(rankings), width), -1, dtype=np.int32)
        for row, ranking in enumerate(rankings):
            if isinstance(ranking, str):
                raise CountError(f"ballot {row + 1}: a ranking must be a list of names, not a string")
            for col, name in enumerate(ranking):
                try:
                    matrix[row, col] = index[name]
                except KeyError:
                    raise CountError(
                        f"ballot {row + 1}: {name!r} is not a candidate (candidates: {', '.join(names)})"
                    ) from None
            if len(set(ranking)) != len(ranking):
                dupe = next(n for n in ranking if list(ranking).count(n) > 1)
                raise CountError(f"ballot {row + 1}: {dupe!r} is ranked more than once")
        counts = np.ones(len(rankings), np.int64) if weights is None else np.asarray(weights)
        if counts.size and not np.issubdtype(counts.dtype, np.integer):
            raise CountError("weights must be whole numbers")
        return cls(names, matrix, counts.astype(np.int64))

    # -- facts ----------------------------------------------------------------------

    @property
    def narrow(self) -> NDArray[np.int8] | None:
        """The rankings as int8, when the constructor or the ``.soi`` reader made that
        copy (large profiles of up to 64 candidates, checked and copied in one compiled
        pass); None otherwise.

        Counting reads a quarter of the bytes from it: over a million rows of 20
        candidates, reading the int32 matrix again would cost more than an IRV count.
        """
        narrow: NDArray[np.int8] | None = self.__dict__["_narrow"]
        return narrow

    @property
    def total(self) -> int:
        """Number of ballots (voters), blank ones included."""
        return int(self.weights.sum())

    @property
    def has_ties(self) -> bool:
        """Whether any ballot ranks two candidates equal."""
        return self.tied is not None

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], int]]:
        """Yield (names in order, weight) per row; for tests and small profiles only."""
        names = self.candidates
        for row, weight in zip(self.rankings.tolist(), self.weights.tolist(), strict=True):
            yield tuple(names[c] for c in row if c >= 0), int(weight)

    def canonical(self) -> Ballots:
        """The same ballots with identical rows merged, heaviest first (ties broken by row).

        PrefLib requires each order once; equality of two Ballots is equality of their
        canonical forms, whatever the row order or splitting of weights.
        """
        n, width = self.rankings.shape
        if n == 0:
            return self
        rankings = self.rankings
        if self.tied is None:
            tied = np.zeros((n, width), np.bool_)
        else:
            # Order inside a tie group means nothing: sort each group by candidate.
            tied = self.tied
            group = np.cumsum(~tied, axis=1)
            size = len(self.candidates) + 1
            key = np.where(rankings >= 0, group * size + rankings, np.iinfo(np.int64).max)
            order = np.argsort(key, axis=1, kind="stable")
            rankings = np.take_along_axis(rankings, order, axis=1)
        # Encode a tie as -(c + 2) so tied and untied rows never merge.
        code = np.where(tied, -rankings - 2, rankings)
        unique, inverse = np.unique(code, axis=0, return_inverse=True)
        summed = np.bincount(inverse.reshape(-1), weights=self.weights, minlength=len(unique))
        weights = np.rint(summed).astype(np.int64)
        if int(weights.sum()) != self.total:  # beyond float precision: add exactly instead
            weights = np.zeros(len(unique), np.int64)
            np.add.at(weights, inverse.reshape(-1), self.weights)
        order = np.lexsort((np.arange(len(unique)), -weights))
        unique, weights = unique[order], weights[order]
        keep = weights > 0
        unique, weights = unique[keep], weights[keep]
        new_tied = unique < -1
        rankings = np.where(new_tied, -unique - 2, unique).astype(np.int32)
        used = int((rankings >= 0).sum(axis=1).max()) if len(rankings) else 0
        return Ballots(
            self.candidates,
            rankings[:, :used],
            weights,
            new_tied[:, :used] if new_tied.any() else None,
            self.title,
            self.seats,
        )

    def __eq__(self, other: object) -> bool:
        """Same candidates (in order) and the same multiset of ballots."""
        if not isinstance(other, Ballots):
            return NotImplemented
        if self.candidates != other.candidates:
            return False
        a, b = self.canonical(), other.canonical()

        def same(x: NDArray[Any] | None, y: NDArray[Any] | None) -> bool:
            return (x is None and y is None) or (x is not None and y is not None and np.array_equal(x, y))

        return np.array_equal(a.rankings, b.rankings) and np.array_equal(a.weights, b.weights) and same(a.tied, b.tied)

    __hash__ = None  # type: ignore[assignment]

    def withdraw(self, names: Iterable[str]) -> Ballots:
        """Remove candidates before the count, closing the gaps they leave in rankings.

        A ``.blt`` file may withdraw candidates; their preferences are skipped exactly as
        if they had never stood, so the remaining preferences move up.
        """
        gone = set(names)
        unknown = gone - set(self.candidates)
        if unknown:
            raise CountError(f"cannot withdraw unknown candidate(s): {', '.join(sorted(unknown))}")
        if not gone:
            return self
        keep = np.array([c not in gone for c in self.candidates] + [False])
        new_index = np.cumsum(keep) - 1
        new_index[-1] = -1
        remapped = np.where(keep[self.rankings], new_index[self.rankings], -1)
        tied = self.tied
        # Stable-sort each row so kept entries move left and padding right.
        order = np.argsort(remapped < 0, axis=1, kind="stable")
        rankings = np.take_along_axis(remapped, order, axis=1).astype(np.int32)
        if tied is not None:
            # Two kept entries stay tied iff they were in the same rank group.
            group = np.take_along_axis(np.cumsum(~tied, axis=1), order, axis=1)
            tied = np.zeros_like(tied)
            tied[:, 1:] = (group[:, 1:] == group[:, :-1]) & (rankings[:, 1:] >= 0)
        return Ballots(
            tuple(c for c in self.candidates if c not in gone),
            rankings,
            self.weights,
            tied,
            self.title,
            self.seats,
        )


def _describe(problem: RowProblem, candidates: Sequence[str]) -> str:
    """Turn a RowProblem into a sentence naming the ballot row and the candidate."""
    row = f"ballot row {problem.row + 1}"
    c = problem.candidate
    if problem.kind == "range":
        return f"{row}: candidate index {c} is not between 0 and {len(candidates) - 1}"
    if problem.kind == "gap":
        return f"{row}: -1 padding is followed by a candidate (padding must come last)"
    if problem.kind == "duplicate":
        name = candidates[c] if c is not None and 0 <= c < len(candidates) else c
        return f"{row}: {name!r} is ranked more than once"
    return f"{row}: weight is negative"
