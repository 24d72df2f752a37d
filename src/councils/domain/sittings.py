"""Sittings of a body: convened with an agenda, closed, and minuted (issue 15 item 4).

A sitting is the body met: a clerk convenes it with its agenda (the questions put before
it, each open or scheduled and before that body) and closes it. Its minutes are drawn from
the record between the two (application/minutes.py): the decisions it took on its agenda
(and on the amendments to the motions on it), with their counts and rolls. A body sits once
at a time. The folds live here, like the living register's (domain/residents.py), so the
state module only names the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Sitting:
    id: str
    body: str
    polity: str
    agenda: tuple[str, ...]
    convened_at: str
    closed_at: str | None = None
    decided: tuple[str, ...] = ()  # at its close: the agenda's questions decided during it
    carried_over: tuple[str, ...] = ()  # at its close: those still open, left to a later sitting
    settled: tuple[str, ...] = ()  # engine only: amendments to its motions decided before it was convened
    convened_after: int = 0  # engine only: the ledger position just before its convening event

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def covers(self, question: str, amends: str | None) -> bool:
        """Whether `question` is on its agenda, or amends a motion on it."""
        return question in self.agenda or (amends is not None and amends in self.agenda)


def _convened(s: Any, d: dict[str, Any], e: Any) -> None:
    agenda = tuple(d["agenda"])
    # What was decided before the sitting met, so that what it decided can be told from the state
    # alone, exactly as the ledger's order tells it, even where the clock gives both one second.
    settled = tuple(a for motion in agenda for a in s.amended_by.get(motion, ())
                    if s.questions[a].status == "decided")
    # The state's position while this event is folded is the one just before it: the sitting's
    # minutes read the ledger from there, not from its start.
    s.sittings[d["sitting"]] = Sitting(d["sitting"], d["body"], e.scope, agenda, e.at, settled=settled,
                                       convened_after=s.position)


def _closed(s: Any, d: dict[str, Any], e: Any) -> None:
    sitting = s.sittings[d["sitting"]]
    sitting.closed_at = e.at
    sitting.decided = tuple(d.get("decided", ()))
    sitting.carried_over = tuple(d.get("carried_over", ()))


FOLDS = {"SittingConvened": _convened, "SittingClosed": _closed}
