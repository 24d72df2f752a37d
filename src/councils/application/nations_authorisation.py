"""Who may send the commands of nations, territory and treaties (issue 12): the clerks of the
polity each acts in. The decisions themselves are the congresses' (the engine checks them):
a clerk records an autonomous unit, a declaration, a transfer consented to, a ratification."""

from __future__ import annotations

from councils.domain.commands import (
    Command,
    DeclareLanguages,
    DeclareTerritory,
    FoundAutonomy,
    ProposeTreaty,
    RatifyTreaty,
    RenounceTreaty,
    TransferCouncil,
)
from councils.domain.state import State

NATION_COMMANDS = (FoundAutonomy, DeclareLanguages, DeclareTerritory, TransferCouncil, ProposeTreaty,
                   RatifyTreaty, RenounceTreaty)


def polities_acting(state: State, command: Command) -> tuple[list[str], str]:
    """The polities any one of whose clerks may send `command`, and what it does, in words."""
    if isinstance(command, FoundAutonomy):
        return [command.republic], "found autonomous units"
    if isinstance(command, DeclareLanguages | DeclareTerritory):
        holder = command.holder
        polity = holder if holder in state.polities else (
            state.bodies[holder].polity if holder in state.bodies else holder)
        return [polity], "declare languages" if isinstance(command, DeclareLanguages) else "declare territory"
    if isinstance(command, TransferCouncil):
        body = state.bodies.get(command.council)
        return [p for p in (body.polity if body else None, command.to) if p], "record a transfer of territory"
    if isinstance(command, ProposeTreaty):
        return list(command.parties), "propose a treaty"
    if isinstance(command, RatifyTreaty | RenounceTreaty):
        return [command.party], "record a treaty's ratification or renunciation"
    return [], ""

