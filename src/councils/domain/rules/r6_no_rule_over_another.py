"""R6 No rule over another people: a body binds only its own polity, a union only within its competences."""

from __future__ import annotations

from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.state import Body, Polity, State


def check_target(state: State, body: Body, command: OpenQuestion) -> None:
    polity = state.polities[body.polity]
    target = command.target
    if polity.kind == "republic":
        if target is not None and target != polity.id:
            raise Refused(Rule.R6, f"{body.id} is a body of {polity.id}; it cannot decide "
                                   f"anything binding on {target}")
        return
    _check_union_competence(state, polity, command)


def _check_union_competence(state: State, union: Polity, command: OpenQuestion) -> None:
    if command.target is not None and command.target != union.id:
        member = state.polities.get(command.target)
        if member is None or member.union != union.id:
            raise Refused(Rule.R6, f"{command.target} is not a member of {union.id}; "
                                   "the union binds only its members")
    if command.kind == "law":
        if command.competence is None:
            raise Refused(Rule.R6, f"a law of {union.id} must name its 'competence'")
        if command.competence not in union.constitution.union.competences:
            reserved = ", ".join(union.constitution.union.competences) or "none"
            raise Refused(Rule.R6, f"{command.competence!r} is not a competence reserved to "
                                   f"{union.id} (reserved: {reserved}); it belongs to each republic")
    elif command.target is not None and command.competence not in union.constitution.union.competences:
        raise Refused(Rule.R6, f"a question of {union.id} on {command.target} must fall within a "
                               "reserved competence")


def check_same_polity(body: Body, other: Body, what: str) -> None:
    if body.polity != other.polity:
        raise Refused(Rule.R6, f"{what} {other.id} belongs to {other.polity}, not to {body.polity}")
