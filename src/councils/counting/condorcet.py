"""Condorcet methods: Schulze and ranked pairs, both read from one pairwise matrix.

A Condorcet method elects the candidate who beats every other head to head when there
is one (the *Condorcet winner*); Schulze and ranked pairs differ only in how they settle
a cycle (a beats b, b beats c, c beats a). Both read the ballots once, to build the
pairwise matrix ``d[i][j]`` (how many voters rank ``i`` above ``j``), and never again,
so a count costs one pass over the distinct rankings plus work in the square of the
number of candidates.

Conventions, each shared with a peer that checks it (tests/unit/counting/test_condorcet.py):

- A ranked candidate is above every candidate the ballot leaves out; two left out, or
  two ranked equal (a PrefLib ``.toi`` file), are neither above the other. This is how
  Belenios reads a ranked ballot (``belenios-tool method schulze``).
- The strength of a defeat of ``j`` by ``i`` is, by default, ``winning_votes``: the
  voters ranking ``i`` above ``j``, and of two defeats with the same number, the one
  with fewer voters against is the stronger (as ``belenios-tool method schulze`` measures
  it; LiquidFeedback makes the measure a setting). ``margin`` (``d[i][j] - d[j][i]``) is the other common
  measure, pref_voting's default. On complete rankings the two order defeats the same way.
- Ties between candidates that the method leaves equal are broken by lot with the
  count's seed (``TieBreak``) and recorded as a ``TieNote``; ranked pairs orders pairs
  of equal strength by an order of candidates drawn by lot (Zavist and Tideman 1989's
  tie-breaking ranking), recorded in ``Pairwise.tie_order``, and leaves a ``TieNote``
  only when that order decided which pair was locked.

With ``seats`` > 1 the first ``seats`` candidates of the method's order are elected: a
ranking, not a proportional method (use STV for proportional seats).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from councils.counting.ballots import Ballots
from councils.counting.cursor import FLOAT_EXACT
from councils.counting.errors import CountError
from councils.counting.plurality import blank_note
from councils.counting.result import STRENGTHS, CountResult, Pairwise, Round, TieNote
from councils.counting.ties import TieBreak, TieBreaker

CHUNK_CELLS = 1 << 22  # pairs coded at once (rows x width x width): a few megabytes, whatever the width
GROUP_FROM = 50_000  # rows from which identical rankings are merged before they are compared
SAMPLE = 10_000  # rows looked at first, to see whether merging identical ones would pay

Matrix = NDArray[np.int64]


# -- the pairwise matrix ------------------------------------------------------------------


def grouped(ballots: Ballots) -> tuple[NDArray[Any], NDArray[np.int64], NDArray[np.bool_] | None]:
    """The distinct rankings of ``ballots`` with their voters (identical rows counted once).

    A ballot file of PrefLib's is grouped already; a CSV file or a question's ballots
    has a row per voter. Comparing a row costs n x n, merging it costs a sort of its
    bytes, so rows are merged (by their bytes, one ``np.unique``) only when there are
    many; rows with ties in them are left as they are.
    """
    rankings: NDArray[Any] = ballots.narrow if ballots.narrow is not None else ballots.rankings
    weights = np.asarray(ballots.weights)
    tied = ballots.tied
    rows = int(rankings.shape[0])
    if rows < GROUP_FROM or tied is not None or not rankings.size:
        return rankings, weights, tied
    contiguous = np.ascontiguousarray(rankings)
    keys = contiguous.view(np.dtype((np.void, contiguous.dtype.itemsize * contiguous.shape[1]))).reshape(-1)
    sample = keys[:: max(1, rows // SAMPLE)]
    if len(np.unique(sample)) * 2 > len(sample):  # mostly distinct (many candidates): merging would not pay
        return rankings, weights, tied
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    merged = np.zeros(len(unique), np.int64)
    np.add.at(merged, inverse.reshape(-1), weights)
    return contiguous[first], merged, None


def pairwise_matrix(ballots: Ballots) -> tuple[Matrix, int, int]:
    """``d[i][j]``, the voters ranking ``i`` above ``j``; the valid and blank ballots.

    Whole-array passes over the distinct rows, one per ranking position ``k``: the pairs
    (candidate at ``k``, candidate at each later position) are coded ``i * n + j`` and
    counted by one weighted ``bincount`` (pairs with padding go to a spare slot; pairs
    inside a group of equal ranks are counted apart). A ranked candidate is above every
    unranked one, so ``d[i][j]`` gains, from the rows ranking ``i``, all those that do
    not also rank ``j``: ``ranked[i]`` less the rows ranking both (``i`` above ``j``,
    ``j`` above ``i`` or the two equal), with no matrix product over the rows.

    Rows are taken a chunk at a time so the coded pairs stay a few megabytes. Float
    weights are exact while the voters total below 2**53; beyond, integers are added.
    """
    n = len(ballots.candidates)
    rankings, weights, tied = grouped(ballots)
    spare = n * n
    above = np.zeros(spare + 1, np.int64)  # ranked above ranked, coded i * n + j
    level_pairs = np.zeros(spare + 1, np.int64)  # ranked equal (a .toi tie), coded likewise
    ranked = np.zeros(n + 1, np.int64)  # rows ranking each candidate (padding: the last)
    if not rankings.size:
        return above[:-1].reshape(n, n), 0, int(weights.sum())
    nonblank = rankings[:, 0] >= 0
    valid = int(weights[nonblank].sum())
    blank = int(weights[~nonblank].sum())
    if not nonblank.all():
        rankings, weights = rankings[nonblank], weights[nonblank]
        tied = None if tied is None else tied[nonblank]
    rows, width = (int(x) for x in rankings.shape)
    unit = bool((weights == 1).all())
    exact_floats = valid < FLOAT_EXACT
    chunk = max(1, CHUNK_CELLS // max(1, width * width))
    code_type: type[np.signedinteger[Any]] = np.int16 if spare < 32767 else np.int32 if spare < 2**31 - 1 else np.int64

    def add(total: NDArray[np.int64], codes: NDArray[Any], w: NDArray[np.int64], wf: NDArray[np.float64] | None
            ) -> None:
        """``total[code] += weight of the code's row`` for every code (one row per column)."""
        flat = codes.reshape(-1)
        if unit:
            total += np.bincount(flat, minlength=total.size)
        elif wf is not None:
            shares = np.broadcast_to(wf, codes.shape).reshape(-1)
            total += np.rint(np.bincount(flat, weights=shares, minlength=total.size)).astype(np.int64)
        else:
            np.add.at(total, flat, np.broadcast_to(w, codes.shape).reshape(-1))

    for start in range(0, rows, chunk):
        r: NDArray[np.signedinteger[Any]] = np.ascontiguousarray(rankings[start : start + chunk].T, dtype=code_type)
        w = weights[start : start + chunk]
        level = None if tied is None else np.ascontiguousarray(np.cumsum(~tied[start : start + chunk], axis=1).T)
        wf = None if unit or not exact_floats else w.astype(np.float64)
        add(ranked, np.where(r >= 0, r, code_type(n)), w, wf)
        for k in range(width - 1):
            later = r[k + 1 :]
            code = later + r[k] * code_type(n)
            out = later < 0
            if level is not None:
                same = level[k] == level[k + 1 :]
                add(level_pairs, np.where(same & ~out, code, code_type(spare)), w, wf)
                out |= same
            code[out] = spare
            add(above, code, w, wf)
    d = above[:spare].reshape(n, n)
    equal = level_pairs[:spare].reshape(n, n)
    both = d + d.T + equal + equal.T  # rows ranking both i and j
    d = d + (ranked[:n, None] - both)  # ... and the rows ranking i but not j
    np.fill_diagonal(d, 0)
    return d, valid, blank


