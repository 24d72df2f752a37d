"""Peer adapters for ``bench.count``: the same ballots counted by other libraries.

Every adapter starts from the same in-memory profile (``Profile``: candidate names, a
rankings matrix of 0-based candidate indices padded with -1, one count per row) and
times *everything* the peer needs: building its own ballot objects, then counting.
Each uses the fastest public construction path we found for that library:

- pref_voting: ``Profile`` (NumPy-backed) when every row is a complete ranking and the
  method is IRV; otherwise ``ProfileWithTies`` (its STV functions convert to it anyway).
  Methods ``instant_runoff``, ``stv_wig(quota_rule="droop")``, ``stv_meek``.
- votekit: ``RankProfile(df=...)`` built column by column from the matrix (five times
  faster than a list of ``RankBallot``), then ``FastSTV`` (Droop, fractional =
  inclusive Gregory) and ``FastIRV``. votekit has no Meek.
- pyrankvote: one ``Ballot`` per distinct ranking, repeated by reference for each
  voter (pyrankvote has no weights; sharing the object is the cheapest legal input),
  then ``instant_runoff_voting`` / ``single_transferable_vote``. No Meek.

File readers: pref_voting reads PrefLib (``ProfileWithTies.from_preflib``, through
preflibtools); votekit reads a rank-column CSV with a weight column
(``load_ranking_csv``); pyrankvote reads no file.

Winners come back as a frozenset of candidate indices so they can be compared with ours.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Profile:
    """Ballots as plain arrays: what every implementation is handed."""

    candidates: tuple[str, ...]
    rankings: NDArray[np.integer[Any]]  # rows x width, 0-based, padded with -1
    weights: NDArray[np.int64]

    @property
    def voters(self) -> int:
        return int(self.weights.sum())

    @property
    def complete(self) -> bool:
        n = len(self.candidates)
        return self.rankings.shape[1] >= n and bool((self.rankings[:, n - 1] >= 0).all())


# (method, seats, transfer): method "irv" or "stv", transfer "gregory" or "meek".
Spec = tuple[str, int, str]


@dataclass(frozen=True)
class Peer:
    """One library: can it count ``spec``, and how, from memory and from its file."""

    name: str
    supports: Callable[[Spec], bool]
    count: Callable[[Profile, Spec], frozenset[int]]
    file_format: str | None = None  # "soi" or "votekit-csv"
    count_file: Callable[[Path, Profile, Spec], frozenset[int]] | None = None
    rules: str = ""


# -- pref_voting ------------------------------------------------------------------------


def _pv_profile(profile: Profile, spec: Spec) -> Any:
    if spec[0] == "irv" and profile.complete:
        from pref_voting.profiles import Profile as PVProfile

        n = len(profile.candidates)
        return PVProfile(np.asarray(profile.rankings[:, :n], dtype=np.int64), rcounts=profile.weights.tolist())
    from pref_voting.profiles_with_ties import ProfileWithTies

    rows = [{c: r + 1 for r, c in enumerate(row) if c >= 0} for row in profile.rankings.tolist()]
    return ProfileWithTies(rows, rcounts=profile.weights.tolist(), candidates=list(range(len(profile.candidates))))


def _pv_run(pv_profile: Any, spec: Spec) -> frozenset[int]:
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.proportional_methods import stv_meek, stv_wig

    method, seats, transfer = spec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "irv":
            return frozenset(int(c) for c in instant_runoff(pv_profile))
        if transfer == "meek":
            return frozenset(int(c) for c in stv_meek(pv_profile, num_seats=seats))
        return frozenset(int(c) for c in stv_wig(pv_profile, num_seats=seats, quota_rule="droop"))


def _pv_file(path: Path, profile: Profile, spec: Spec) -> frozenset[int]:
    from pref_voting.profiles_with_ties import ProfileWithTies

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pv_profile = ProfileWithTies.from_preflib(str(path))
    # PrefLib numbers candidates from 1; pref_voting keeps those numbers.
    return frozenset(c - 1 for c in _pv_run(pv_profile, spec))


PREF_VOTING = Peer(
    "pref_voting",
    lambda spec: True,
    lambda profile, spec: _pv_run(_pv_profile(profile, spec), spec),
    "soi",
    _pv_file,
    "IRV removes every candidate tied for fewest first preferences at once; stv_wig with "
    "quota_rule='droop' (integer Droop) in floats with EPS; stv_meek in floats (tol 1e-10) "
    "with the rational quota (total - excess)/(seats + 1)",
)

# -- votekit ----------------------------------------------------------------------------


def _vk_profile(profile: Profile) -> Any:
    import pandas as pd
    from votekit.pref_profile import RankProfile

    names = list(profile.candidates)
    lut = np.empty(len(names) + 1, object)
    lut[:-1] = [frozenset([name]) for name in names]
    lut[-1] = frozenset(["~"])  # votekit's "no ranking here"
    width = profile.rankings.shape[1]
    columns = {f"Ranking_{j + 1}": lut[profile.rankings[:, j]] for j in range(width)}
    df = pd.DataFrame(columns)
    df["Weight"] = profile.weights.astype(np.float64)
    df["Voter Set"] = [frozenset()] * len(df)
    df.index.name = "Ballot Index"
    return RankProfile(df=df, candidates=names, max_ranking_length=width)


def _vk_run(vk_profile: Any, names: tuple[str, ...], spec: Spec) -> frozenset[int]:
    from votekit.elections import FastSTV
    from votekit.elections.election_types.ranking.stv.stv import FastIRV

    method, seats, _ = spec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        election = FastIRV(vk_profile) if method == "irv" else FastSTV(vk_profile, n_seats=seats)
        elected = election.get_elected()
    index = {name: i for i, name in enumerate(names)}
    return frozenset(index[name] for group in elected for name in group)


def write_votekit_csv(profile: Profile, path: Path) -> None:
    """The profile as votekit's rank-column CSV: one column per rank, then the weight."""
    width = profile.rankings.shape[1]
    names = np.array([*profile.candidates, ""], object)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*(f"rank{j + 1}" for j in range(width)), "weight"])
        cells = names[profile.rankings]
        for row, weight in zip(cells.tolist(), profile.weights.tolist(), strict=True):
            writer.writerow([*row, weight])


