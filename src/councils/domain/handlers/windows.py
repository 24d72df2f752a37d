"""Voting windows: a question that opens and closes on time (issue 15, item 1).

A question may carry an opening time (``opens``, ISO 8601) and a closing time
(``closes``) or a length (``duration``: "90m", "48h", "7d"). The window is checked
against its kind's bounds in the constitution (``min_window_hours``,
``max_window_hours``) and kept in the question's details as ``opens_at`` and
``closes_at``. Then the clock does the rest, through the pipeline's tick:

- a question whose opening time is still to come is *scheduled*: it takes no ballot;
  at its opening time ``VotingOpened`` opens it and freezes its roll then (DESIGN: the
  roll is frozen when the question opens, so registrations until then count);
- at its closing time the question is closed and counted by a ``close_question``
  the tick decides like any other command (the same count, effects and refusals);
- before its closing time a clerk may close it only where the kind's ``close_early``
  allows it (the rule in force when it was opened, kept in its details), or once
  everyone on the roll has voted; otherwise the refusal names the rule.

A question opened without a window is closed by a clerk, as before: the bounds bound a
window, they do not impose one (an engine choice; no text of 1918 or 1924 states a
voting period).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from councils.constitution.schema import QuestionRule
from councils.domain.commands import CloseQuestion, OpenQuestion
from councils.domain.errors import InvalidCommand, Refused
from councils.domain.events import Event
from councils.domain.state import Question, State

DURATION = re.compile(r"([1-9][0-9]{0,5})([mhd])")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def stamp(when: datetime) -> str:
    """The one text form of a time in the ledger (as the Emitter stamps events)."""
    return when.isoformat(timespec="seconds")


def _time(field: str, text: str, now: datetime) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidCommand(f"open_question: field {field!r} must be an ISO 8601 time such as "
                             f"2026-12-01T18:00:00+00:00, got {text!r}") from None
    if when.tzinfo is None:  # a time without its zone is read as UTC, the ledger's zone
        when = when.replace(tzinfo=UTC)
    return when.astimezone(now.tzinfo or UTC).replace(microsecond=0)


def _duration(text: str) -> timedelta:
    match = DURATION.fullmatch(text.strip())
    if match is None:
        raise InvalidCommand(f"open_question: field 'duration' must be a whole number of minutes, "
                             f"hours or days such as 90m, 48h or 7d, got {text!r}")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def _hours(length: timedelta) -> str:
    hours = length.total_seconds() / 3600
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def window(c: OpenQuestion, rule: QuestionRule, now: datetime) -> dict[str, Any]:
    """The details a question's window adds (none without one), or a refusal naming the rule."""
    if c.opens is None and c.closes is None and c.duration is None:
        return {}
    if c.closes is not None and c.duration is not None:
        raise InvalidCommand("open_question: give 'closes' or 'duration', not both")
    now = now.replace(microsecond=0)
    opens = now if c.opens is None else _time("opens", c.opens, now)
    if opens < now:
        raise InvalidCommand(f"open_question: 'opens' ({stamp(opens)}) is before now ({stamp(now)}); "
                             "a question cannot open in the past")
    details: dict[str, Any] = {"opens_at": stamp(opens), "close_early": rule.close_early}
    if c.closes is None and c.duration is None:
        return details  # opens on time, closed by a clerk
    closes = _time("closes", c.closes, now) if c.closes is not None else opens + _duration(c.duration or "")
    if closes <= opens:
        raise InvalidCommand(f"open_question: 'closes' ({stamp(closes)}) must come after the opening "
                             f"({stamp(opens)})")
    length = closes - opens
    kind = c.kind
    if rule.min_window_hours is not None and length < timedelta(hours=rule.min_window_hours):
        raise Refused(f"constitution questions.{kind}.min_window_hours",
                      f"a {kind} stays open at least {rule.min_window_hours} hours; this window is "
                      f"{_hours(length)}")
    if rule.max_window_hours is not None and length > timedelta(hours=rule.max_window_hours):
        raise Refused(f"constitution questions.{kind}.max_window_hours",
                      f"a {kind} stays open at most {rule.max_window_hours} hours; this window is "
                      f"{_hours(length)}")
    details["closes_at"] = stamp(closes)
    return details


def _when(q: Question, key: str) -> datetime | None:
    value = q.details.get(key)
    return None if value is None else datetime.fromisoformat(value)


def check_ballot(q: Question, now: datetime) -> None:
    """A ballot is taken only inside the window."""
    if q.status == "scheduled":
        raise Refused("window", f"voting on {q.id} opens at {q.details['opens_at']}; no ballot is taken before")
    closes = _when(q, "closes_at")
    if closes is not None and now >= closes:
        raise Refused("window", f"voting on {q.id} closed at {q.details['closes_at']}")


def check_close(q: Question, now: datetime) -> None:
    """A clerk closes a question before its closing time only where its kind allows it."""
    if q.status == "scheduled":
        raise Refused("window", f"voting on {q.id} has not opened (it opens at {q.details['opens_at']}); "
                                "there is nothing to close")
    closes = _when(q, "closes_at")
    if q.status != "open" or closes is None or now >= closes or q.details.get("close_early", True):
        return  # (a decided question is refused as closed by the handler)
    if len(q.voted) >= len(q.roll):  # everyone has voted: waiting would change nothing
        return
    raise Refused(f"constitution questions.{q.kind}.close_early",
                  f"{q.id} closes at {q.details['closes_at']}, and the constitution lets no one close a "
                  f"{q.kind} before its closing time ({len(q.voted)} of {len(q.roll)} on the roll have voted)")


def opening_due(state: State, now: datetime, roll_of: Any) -> list[Event]:
    """``VotingOpened`` for every scheduled question whose opening time has come, each
    with its roll frozen now (``roll_of(state, body, year)``, the rule of opening)."""
    events = []
    for q in state.questions.values():
        if q.status == "scheduled":
            opens = _when(q, "opens_at")
            if opens is not None and opens <= now:
                roll = roll_of(state, state.bodies[q.body], opens.year)
                at = max(stamp(opens), state.last_at)  # on time, unless the ledger has moved past it
                events.append(Event("VotingOpened", {"question": q.id, "roll": roll, "opens_at": stamp(opens)},
                                    f"question:{q.id}", q.polity, at))
    return events


def closing_due(state: State, now: datetime) -> list[tuple[CloseQuestion, datetime]]:
    """A ``close_question`` for every open question whose closing time has come, with that
    time (the tick decides each at it), earliest first."""
    due = [(CloseQuestion(q.id), closes) for q in state.questions.values()
           if q.status == "open" and (closes := _when(q, "closes_at")) is not None and closes <= now]
    return sorted(due, key=lambda pair: (pair[1], pair[0].question))


def closings_due(state: State, now: datetime) -> list[Event]:
    """For reads (``state``'s list of what is due): the ``QuestionDecided`` each window that
    has closed is waiting for, naming the question and its closing time, no count."""
    return [Event("QuestionDecided", {"question": c.question, "closes_at": stamp(when)}, f"question:{c.question}",
                  state.questions[c.question].polity, stamp(when))
            for c, when in closing_due(state, now)]


def next_window(state: State) -> datetime | None:
    """The next opening or closing time of a question, if any (what the scheduler sleeps until)."""
    times = []
    for q in state.questions.values():
        key = "opens_at" if q.status == "scheduled" else "closes_at" if q.status == "open" else None
        if key is not None and (when := _when(q, key)) is not None:
            times.append(when)
    return min(times) if times else None