def condorcet_winner(d: Matrix) -> int | None:
    """The candidate who beats every other head to head, if there is one."""
    beats = d > d.T
    n = d.shape[0]
    for c in range(n):
        if int(beats[c].sum()) == n - 1:
            return c
    return None


def defeat_strength(d: Matrix, strength: str, valid: int) -> Matrix:
    """One integer per defeat, larger for a stronger one; 0 where ``i`` does not beat ``j``.

    ``winning_votes`` packs (voters for, voters against) into one number:
    ``for * (valid + 1) + (valid - against)``, so that more voters for is stronger and,
    at equal voters for, fewer against is. ``margin`` is ``d[i][j] - d[j][i]``.
    """
    if strength not in STRENGTHS:
        raise CountError(f"unknown defeat strength {strength!r} (use {' or '.join(STRENGTHS)})")
    wins = d > d.T
    if strength == "margin":
        return np.where(wins, d - d.T, 0)
    return np.where(wins, d * (valid + 1) + (valid - d.T), 0)


def first_figure(key: Matrix, strength: str, valid: int) -> Matrix:
    """The readable first figure of packed strengths: voters for, or the margin."""
    return key if strength == "margin" else key // (valid + 1)


def order_by(beats: NDArray[np.bool_], names: Sequence[str]) -> list[list[int]]:
    """Groups of candidates, best first: each group is those beaten by no one left."""
    left = np.arange(len(names))
    groups: list[list[int]] = []
    while left.size:
        unbeaten = ~beats[np.ix_(left, left)].any(axis=0)
        if not unbeaten.any():  # not a strict order (cannot happen for Schulze or ranked pairs)
            unbeaten[:] = True
        groups.append([int(c) for c in left[unbeaten]])
        left = left[~unbeaten]
    return groups


