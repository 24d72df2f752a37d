"""Dated history: a command may say when it took effect (`at`), so history is recorded as it happened.

The founding of the RSFSR (July 1918), the Treaty of Union (December 1922) and the USSR
constitution (January 1924) can only be recorded with their own dates: a resident born in
1870 is implausible today but was a voter of 48 in 1918, and a notice period runs from the
day a congress decided, not from the day a clerk typed it in. The rules of the ledger stay:
its events never go back in time (a command is never dated before the last one recorded),
and nothing is dated in the future (the clock says what "now" is). Each dated event keeps
the clock's time it was entered at in its `meta` (`recorded_at`), so a record of 1918
entered in 2026 says both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from councils.domain.commands import Command
from councils.domain.errors import InvalidCommand, Refused
from councils.domain.events import SealedBallot
from councils.domain.handlers.emit import Decision
from councils.domain.ports import Context, CountRequest
from councils.domain.state import State

RULE = "dated history"


def parse_at(where: str, value: str) -> datetime:
    """An ISO 8601 date or time; a date means its midnight, a time without an offset is UTC."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidCommand(f"{where}: field 'at' must be an ISO 8601 date or time "
                             f"(1922-12-30 or 1922-12-30T12:00:00+00:00), got {value!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def check(state: State, command: Command, now: datetime) -> datetime:
    """When the command took effect, or a refusal saying why it cannot be dated so."""
    assert command.at is not None
    when = parse_at(command.name, command.at)
    if when > now:
        raise Refused(RULE, f"{command.name} is dated {stamp(when)}, after now ({stamp(now)}); "
                            "only what has happened can be recorded")
    last = state.last_at
    if last and stamp(when) < last:
        raise Refused(RULE, f"{command.name} is dated {stamp(when)}, before the last recorded event "
                            f"({last}); the ledger records history in order and never goes back")
    return when


class DatedContext:
    """The context of one dated command: the same services, at the command's own time."""

    def __init__(self, inner: Context, when: datetime) -> None:
        self._inner = inner
        self._when = when

    @property
    def now(self) -> datetime:
        return self._when

    def new_receipt(self) -> str:
        return self._inner.new_receipt()

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        return self._inner.sealed_ballots(question)

    def count(self, request: CountRequest) -> dict[str, Any]:
        return self._inner.count(request)

    def __getattr__(self, name: str) -> Any:
        """Whatever else the application's context offers, unchanged: only the time is the command's."""
        return getattr(self._inner, name)


def mark_recorded(decision: Decision, recorded: datetime) -> Decision:
    """Each event of a dated command keeps the clock's time it was entered at, beside its date."""
    when = stamp(recorded)
    decision.events = [replace(e, meta={**e.meta, "recorded_at": when}) for e in decision.events]
    return decision
