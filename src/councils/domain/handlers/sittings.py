"""Convening and closing a sitting of a body (issue 15 item 4; state in domain/sittings.py).

Refused by name: "one sitting at a time" (a body already sitting), "agenda" (an item that
is not an open question of that body), "sitting closed" (closing one twice). A question
may wait on the agendas of several sittings in turn (carried over); it is decided once.
"""

from __future__ import annotations

from councils.domain.commands import CloseSitting, ConveneSitting
from councils.domain.errors import InvalidCommand, NotFound, Refused
from councils.domain.handlers.emit import Emitter
from councils.domain.ports import Context
from councils.domain.state import State

ONE_SITTING = "one sitting at a time"
AGENDA = "agenda"
SITTING_CLOSED = "sitting closed"
AGENDA_MAX = 200


def convene_sitting(state: State, c: ConveneSitting, ctx: Context, emit: Emitter) -> None:
    if c.sitting in state.sittings:
        raise Refused("exists", f"sitting {c.sitting!r} already exists")
    body = state.bodies.get(c.body)
    if body is None:
        raise NotFound("body", c.body)
    sitting = next((s for s in state.sittings.values() if s.body == body.id and s.open), None)
    if sitting is not None:
        raise Refused(ONE_SITTING, f"{body.name} is sitting already ({sitting.id}, since "
                                   f"{sitting.convened_at}); close it before convening another")
    if not c.agenda:
        raise InvalidCommand("convene_sitting: 'agenda' names no question; a sitting has something before it")
    if len(c.agenda) > AGENDA_MAX:
        raise InvalidCommand(f"convene_sitting: 'agenda' has {len(c.agenda)} items; at most {AGENDA_MAX}")
    if len(set(c.agenda)) != len(c.agenda):
        twice = next(q for q in c.agenda if c.agenda.count(q) > 1)
        raise InvalidCommand(f"convene_sitting: 'agenda' names {twice[:100]!r} twice")
    for item in c.agenda:
        q = state.questions.get(item)
        if q is None:
            raise NotFound("question", item[:100])
        if q.body != body.id:
            raise Refused(AGENDA, f"{q.id} is before {q.body}, not {body.id}; a sitting's agenda is "
                                  "its own body's business")
        if q.status not in ("open", "scheduled"):
            raise Refused(AGENDA, f"{q.id} is already decided ({q.outcome}); there is nothing to put "
                                  "on the agenda")
    emit("SittingConvened", f"sitting:{c.sitting}", body.polity, sitting=c.sitting, body=body.id,
         agenda=list(c.agenda))


def close_sitting(state: State, c: CloseSitting, ctx: Context, emit: Emitter) -> None:
    sitting = state.sittings.get(c.sitting)
    if sitting is None:
        raise NotFound("sitting", c.sitting)
    if not sitting.open:
        raise Refused(SITTING_CLOSED, f"sitting {sitting.id} was closed at {sitting.closed_at}")
    mine = [q for q in state.questions.values()
            if q.body == sitting.body and sitting.covers(q.id, q.detail("amends"))]
    decided = [q.id for q in mine if q.status == "decided" and (q.decided_at or "") >= sitting.convened_at]
    waiting = [q for q in sitting.agenda if state.questions[q].status in ("open", "scheduled")]
    emit("SittingClosed", f"sitting:{sitting.id}", sitting.polity, sitting=sitting.id, body=sitting.body,
         decided=decided, carried_over=waiting)