def _elect(groups: list[list[int]], seats: int, breaker: TieBreaker) -> list[int]:
    """The first ``seats`` of the order; a group across the last seat is decided by lot."""
    winners: list[int] = []
    for group in groups:
        pool = list(group)
        while pool and len(winners) < seats:
            if len(winners) + len(pool) <= seats:
                winners += pool
                break
            pick = breaker.choose(pool, [], lowest=False, round_number=1, decision="elect")
            winners.append(pick)
            pool.remove(pick)
        if len(winners) >= seats:
            break
    return winners


# -- Schulze ------------------------------------------------------------------------------


def strongest_paths(key: Matrix) -> Matrix:
    """The widest path from every ``i`` to every ``j`` (Floyd-Warshall, a row at a time)."""
    p = key.copy()
    for k in range(p.shape[0]):
        np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]), out=p)
    np.fill_diagonal(p, 0)
    return p


def count_schulze(ballots: Ballots, seats: int, tie_break: TieBreak, strength: str = "winning_votes") -> CountResult:
    """Count by Schulze's beatpath method: ``i`` is above ``j`` when the strongest path of
    defeats from ``i`` to ``j`` is stronger than the strongest from ``j`` to ``i``."""
    names = ballots.candidates
    d, valid, blank = _matrix_for(ballots, "schulze")
    key = defeat_strength(d, strength, valid)
    p = strongest_paths(key)
    beats = p > p.T
    groups = order_by(beats, names)
    return _result("schulze", ballots, d, valid, blank, seats, tie_break, strength, beats, groups,
                   paths=first_figure(p, strength, valid))


# -- ranked pairs -------------------------------------------------------------------------


