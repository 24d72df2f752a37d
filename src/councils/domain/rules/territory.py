"""R6 on territory: no decision moves a council between republics without each one's own congress.

USSR 1924 Art. 6 [S]: a republic's territory cannot be changed without its consent (the 1936
text, Art. 18, says the same [V]). The union may regulate frontiers between its members (Art.
1(b)), but its decision alone moves nothing: the congress of the republic that gives the
council up and the congress of the republic that receives it must each have decided yes.
"""

from __future__ import annotations

from councils.domain.commands import TransferCouncil
from councils.domain.errors import NotFound, Refused, Rule
from councils.domain.state import Body, Polity, Question, State


def congress_decided(state: State, question_id: str, polity: str) -> Question | None:
    """The question if it is a binding 'yes' of `polity`'s own congress, else None."""
    q = state.questions.get(question_id)
    if q is None or q.body != f"{polity}/congress":
        return None
    if q.status != "decided" or q.binding is not True or q.outcome != "yes":
        return None
    return q


def check_transfer(state: State, c: TransferCouncil) -> tuple[Body, Polity, Polity]:
    """The council, the republic it leaves and the one it joins, if each consents."""
    council = state.bodies.get(c.council)
    if council is None or council.kind != "council":
        raise NotFound("council", c.council)
    giving = state.polities[council.polity]
    receiving = state.polities.get(c.to)
    if receiving is None or receiving.kind != "republic":
        raise NotFound("republic", c.to)
    if receiving.id == giving.id:
        raise Refused(Rule.R6, f"{council.id} is already a council of {giving.id}")
    for unknown in (q for q in c.consents if q not in state.questions):
        raise NotFound("question", unknown)
    if c.decision is not None:
        _check_union_decision(state, c.decision, giving, receiving)
    for republic in (giving, receiving):
        if republic is giving and _separated(state, council, receiving, c.consents):
            continue  # the unit's own congress decided to leave: no one else consents for it (R4)
        if not any(congress_decided(state, q, republic.id) for q in c.consents):
            union = f"; the decision of {c.decision} does not stand for it" if c.decision else ""
            raise Refused(Rule.R6, f"moving {council.id} from {giving.id} to {receiving.id} changes the "
                                   f"territory of {republic.id}, which needs the consent of its own "
                                   f"congress ({republic.id}/congress) decided yes (USSR 1924 Art. 6); "
                                   f"none of the decisions given ({', '.join(c.consents) or 'none'}) is "
                                   f"one{union}")
    return council, giving, receiving


def _separated(state: State, council: Body, receiving: Polity, consents: tuple[str, ...]) -> bool:
    """Whether `council` is an autonomous unit whose own congress decided to separate into `receiving`."""
    unit = state.nations.autonomies.get(council.id)
    if unit is None:
        return False
    for ident in consents:
        q = state.questions.get(ident)
        separation = q.detail("separation") if q is not None else None
        if (q is not None and separation and separation.get("into") == receiving.id and q.body == unit.congress
                and q.status == "decided" and q.binding is True and q.outcome == "yes"):
            return True
    return False


def _check_union_decision(state: State, decision: str, giving: Polity, receiving: Polity) -> None:
    q = state.questions.get(decision)
    if q is None:
        raise NotFound("question", decision)
    union = state.polities[q.polity]
    if union.kind != "union" or q.status != "decided" or q.outcome != "yes":
        raise Refused(Rule.R6, f"{decision} is not a decision of a union to regulate a frontier")
    if giving.union != union.id or receiving.union != union.id:
        raise Refused(Rule.R6, f"{union.id} regulates frontiers only between its own members; "
                               f"{giving.id} and {receiving.id} are not both members")