def _vk_file(path: Path, profile: Profile, spec: Spec) -> frozenset[int]:
    from votekit.cvr_loaders import load_ranking_csv

    width = profile.rankings.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vk_profile = load_ranking_csv(
            path, list(range(width)), weight_col=width, header_row=0,
            candidates=list(profile.candidates), print_profile=False,
        )  # fmt: skip
    return _vk_run(vk_profile, profile.candidates, spec)


VOTEKIT = Peer(
    "votekit",
    lambda spec: spec[2] == "gregory",
    lambda profile, spec: _vk_run(_vk_profile(profile), profile.candidates, spec),
    "votekit-csv",
    _vk_file,
    "FastSTV: Droop quota, fractional (inclusive Gregory) transfers in floats, elects "
    "everyone over quota in a round at once; FastIRV ends when a candidate reaches the "
    "Droop quota of all ballots; loser ties broken by first preferences; no Meek",
)

# -- pyrankvote -------------------------------------------------------------------------


def _prv_run(profile: Profile, spec: Spec) -> frozenset[int]:
    import pyrankvote
    from pyrankvote import Ballot, Candidate

    method, seats, _ = spec
    candidates = [Candidate(name) for name in profile.candidates]
    ballots: list[Any] = []
    for row, weight in zip(profile.rankings.tolist(), profile.weights.tolist(), strict=True):
        ballots.extend([Ballot(ranked_candidates=[candidates[c] for c in row if c >= 0])] * weight)
    if method == "irv":
        result = pyrankvote.instant_runoff_voting(candidates, ballots)
    else:
        result = pyrankvote.single_transferable_vote(candidates, ballots, number_of_seats=seats)
    index = {name: i for i, name in enumerate(profile.candidates)}
    return frozenset(index[c.name] for c in result.get_winners())


PYRANKVOTE = Peer(
    "pyrankvote",
    lambda spec: spec[2] == "gregory",
    _prv_run,
    None,
    None,
    "quota votes/(seats + 1) of non-exhausted ballots, elected when reaching it (less 1e-6); "
    "a surplus is shared equally per ballot held (not by each ballot's current value); "
    "excludes in bulk every candidate who cannot catch up; ties by later preferences; no Meek",
)

PEERS = (PREF_VOTING, VOTEKIT, PYRANKVOTE)
