"""Reads for the web's treaty, language and territory forms (issue 12 item 5): what a republic or
union is party to, and the choices its forms offer, by name: the decisions of its own congress a
ratification, renunciation or consent may rest on (R5: a party is bound by its own congress only),
the other polities it may treat with, the councils that may hold territory or move."""

from __future__ import annotations

from typing import Any

from councils.application.nations_view import treaty_json
from councils.domain.errors import NotFound
from councils.domain.state import State

DECISIONS_SHOWN = 50
"""The latest decisions of a congress offered in a form: a ratification rests on a recent one."""


def treaties_of(state: State, polity_id: str, now: str) -> dict[str, Any]:
    polity = state.polities.get(polity_id)
    if polity is None:
        raise NotFound("republic or union", polity_id)
    return {
        "id": polity.id, "kind": polity.kind, "name": polity.name,
        "treaties": [treaty_json(state, t, now) for t in state.nations.treaties.values() if polity.id in t.parties],
        "decisions": congress_decisions(state, polity.id),
        "others": sorted(({"id": p.id, "name": p.name, "kind": p.kind} for p in state.polities.values()
                          if p.id != polity.id), key=lambda p: p["name"].casefold()),
    }


def congress_decisions(state: State, polity_id: str) -> list[dict[str, str]]:
    """The binding 'yes' decisions of the polity's own congress, newest first."""
    congress = f"{polity_id}/congress"
    found = [q for q in state.questions.values()
             if q.body == congress and q.status == "decided" and q.binding is True and q.outcome == "yes"]
    return [{"id": q.id, "text": q.text} for q in reversed(found)][:DECISIONS_SHOWN]


def holdings_of(state: State, polity_id: str) -> dict[str, Any]:
    """A republic's languages, the territory its councils hold, and the choices of its forms."""
    polity = state.polities.get(polity_id)
    if polity is None:
        raise NotFound("republic or union", polity_id)
    nations = state.nations
    councils = sorted((b for b in state.bodies.values() if b.polity == polity.id and b.kind == "council"),
                      key=lambda b: b.name.casefold())
    units = [u for u in nations.autonomies.values() if u.republic == polity.id and u.congress]
    return {
        "id": polity.id, "kind": polity.kind, "name": polity.name,
        "languages": list(nations.languages.get(polity.id, ())),
        "territory": nations.territory.get(polity.id),
        "units": [{"id": u.id, "name": u.name, "languages": list(nations.languages.get(u.id, ()))} for u in units],
        "councils": [{"id": b.id, "name": b.name, "territory": nations.territory.get(b.id)} for b in councils],
        "republics": sorted(({"id": p.id, "name": p.name} for p in state.polities.values()
                             if p.kind == "republic" and p.id != polity.id), key=lambda p: p["name"].casefold()),
        "decisions": congress_decisions(state, polity.id),
        "receiving": receiving_decisions(state, polity.id),
        "transfers": [t for t in nations.transfers if polity.id in (t["from"], t["to"])],
    }


def receiving_decisions(state: State, polity_id: str) -> list[dict[str, Any]]:
    """For each other republic, the decisions of its own congress a move may rest on (USSR 1924 Art. 6):
    the move form offers the receiving republic's consent by its text and its congress's name, not an id."""
    found = []
    for p in sorted((p for p in state.polities.values() if p.kind == "republic" and p.id != polity_id),
                    key=lambda p: p.name.casefold()):
        decisions = congress_decisions(state, p.id)
        if decisions:
            congress = state.bodies.get(f"{p.id}/congress")
            found.append({"id": p.id, "name": p.name, "congress": congress.name if congress else p.name,
                          "decisions": decisions})
    return found
