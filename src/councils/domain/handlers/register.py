"""Keeping the register: residents move, change class, die or leave, lose and regain their rights.

Each command is an event of the ledger. What it changes is the register from now on: the
roll of a question already open stays as it was frozen (DESIGN), and the next roll and the
next apportionment (R7) read the new figures.

A move between republics needs both republics' records (R6: nothing moves anyone between
republics on one side's word): the republic the resident leaves records the move
(`move_resident`, a `ResidentLeaving` event in its records), and the republic they join
records their arrival (`receive_resident`, a `ResidentMoved` event in its records, carrying
the whole entry, so that its archive (R9) holds its residents without the other's).
"""

from __future__ import annotations

from datetime import date

from councils.domain.commands import (
    ChangeClass,
    DepriveRights,
    MoveResident,
    ReceiveResident,
    RecordDeparture,
    RestoreRights,
)
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers.emit import Emitter
from councils.domain.ports import Context
from councils.domain.residents import GROUNDS
from councils.domain.rules.r1_franchise import class_problem
from councils.domain.state import Body, Person, State

REGISTER = "register"


def _person(state: State, ident: str) -> Person:
    person = state.persons.get(ident)
    if person is None:
        former = state.former.get(ident)
        if former is not None:
            raise Refused(REGISTER, f"{ident} is no longer on the register (recorded as gone from "
                                    f"{former.council}); nothing more is recorded for them")
        raise NotFound("person", ident)
    return person


def _council(state: State, ident: str) -> Body:
    body = state.bodies.get(ident)
    if body is None or body.kind != "council":
        raise NotFound("council", ident)
    return body


def _entry(person: Person, council: Body) -> dict[str, object]:
    """What a move records: where to and from, and the whole entry (the archive of either side)."""
    return {"person": person.id, "council": council.id, "republic": council.polity,
            "from_council": person.council, "from_republic": person.republic,
            "nationality": person.nationality, "class": person.social_class, "born": person.born,
            "name": person.name}


def move_resident(state: State, c: MoveResident, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    council = _council(state, c.council)
    if council.id == person.council:
        raise Refused(REGISTER, f"{person.id} is already registered in {council.id}")
    pending = state.moving.get(person.id)
    if pending is not None:
        raise Refused(REGISTER, f"{person.id} is already moving to {pending['council']}; "
                                f"{pending['republic']} has not yet received them (receive_resident)")
    stream = f"person:{person.id}"
    if council.polity == person.republic:
        emit("ResidentMoved", stream, council.polity, **_entry(person, council))
        return
    problem = class_problem(state.polities[council.polity], person.social_class)
    if problem is not None:
        raise InvalidCommand(f"move_resident: {problem} (in {council.polity})")
    emit("ResidentLeaving", stream, person.republic, person=person.id, council=council.id,
         republic=council.polity, from_council=person.council, from_republic=person.republic)


def receive_resident(state: State, c: ReceiveResident, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    council = _council(state, c.council)
    pending = state.moving.get(person.id)
    if pending is None:
        raise Refused(Rule.R6, f"{person.id} is a resident of {person.republic}, which has recorded "
                               f"no move of theirs to {council.polity}; a resident moves between "
                               "republics only with both republics' records (move_resident there first)")
    if pending["council"] != council.id:
        raise Refused(Rule.R6, f"{person.republic} recorded {person.id} moving to "
                               f"{pending['council']}, not to {council.id}")
    emit("ResidentMoved", f"person:{person.id}", council.polity, **_entry(person, council))


def change_class(state: State, c: ChangeClass, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    problem = class_problem(state.polities[person.republic], c.social_class)
    if problem is not None:  # a typo would silently take someone's vote away
        raise InvalidCommand(f"change_class: field 'class': {problem}")
    if c.social_class == person.social_class:
        raise Refused(REGISTER, f"{person.id} is already of class {c.social_class!r}")
    emit("ClassChanged", f"person:{person.id}", person.republic, person=person.id,
         was=person.social_class, **{"class": c.social_class})


def record_departure(state: State, c: RecordDeparture, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    emit("PersonDeparted", f"person:{person.id}", person.republic, person=person.id,
         council=person.council, republic=person.republic, reason=c.reason)


def _date(command: str, key: str, value: str, ctx: Context) -> date:
    try:
        when = date.fromisoformat(value[:10]) if len(value) >= 10 else date.fromisoformat(value)
    except ValueError:
        raise InvalidCommand(f"{command}: field {key!r} must be an ISO 8601 date "
                             f"(1919-03-01), got {value!r}") from None
    if key == "decided" and when > ctx.now.date():
        raise Refused(REGISTER, f"{command}: the decision is dated {when}, after today "
                                f"({ctx.now.date()}); record a decision once it is taken")
    return when


def deprive_rights(state: State, c: DepriveRights, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    decided = _date("deprive_rights", "decided", c.decided, ctx)
    until = _date("deprive_rights", "until", c.until, ctx) if c.until is not None else None
    if until is not None and until <= decided:
        raise InvalidCommand(f"deprive_rights: 'until' ({until}) must come after 'decided' ({decided})")
    if c.ground == "sentence" and not c.decision.strip():
        raise InvalidCommand("deprive_rights: a sentence is cited by its 'decision'")
    if person.deprived is not None:
        raise Refused(REGISTER, f"{person.id} is already deprived of the right to vote "
                                f"({person.deprived})")
    emit("RightsDeprived", f"person:{person.id}", person.republic, person=person.id,
         ground=GROUNDS[c.ground], decision=c.decision, decided=decided.isoformat(),
         until=until.isoformat() if until else None)


def restore_rights(state: State, c: RestoreRights, ctx: Context, emit: Emitter) -> None:
    person = _person(state, c.person)
    decided = _date("restore_rights", "decided", c.decided, ctx)
    if person.deprived is None:
        raise Refused(REGISTER, f"{person.id} has not been deprived of the right to vote; there is "
                                "nothing to restore")
    emit("RightsRestored", f"person:{person.id}", person.republic, person=person.id,
         decision=c.decision, decided=decided.isoformat())
