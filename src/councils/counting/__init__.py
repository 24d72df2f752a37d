"""Exact, vectorised vote counting: one ``count`` for every method, and ballot files.

>>> from councils.counting import Ballots, count
>>> ballots = Ballots.from_rankings(["a", "b", "c"], [["a"], ["b", "c"], ["c", "b"]], [4, 3, 2])
>>> count(ballots, "irv").winners
('b',)
"""

from councils.counting.ballots import Ballots
from councils.counting.dispatch import METHODS, TRANSFERS, count
from councils.counting.errors import CountError
from councils.counting.io import FORMATS, read_ballot_file, write_ballot_file
from councils.counting.motion import MotionRule
from councils.counting.result import CountResult, Round, TieNote, Transfer
from councils.counting.ties import TieBreak

__all__ = [
    "FORMATS",
    "METHODS",
    "TRANSFERS",
    "Ballots",
    "CountError",
    "CountResult",
    "MotionRule",
    "Round",
    "TieBreak",
    "TieNote",
    "Transfer",
    "count",
    "read_ballot_file",
    "write_ballot_file",
]
