"""Unions joining unions (issue 12 item 6): R3, R5 and R6 at every level.

A union may accede to a larger union by its own congress's decision, and leave it the same
way, exactly as a republic does: its congress decides (R4: no other of its bodies), the
larger union admits it under its constitution (R5), no body of the larger union can put its
secession to a vote or hold it (R3), and the larger union binds it only within its reserved
competences, never the republics inside it directly (R6: they are not its members).
"""

from __future__ import annotations

from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.state import Body, Person, Polity, State

OWN_MEMBERSHIP = ("accession", "secession")


def decides_own_membership(polity: Polity, body: Body, c: OpenQuestion) -> bool:
    """Whether a union's question is about its own joining or leaving a larger union."""
    if polity.kind != "union" or c.kind not in OWN_MEMBERSHIP or c.target not in (None, polity.id):
        return False
    if body.kind != "congress":
        raise Refused(Rule.R4, f"a union's {c.kind} is decided by its own congress, not by {body.id}")
    return True


def check_no_cycle(state: State, joining: Polity, union: Polity) -> None:
    """R5: no polity becomes a member of itself, or of a union that is (within) its own member."""
    current: Polity | None = union
    while current is not None:
        if current.id == joining.id:
            raise Refused(Rule.R5, f"{joining.id} cannot join {union.id}: {union.id} is "
                                   f"{'itself' if union.id == joining.id else 'within ' + joining.id}")
        current = state.polities.get(current.union) if current.union else None


def residents_under(state: State, polity: Polity) -> list[str]:
    """Every resident of the republics a union holds, at every level (for its delegates, R7)."""
    republics: set[str] = set()
    stack = [polity.id]
    while stack:
        current = state.polities[stack.pop()]
        if current.kind == "republic":
            republics.add(current.id)
        stack.extend(current.members)
    return [p.id for p in state.persons.values() if _of(p, republics)]


def _of(person: Person, republics: set[str]) -> bool:
    return person.republic in republics


def within(state: State, polity_id: str, union_id: str) -> bool:
    """Whether `polity_id` is a member of `union_id`, directly or through member unions."""
    current = state.polities.get(polity_id)
    while current is not None and current.union is not None:
        if current.union == union_id:
            return True
        current = state.polities.get(current.union)
    return False
