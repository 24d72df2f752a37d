"""R5 Voluntary union, no annexation: a republic joins only by its own congress's decision."""

from __future__ import annotations

from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.rules import unions
from councils.domain.state import Body, Polity, State


def check_accession(state: State, body: Body, command: OpenQuestion) -> None:
    """An accession is opened by a republic's congress (or, as advice, its assembly), or by a
    union's own congress to join a larger union (rules/unions.py)."""
    republic = state.polities[body.polity]
    if republic.kind != "republic" and body.id != f"{republic.id}/congress":
        raise Refused(Rule.R5, f"only a republic's or a union's own congress decides to join a union; "
                               f"{body.id} is not the congress of {republic.id}")
    union = state.polities.get(command.union or "")
    if union is None or union.kind != "union":
        raise Refused(Rule.R5, f"accession needs the 'union' to join; no union {command.union!r}")
    unions.check_no_cycle(state, republic, union)
    if republic.union is not None:
        raise Refused(Rule.R5, f"{republic.id} is already a member of {republic.union}")


def check_admission(state: State, body: Body, command: OpenQuestion) -> None:
    """A union admits only a republic whose own congress has decided to join it."""
    union = state.polities[body.polity]
    if union.kind != "union" or body.kind != "congress":
        raise Refused(Rule.R5, "admission is voted by a union's congress")
    republic = state.polities.get(command.republic or "")
    if republic is None or republic.id == union.id:
        raise Refused(Rule.R5, f"admission needs the 'republic' (or union) to admit; no republic "
                               f"{command.republic!r}")
    if republic.union == union.id:
        raise Refused(Rule.R5, f"{republic.id} is already a member of {union.id}")
    unions.check_no_cycle(state, republic, union)
    if union.id not in republic.accession_decided:
        raise Refused(Rule.R5, f"{republic.id}'s own congress has not decided to join {union.id}; "
                               "no republic can be made a member without its own decision")
    if joins_on_decision(state, union):
        raise Refused(Rule.R5, f"admission to {union.id} is open: {republic.id} joined on its "
                               "own decision, no vote of the union is needed")
    if union.constitution.accession.admission == "treaty":
        raise Refused(Rule.R5, f"{union.id} admits by a treaty of accession (its constitution says so): "
                               f"a treaty of {union.id} and {republic.id} that admits it, ratified by the "
                               "congress of each")


def joins_on_decision(state: State, union: Polity) -> bool:
    """Whether a republic's decision to join takes effect without a union vote.

    Admission is open, or the union is still being founded: it has no members yet, or
    no delegate has yet taken a seat in its congress (the republics acceding to its
    founding treaty, as the four of December 1922 did, have no one to ask but
    themselves). Once its congress sits, a union whose constitution makes admission a
    union matter (USSR 1924 Art. 1(c)) admits by its congress's vote.
    """
    if union.constitution.accession.admission == "open" or not union.members:
        return True
    congress = state.bodies.get(f"{union.id}/congress")
    return congress is None or not congress.seats
