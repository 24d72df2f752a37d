"""The congress pyramid of a republic, as a tree (issue 12 item 1, issue 16 item 6).

One shape for `councils state` (its `pyramids` key), the API (`GET /api/polities/{id}/pyramid`)
and the web's drawn tree (`/polities/{id}/pyramid`): the republic's congress at the root; under
each congress (or council meeting as the congress of its level, RSFSR 1918 Art. 53) the bodies
that send delegates to it, with the seats the constitution gives each (its ratio, basis, cap and
the article it cites) and the delegates each has seated there, by name; under each of those, the
bodies that send to it in turn. Above the root, the seats the republic holds in its union's bodies.

Who sends to whom is the engine's own rule (`domain/apportionment.sends_to`), so the tree shows
exactly the routes an election may take, a town within a gubernia appearing under both the
gubernia and the republic's congress where Art. 25 lets it send by both.
"""

from __future__ import annotations

from typing import Any

from councils.domain.apportionment import apportion, sends_to
from councils.domain.errors import NotFound
from councils.domain.state import Body, Polity, State

MAX_DEPTH = 8
"""Levels below the republic's congress drawn at most (region, gubernia, uyezd, volost, village and
a unit's congress fit with room to spare); a deeper nesting is cut, not looped over."""


def pyramid_of(state: State, republic_id: str, year: int, counts: bool = True) -> dict[str, Any]:
    """The tree of `republic_id`'s congresses. With `counts`, each route says how many seats the
    constitution apportions to it now (from the register: the web and API); without, only the seats
    taken and who took them (cheap enough for `councils state` on a large register)."""
    republic = state.polities.get(republic_id)
    if republic is None or republic.kind != "republic":
        raise NotFound("republic", republic_id)
    root = state.bodies.get(f"{republic.id}/congress")
    if root is None:
        raise NotFound("body", f"{republic.id}/congress")
    return {"republic": republic.id, "name": republic.name, "above": _above(state, republic, root),
            "congress": _node(state, root, year, counts, depth=0, path={root.id})}


def _above(state: State, republic: Polity, root: Body) -> list[dict[str, Any]]:
    """The seats this republic holds in the bodies of the union(s) above it, and who holds them."""
    out: list[dict[str, Any]] = []
    union = state.polities.get(republic.union) if republic.union else None
    if union is None:
        return out
    for body in state.bodies.values():
        if body.polity != union.id:
            continue
        seats = [s for s in body.seats if s.constituency in (republic.id, root.id)]
        if seats or body.kind in ("congress", "chamber"):
            out.append({"id": body.id, "name": body.name, "kind": body.kind, "union": union.id,
                        "union_name": union.name, "delegates": [_delegate(state, s.person, s.question)
                                                                for s in seats]})
    return out


def _candidates(state: State, target: Body) -> list[Body]:
    """The bodies that might send to `target` (filtered by `sends_to`): the councils within it; for
    a congress, the top councils, towns and congresses of its polity too (Art. 25, units)."""
    found = {c: state.bodies[c] for c in state.children.get(target.id, ()) if c in state.bodies}
    if target.council_kind == "region":  # the towns within its gubernias send to it too (Art. 53(a))
        for c in state.subtree(target.id):
            if state.bodies[c].council_kind == "town":
                found.setdefault(c, state.bodies[c])
    if target.kind == "congress":
        for body in state.bodies.values():
            if body.polity == target.polity and body.id != target.id and (
                    body.within is None or body.council_kind == "town" or body.kind == "congress"):
                found.setdefault(body.id, body)
        unit = next((u for u in state.nations.autonomies.values() if u.congress == target.id), None)
        if unit is not None:
            for c in state.children.get(unit.id, ()):
                found.setdefault(c, state.bodies[c])
    return sorted(found.values(), key=lambda b: (b.name.casefold(), b.id))


def _node(state: State, body: Body, year: int, counts: bool, depth: int, path: set[str]) -> dict[str, Any]:
    senders = []
    seated_from = set()
    if depth < MAX_DEPTH:
        for source in _candidates(state, body):
            if source.id in path or sends_to(state, source, body) is None:
                continue
            seats = [s for s in body.seats if s.constituency == source.id]
            seated_from.add(source.id)
            route: dict[str, Any] = {
                "id": source.id, "name": source.name, "kind": source.kind, "council_kind": source.council_kind,
                "delegates": [_delegate(state, s.person, s.question) for s in seats]}
            if counts:
                share = apportion(state, source, body, year)
                if share is not None:
                    rule = share.rule
                    route["apportioned"] = {
                        "seats": share.seats, "explain": share.explain(),
                        "per": rule.per if rule else None, "basis": rule.basis if rule else None,
                        "amount": share.amount if rule else None, "cap": rule.cap if rule else None,
                        "congress_cap": share.congress_cap, "uncapped": share.uncapped,
                        "article": rule.article if rule else "", "verified": rule.verified if rule else True}
            below = _node(state, source, year, counts, depth + 1, path | {source.id})
            route["below"] = below if below["senders"] else None
            senders.append(route)
    others = [_delegate(state, s.person, s.question) | {"sent_by": s.constituency,
                                                          "sent_by_name": _body_name(state, s.constituency)}
              for s in body.seats if s.constituency not in seated_from]
    return {"id": body.id, "name": body.name, "kind": body.kind, "council_kind": body.council_kind,
            "seats": len(body.seats), "senders": senders, "other_delegates": others}


def _delegate(state: State, person: str, question: str) -> dict[str, Any]:
    p = state.persons.get(person)
    return {"person": person, "name": (p.name or p.id) if p is not None else person, "elected_by": question}


def _body_name(state: State, ident: str) -> str:
    body = state.bodies.get(ident)
    if body is not None:
        return body.name
    polity = state.polities.get(ident)
    return polity.name if polity is not None else ident


def pyramids_snapshot(state: State) -> dict[str, Any]:
    """Every republic whose congress has seats, without the apportioned counts (`councils state`)."""
    out = {}
    for rid in sorted(state.polities):
        polity = state.polities[rid]
        if polity.kind == "republic" and f"{rid}/congress" in state.bodies and any(
                body.seats for body in state.bodies.values() if body.polity == rid):
            out[rid] = pyramid_of(state, rid, 0, counts=False)
    return out
