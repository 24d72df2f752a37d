"""Reads of the nations inside a polity: its autonomous units, languages, territory, treaties.

One shape for the API (`GET /api/polities/{id}/nations`), the web page and `councils state
--json` (its `nations` key), so each shows the same units, with names, not only ids.
"""

from __future__ import annotations

from typing import Any

from councils.domain.errors import NotFound
from councils.domain.nations import Treaty
from councils.domain.state import State


def nations_of(state: State, polity_id: str, now: str) -> dict[str, Any]:
    """What issue 12 adds to a republic or union, as plain JSON, at the ISO time `now`."""
    polity = state.polities.get(polity_id)
    if polity is None:
        raise NotFound("republic or union", polity_id)
    nations = state.nations
    members = set(polity.members) if polity.kind == "union" else {polity.id}
    units = [u for u in nations.autonomies.values() if u.republic in members]
    return {
        "id": polity.id, "kind": polity.kind, "name": polity.name,
        "languages": list(nations.languages.get(polity.id, ())),
        "territory": nations.territory.get(polity.id),
        "autonomies": [{
            "id": u.id, "republic": u.republic, "kind": u.kind, "name": u.name,
            "nationalities": list(u.nationalities),
            "languages": list(nations.languages.get(u.id, ())),
            "territory": nations.territory.get(u.id),
            "congress": u.congress,
            "delegates": [{"person": s.person, "name": _name(state, s.person), "sent_by": s.constituency}
                          for s in state.bodies[u.congress].seats] if u.congress in state.bodies else [],
            "councils": [{"id": c, "name": state.bodies[c].name} for c in state.children.get(u.id, [])],
        } for u in units],
        "councils_with_territory": [
            {"id": b, "name": state.bodies[b].name, **area} for b, area in nations.territory.items()
            if b in state.bodies and state.bodies[b].polity in members],
        "treaties": [treaty_json(state, t, now) for t in nations.treaties.values()
                     if polity.id in t.parties or members & set(t.parties)],
        "transfers": [t for t in nations.transfers if {t["from"], t["to"]} & members],
        "separations": [sep for sep in nations.separations
                        if {sep.get("from"), sep.get("into")} & members or sep["unit"].split("/")[0] in members],
        "second_chamber": _second_chamber(state, polity_id),
    }


def treaty_json(state: State, t: Treaty, now: str) -> dict[str, Any]:
    return {"id": t.id, "text": t.text, "obligations": list(t.obligations), "notice_days": t.notice_days,
            "proposed_at": t.proposed_at, "admits": t.admits,
            "parties": [{"id": p, "name": state.polities[p].name if p in state.polities else p,
                         "ratified_by": t.ratified.get(p), "renounced": t.renounced.get(p),
                         "bound": t.binds(p, now)} for p in t.parties]}


def _second_chamber(state: State, polity_id: str) -> dict[str, Any] | None:
    """A union's chamber of the nations (USSR 1924 Art. 15): the seats each member sends."""
    polity = state.polities[polity_id]
    chamber = polity.constitution.union.second_chamber
    if polity.kind != "union" or chamber is None:
        return None
    rows = []
    for member in polity.members:
        units = [u.kind for u in state.nations.autonomies.values() if u.republic == member]
        rows.append({"republic": member, "name": state.polities[member].name,
                     "autonomous_republics": units.count("autonomous_republic"),
                     "autonomous_regions": units.count("autonomous_region"),
                     "seats": chamber.seats_per_republic
                     + chamber.seats_per_autonomous_republic * units.count("autonomous_republic")
                     + chamber.seats_per_autonomous_region * units.count("autonomous_region")})
    return {"body": f"{polity.id}/{chamber.name}", "per_republic": chamber.seats_per_republic,
            "per_autonomous_republic": chamber.seats_per_autonomous_republic,
            "per_autonomous_region": chamber.seats_per_autonomous_region, "members": rows,
            "seats": sum(r["seats"] for r in rows)}


def _name(state: State, person: str) -> str:
    p = state.persons.get(person)
    return (p.name or p.id) if p is not None else person


def nations_snapshot(state: State, now: str) -> dict[str, Any]:
    """Every autonomous unit and treaty, for `councils state --json`."""
    nations = state.nations
    return {
        "autonomies": {u.id: {"republic": u.republic, "kind": u.kind, "name": u.name,
                              "nationalities": list(u.nationalities), "congress": u.congress}
                       for u in nations.autonomies.values()},
        "languages": {holder: list(langs) for holder, langs in nations.languages.items()},
        "territory": {holder: dict(area) for holder, area in nations.territory.items()},
        "treaties": {t.id: treaty_json(state, t, now) for t in nations.treaties.values()},
        "transfers": list(nations.transfers),
        "separations": list(nations.separations),
    }