def count_ranked_pairs(
    ballots: Ballots, seats: int, tie_break: TieBreak, strength: str = "winning_votes"
) -> CountResult:
    """Count by ranked pairs (Tideman): lock the pairs strongest first, skipping a pair
    that would make a cycle with those already locked; the locked pairs order everyone.

    Every pair of candidates is considered: a defeat one way, or both ways, weakest of
    all, when the two are tied head to head (as pref_voting's ``ranked_pairs_tb`` does),
    so the locked pairs order every candidate. Pairs of equal strength are taken in the
    order of an order of candidates drawn by lot (winner first, then loser).
    """
    names = ballots.candidates
    n = len(names)
    d, valid, blank = _matrix_for(ballots, "ranked_pairs")
    key = defeat_strength(d, strength, valid)
    pairs = [(int(key[i, j]), i, j) for i in range(n) for j in range(n)
             if i != j and (key[i, j] > 0 or d[i, j] == d[j, i])]
    by_strength: dict[int, list[tuple[int, int]]] = {}
    for s, i, j in pairs:
        by_strength.setdefault(s, []).append((i, j))
    reach = np.eye(n, dtype=np.bool_)  # reach[a, b]: a is above b through locked pairs
    locked: list[tuple[int, int]] = []
    skipped: list[tuple[int, int]] = []
    tie_order: list[int] | None = None
    rng = np.random.default_rng(tie_break.seed)
    notes: list[TieNote] = []
    for s in sorted(by_strength, reverse=True):
        group = by_strength[s]
        if len(group) > 1:
            if tie_order is None:
                tie_order = [int(c) for c in rng.permutation(n)]
            rank = {c: r for r, c in enumerate(tie_order)}
            group.sort(key=lambda e: (rank[e[0]], rank[e[1]]))
        before = reach.copy()
        for i, j in group:
            if reach[j, i]:
                skipped.append((i, j))
                if len(group) > 1 and not before[j, i]:  # the drawn order decided this one
                    notes.append(TieNote(1, (names[i], names[j]), "lot", names[j], tie_break.seed,
                                         "lock pairs of equal strength"))
                continue
            locked.append((i, j))
            reach |= np.outer(reach[:, i], reach[j, :])  # everyone above i is now above all below j
    beats = reach & ~np.eye(n, dtype=np.bool_)
    groups = order_by(beats, names)
    return _result(
        "ranked_pairs", ballots, d, valid, blank, seats, tie_break, strength, beats, groups,
        locked=tuple((names[i], names[j]) for i, j in locked),
        skipped=tuple((names[i], names[j]) for i, j in skipped),
        tie_order=None if tie_order is None else tuple(names[c] for c in tie_order),
        lock_notes=notes,
    )


# -- shared -------------------------------------------------------------------------------


def _matrix_for(ballots: Ballots, method: str) -> tuple[Matrix, int, int]:
    d, valid, blank = pairwise_matrix(ballots)
    if valid == 0:
        raise CountError(f"{method}: there are no valid ballots to count")
    return d, valid, blank


def _result(
    method: str,
    ballots: Ballots,
    d: Matrix,
    valid: int,
    blank: int,
    seats: int,
    tie_break: TieBreak,
    strength: str,
    beats: NDArray[np.bool_],
    groups: list[list[int]],
    *,
    paths: Matrix | None = None,
    locked: tuple[tuple[str, str], ...] | None = None,
    skipped: tuple[tuple[str, str], ...] | None = None,
    tie_order: tuple[str, ...] | None = None,
    lock_notes: list[TieNote] | None = None,
) -> CountResult:
    """The count of a Condorcet method: one round whose tallies are how many candidates
    each one is above in the method's order, the winners, the pairwise matrix."""
    names = ballots.candidates
    breaker = TieBreaker(tie_break, names)
    winners = _elect(groups, seats, breaker)
    elected = tuple(names[c] for c in winners)
    cw = condorcet_winner(d)
    above = beats.sum(axis=1).tolist()
    notes = [
        f"the Condorcet winner is {names[cw]}" if cw is not None else "there is no Condorcet winner",
        f"tallies: how many candidates each one is above in the {method.replace('_', ' ')} order",
        f"defeats measured by {strength.replace('_', ' ')}",
        *blank_note(blank),
    ]
    if seats > 1:
        notes.append(f"the first {seats} of the order are elected (a ranking, not proportional)")
    pairwise = Pairwise(
        matrix=tuple(tuple(int(v) for v in row) for row in d.tolist()),
        condorcet_winner=None if cw is None else names[cw],
        ranking=tuple(tuple(names[c] for c in group) for group in groups),
        strength=strength,
        paths=None if paths is None else tuple(tuple(int(v) for v in row) for row in paths.tolist()),
        locked=locked,
        skipped=skipped,
        tie_order=tie_order,
    )
    return CountResult(
        method=method,
        winners=elected,
        outcome=", ".join(elected),
        rounds=(Round(1, {names[c]: Fraction(int(above[c])) for c in range(len(names))}, elected),),
        quota=None,
        ties=(*(lock_notes or ()), *breaker.notes),
        valid=valid,
        exhausted=Fraction(0),
        candidates=names,
        seats=seats,
        notes=tuple(notes),
        pairwise=pairwise,
    )
