"""STV by Meek's method (Hill, Wichmann and Woodall, Algorithm 123, 1987).

Every elected candidate keeps a fraction ``keep`` of each vote that reaches them and
passes the rest on to the ballot's next preference, whoever it is; excluded candidates
keep nothing. Keep factors are iterated until every elected candidate holds the quota,
and the quota itself is recomputed from the votes not yet exhausted:
``quota = (valid - exhausted) / (seats + 1)``, with the smallest step above it needed
to be elected (as the Droop quota is one vote above ``valid / (seats + 1)``).

Arithmetic is exact fixed point, as the published algorithm prescribes: a vote is
``SCALE = 10**9`` units, keep factors are whole numbers of units (rounded up, so
elected candidates settle just above the quota), and what a candidate keeps from a
vote is rounded down - what is not kept passes on, so votes are conserved exactly.

Convergence: iteration stops when the elected candidates' totals differ from the quota
by at most ``TOLERANCE`` (10**-6 of a vote) in all, or when an iteration no longer
brings them closer (the limit of nine-decimal arithmetic, around 10**-5 of a vote on
large electorates), and after at most ``MAX_ITERATIONS`` per stage.

Representation: a ballot's flow depends only on the elected candidates it meets, in
order, before its first hopeful candidate. Rows are grouped by that *path prefix* and
their hopeful candidate, so each iteration works on a table of (prefix, candidate)
weights - tens to hundreds of cells however many ballots there are - and only rows
whose path changes are touched when a candidate is elected or excluded.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from councils.counting.ballots import Ballots
from councils.counting.cursor import CompiledCursor, Cursor, Prepared, make_cursor, prepare
from councils.counting.errors import CountError
from councils.counting.plurality import blank_note
from councils.counting.result import CountResult, Round, Transfer
from councils.counting.ties import TieBreak, TieBreaker, exclusion

if TYPE_CHECKING:
    from councils.counting.cursor import Rows

SCALE = 10**9
TOLERANCE = Fraction(1, 10**6)
MAX_ITERATIONS = 1000
_TOL_UNITS = int(TOLERANCE * SCALE)


class _Paths:
    """Rows grouped by (elected prefix met so far, candidate the row now sits with)."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.n = prep.n_candidates
        self.cursor = make_cursor(prep)
        self.prefix_of = np.zeros(prep.rankings.shape[0], np.int64)
        self.prefixes: list[tuple[int, ...]] = [()]
        self._child = np.full((1, self.n + 1), -1, np.int64)  # (prefix, candidate) -> prefix
        self.table = prep.weights.tally(self.cursor.slots(), self.n + 1).reshape(1, self.n + 1)
        # The compiled path keeps spare rows in _child and table (prefixes are added in
        # the loop); only the first len(prefixes) rows mean anything.
        self._cache: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None = None

    def _extend(self, prefix_ids: NDArray[np.int64], cands: NDArray[np.int64]) -> NDArray[np.int64]:
        """The prefix ids after appending one elected candidate to each given prefix.

        A dense (prefix, candidate) table answers for every row at once; the few pairs
        seen for the first time get new ids (found with a bincount, not a sort).
        """
        ids = self._child[prefix_ids, cands]
        missing = ids < 0
        if missing.any():
            width = self.n + 1
            keys = np.flatnonzero(np.bincount(prefix_ids[missing] * width + cands[missing]))
            first_new = len(self.prefixes)
            for key in keys.tolist():
                p, c = divmod(key, width)
                self.prefixes.append((*self.prefixes[p], c))
            self._child = np.pad(self._child, ((0, len(keys)), (0, 0)), constant_values=-1)
            self._child[keys // width, keys % width] = np.arange(first_new, len(self.prefixes))
            ids = self._child[prefix_ids, cands]
        return ids

    def _key(self, rows: Rows) -> NDArray[np.int64]:
        key: NDArray[np.int64] = self.prefix_of[rows] * (self.n + 1) + self.cursor.slots(rows)
        return key

    def move(
        self,
        out: list[int],
        stop: NDArray[np.bool_],
        passing: NDArray[np.bool_],
        first: int | None,
    ) -> None:
        """Move the rows of the ``out`` candidates on past candidates no longer hopeful,
        recording elected ones met.

        ``first`` is the candidate just elected that the rows sit with (``out`` is just
        them; they pass it), or None when they sit with excluded candidates (skipped, not
        recorded).
        """
        cursor = self.cursor
        if isinstance(cursor, CompiledCursor):
            self._move_compiled(cursor, out, stop, passing, first)
        else:
            if len(out) == 1:
                rows = cursor.rows_with(out[0])
            else:
                mask = np.zeros(self.n + 1, np.bool_)
                mask[out] = True
                rows = cursor.rows_at(mask)
            self._move_rows(cursor, rows, stop, passing, first)
        self._cache = None

    def _move_compiled(
        self,
        cursor: CompiledCursor,
        out: list[int],
        stop: NDArray[np.bool_],
        passing: NDArray[np.bool_],
        first: int | None,
    ) -> None:
        """``move`` in one compiled pass over the rows, growing the prefix table as needed."""
        width = self.n + 1
        gone = np.zeros(width, np.bool_)
        gone[out] = True
        weights = self.prep.weights
        done = False
        while not done:
            used = len(self.prefixes)
            spare = max(2 * used, used + 4 * (cursor.rankings.shape[1] + 2))
            if self._child.shape[0] < spare:
                self._child = np.pad(self._child, ((0, spare - self._child.shape[0]), (0, 0)), constant_values=-1)
                self.table = np.pad(self.table, ((0, spare - self.table.shape[0]), (0, 0)))
            parents = np.empty(self._child.shape[0], np.int64)
            met = np.empty(self._child.shape[0], np.int64)
            done, now = cursor.kernels.meek_move(
                cursor.rankings, cursor.pos, cursor.cur, self.prefix_of, gone, -1 if first is None else first,
                stop, passing, weights.ints, weights.unit, self._child, self.table, used, parents, met,
            )  # fmt: skip
            for i in range(used, now):
                self.prefixes.append((*self.prefixes[int(parents[i])], int(met[i])))

    def _move_rows(
        self,
        cursor: Cursor,
        rows: Rows,
        stop: NDArray[np.bool_],
        passing: NDArray[np.bool_],
        first: int | None,
    ) -> None:
        """``move`` with NumPy: the moving rows' old and new (prefix, candidate) tallies."""
        width = self.n + 1
        old = self.prep.weights.tally(self._key(rows), len(self.prefixes) * width, rows=rows)
        if first is not None:
            self.prefix_of[rows] = self._extend(self.prefix_of[rows], np.full(rows.shape, first, np.int64))
        for met_rows, met in cursor.advance_through(rows, stop, passing):
            self.prefix_of[met_rows] = self._extend(self.prefix_of[met_rows], met.astype(np.int64))
        new = self.prep.weights.tally(self._key(rows), len(self.prefixes) * width, rows=rows)
        grown = len(self.prefixes) - self.table.shape[0]
        if grown:
            self.table = np.pad(self.table, ((0, grown), (0, 0)))
        old = np.pad(old, (0, len(self.prefixes) * width - old.size))
        self.table = self.table - old.reshape(-1, width) + new.reshape(-1, width)

    def _arrays(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """The prefix table as arrays: candidates met (padded with the exhausted slot),
        total weight per prefix, and weight per (prefix, current candidate). Built once
        per stage, since only ``move`` changes them."""
        if self._cache is None:
            n = self.n
            depth = max(1, max(len(p) for p in self.prefixes))
            seq = np.full((len(self.prefixes), depth), n, np.int64)
            for i, p in enumerate(self.prefixes):
                seq[i, : len(p)] = p
            table = self.table[: len(self.prefixes)]
            self._cache = (seq, table.sum(axis=1), table)
        return self._cache

    def flow(self, keep: list[int]) -> list[int]:
        """Units of vote with each candidate (and, last, exhausted) under ``keep``.

        For each prefix, a unit vote is kept in part by each elected candidate met
        (rounded down) and the remainder goes to the row's current candidate. Exact
        integer arithmetic; the table is small, so this is cheap.
        """
        seq, weight, table = self._arrays()
        factors = np.array([*keep, 0], dtype=np.int64)
        remainder = np.full(len(weight), SCALE, np.int64)
        totals = np.zeros(self.n + 1, np.int64)
        for d in range(seq.shape[1]):
            cand = seq[:, d]
            kept = remainder * factors[cand] // SCALE
            remainder -= kept
            np.add.at(totals, cand, kept * weight)
        totals += (remainder[:, None] * table).sum(axis=0)
        return [int(v) for v in totals]


def count_stv_meek(ballots: Ballots, seats: int, tie_break: TieBreak) -> CountResult:
    """Count by STV with Meek transfers (see the module doc for arithmetic and tolerance)."""
    prep = prepare(ballots, "stv")
    names = prep.candidates
    n = prep.n_candidates
    if prep.valid == 0:
        raise CountError("stv: there are no valid ballots to count")
    if prep.valid * SCALE >= 2**62:
        raise CountError("stv meek: too many ballots for 9-decimal fixed-point arithmetic")
    paths = _Paths(prep)
    total_units = prep.valid * SCALE
    hopeful = np.ones(n + 1, np.bool_)
    hopeful[n] = False
    stop = hopeful.copy()
    stop[n] = True
    passing = np.zeros(n + 1, np.bool_)
    keep = [SCALE] * n
    breaker = TieBreaker(tie_break, names)
    elected: list[int] = []
    history: list[list[Fraction]] = []
    rounds: list[Round] = []
    transfer: Transfer | None = None
    previous: list[int] | None = None
    unconverged = 0
    number = 1
    while True:
        units, quota, converged = _converge(paths, keep, elected, total_units, seats)
        unconverged += not converged
        totals = [Fraction(u, SCALE) for u in units]
        if previous is not None and transfer is not None:
            transfer = _delta(transfer, previous, units, names, n)
        live = [c for c in range(n) if hopeful[c]]
        reached = [c for c in live if units[c] >= quota]
        newly = breaker.highest(reached, units, seats - len(elected), history, round_number=number, decision="elect")
        for c in newly:
            hopeful[c] = stop[c] = False
            passing[c] = True
        elected.extend(newly)
        live = [c for c in live if hopeful[c]]
        seats_left = seats - len(elected)
        finished = seats_left == 0 or len(live) <= seats_left
        out: list[int] = []
        if finished and seats_left:
            rest = sorted(live, key=lambda c: (-units[c], c))
            elected.extend(rest)
            newly = newly + rest
        elif not finished and not newly:
            out = exclusion(breaker, live, units, history, seats_left=seats_left, round_number=number)
        rounds.append(
            Round(
                number=number,
                tallies={names[c]: totals[c] for c in range(n) if hopeful[c] or c in elected},
                elected=tuple(names[c] for c in newly),
                eliminated=tuple(names[c] for c in out),
                transfers=transfer,
                exhausted=totals[n],
                quota=Fraction(quota, SCALE),
            )
        )
        if finished:
            break
        history.append(totals)
        previous = units
        if newly:
            for c in newly:
                paths.move([c], stop, passing, first=c)
            transfer = Transfer("surplus", tuple(names[c] for c in newly), {}, Fraction(0))
        else:
            hopeful[out] = stop[out] = False
            for c in out:
                keep[c] = 0
            paths.move(out, stop, passing, first=None)
            transfer = Transfer("exclusion", tuple(names[c] for c in out), {}, Fraction(0))
        number += 1
    winners = tuple(names[c] for c in elected)
    notes = [
        f"Meek keep factors iterated until the elected hold the quota within {TOLERANCE} vote "
        "in total, or until an iteration no longer gets closer; fixed-point arithmetic of 10^-9 vote",
        *blank_note(prep.blank),
    ]
    if unconverged:
        notes.append(f"{unconverged} stage(s) stopped after {MAX_ITERATIONS} iterations")
    return CountResult(
        method="stv",
        winners=winners,
        outcome=", ".join(winners),
        rounds=tuple(rounds),
        quota=rounds[-1].quota,
        ties=tuple(breaker.notes),
        valid=prep.valid,
        exhausted=rounds[-1].exhausted,
        candidates=names,
        seats=seats,
        transfer="meek",
        tolerance=TOLERANCE,
        notes=tuple(notes),
    )


def _converge(
    paths: _Paths, keep: list[int], elected: list[int], total_units: int, seats: int
) -> tuple[list[int], int, bool]:
    """Iterate the keep factors of the elected (in place); return units, quota, converged.

    Stops when the elected hold the quota to within ``TOLERANCE`` in total, or when an
    iteration no longer brings them closer (the limit of nine-decimal arithmetic, which
    on large electorates sits around 10**-5 of a vote), or after ``MAX_ITERATIONS``.
    """
    best: int | None = None
    for _ in range(MAX_ITERATIONS):
        units = paths.flow(keep)
        quota = (total_units - units[-1]) // (seats + 1) + 1
        if not elected:
            return units, quota, True
        off = sum(abs(units[e] - quota) for e in elected)
        if off <= _TOL_UNITS or (best is not None and off >= best):
            return units, quota, True
        best = off
        for e in elected:
            if units[e] > 0:
                keep[e] = min(SCALE, -(-keep[e] * quota // units[e]))  # rounded up
    return units, quota, False


def _delta(transfer: Transfer, before: list[int], after: list[int], names: tuple[str, ...], n: int) -> Transfer:
    """Fill in a Meek transfer as the net gains between two rounds.

    Under Meek every total may move when one candidate is elected or excluded; the
    candidates whose totals rose, and the exhausted votes, are what the round moved.
    """
    gains = {names[c]: Fraction(after[c] - before[c], SCALE) for c in range(n) if after[c] > before[c]}
    return Transfer(
        kind=transfer.kind,
        sources=transfer.sources,
        to=gains,
        exhausted=Fraction(after[n] - before[n], SCALE),
    )
