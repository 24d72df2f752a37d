"""R6 No rule over another people: a body binds only its own polity, a union only within its competences."""

from __future__ import annotations

from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.state import Body, Polity, Question, State


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


TERRITORIAL = ("frontiers",)


def advisory_reason(state: State, question: Question) -> str | None:
    """Why a union's decision does not bind its members, whatever its label, if it does not.

    A union binds only within the competences its constitution reserves to it; a motion
    outside them is an opinion. A decision on a member's territory binds only with that
    member's own consent (USSR 1924 Art 6), which the union's vote alone is not.
    """
    union = state.polities[question.polity]
    if union.kind != "union" or question.kind not in ("motion", "law"):
        return None
    competence = question.detail("competence")
    reserved = union.constitution.union.competences
    if competence not in reserved:
        return (f"R6: {union.id} decides binding only within its reserved competences "
                f"({', '.join(reserved) or 'none'}); "
                + (f"{competence!r} is not one" if competence else "this names none")
                + ", so the decision is advisory")
    target = question.detail("target")
    if competence in TERRITORIAL and target is not None and target != union.id:
        return (f"R6: a change to the territory of {target} needs its own congress's consent "
                "(USSR 1924 Art 6); the union's decision alone is advisory")
    return None
