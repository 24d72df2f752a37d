"""The congress pyramid (issue 12 item 1): a mandate rests on the one below it.

A delegate whom a congress elected to the level above holds that seat by the mandate of the
seat it holds in that congress: recalled from the congress by its own electors (R8), it loses
the seat above that this congress gave it, and whatever seats that seat gave it in turn. The
ledger records each loss as a recall by the same decision.
"""

from __future__ import annotations

from councils.domain.state import Body, Seat, State


def mandates_above(state: State, person: str, body_id: str) -> list[tuple[Body, Seat]]:
    """The seats `person` holds because `body_id` elected them, and the seats those gave, upwards."""
    found: list[tuple[Body, Seat]] = []
    frontier = [body_id]
    seen = {body_id}
    while frontier:
        below = frontier.pop()
        for body in state.bodies.values():
            for seat in body.seats:
                if seat.person != person:
                    continue
                elected = state.questions.get(seat.question)
                if elected is not None and elected.body == below and body.id not in seen:
                    found.append((body, seat))
                    seen.add(body.id)
                    frontier.append(body.id)
    return found


def is_congress_of_delegates(state: State, body: Body) -> bool:
    """Whether a council of a level of the pyramid (a gubernia, an uyezd) meets as a congress of the
    delegates the level below has seated in it: its constitution apportions delegates to that level
    (`apportionment.<kind>_congress`), and some have taken their seats. Until then its electors are
    its residents, as for any council."""
    if body.kind != "council" or not body.seats:
        return False
    return bool(state.polities[body.polity].constitution.apportionment.get(f"{body.council_kind}_congress"))
