"""Exact, vectorised vote counting: one ``count`` for every method, and ballot files.

>>> from councils.counting import Ballots, count
>>> ballots = Ballots.from_rankings(["a", "b", "c"], [["a"], ["b", "c"], ["c", "b"]], [4, 3, 2])
>>> count(ballots, "irv").winners
('b',)

Each name below is imported from its module on first use (PEP 562), not when the package
is: ``councils count`` of a CSV file is a one-shot process whose start-up is most of its
time, and it need not load the ``.blt`` and PrefLib readers, the motion rule or the
Condorcet methods. Type checkers see the plain imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from councils.counting.ballots import Ballots
    from councils.counting.dispatch import METHODS, TRANSFERS, count
    from councils.counting.errors import CountError
    from councils.counting.io import FORMATS, read_ballot_file, write_ballot_file
    from councils.counting.motion import MotionRule
    from councils.counting.result import CountResult, Round, TieNote, Transfer
    from councils.counting.ties import TieBreak

_HOME = {  # each public name: the module that defines it
    "Ballots": "ballots",
    "METHODS": "dispatch",
    "TRANSFERS": "dispatch",
    "count": "dispatch",
    "CountError": "errors",
    "FORMATS": "io",
    "read_ballot_file": "io",
    "write_ballot_file": "io",
    "MotionRule": "motion",
    "CountResult": "result",
    "Round": "result",
    "TieNote": "result",
    "Transfer": "result",
    "TieBreak": "ties",
}

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


if not TYPE_CHECKING:  # hidden from the type checker, which would take any name for Any

    def __getattr__(name: str) -> Any:
        """Import a public name's module when the name is first asked for, and keep the name."""
        home = _HOME.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module = __import__(f"{__name__}.{home}", fromlist=[name])  # the submodule itself
        value = getattr(module, name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
