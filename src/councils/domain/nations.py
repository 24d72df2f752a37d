"""Nations inside republics, their languages, territory and treaties: the state the chapter's
structures add to the fold (issue 12), kept in one place beside `state.State`.

An autonomous region or autonomous republic (RSFSR 1918 Art. 11: soviets of regions with a
distinct way of life and national composition unite in autonomous regional unions, each with
its own congress of soviets) is a body within its republic: a territorial council of that
kind, which the councils of the unit are created within, and its own congress, made of the
delegates those councils send. It records the nationality or nationalities it was formed for
and the languages it declares. A republic declares its languages too, and a question may carry
its text in each language of its body.

Nothing here decides anything: the folds record what an event says happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from councils.domain.events import Event
    from councils.domain.state import State

AUTONOMY_KINDS = ("autonomous_region", "autonomous_republic")
NATIONAL_COUNCIL = "national_council"
"""A council of a nation that lives scattered across a republic's councils: its electors are the
republic's electors of that nationality wherever they live; it has no territory and no congress,
and sends its delegate to the republic's congress beside the territorial councils."""


@dataclass
class Autonomy:
    id: str  # the territorial body, `<republic>/<name>`
    republic: str
    kind: str  # AUTONOMY_KINDS
    name: str
    nationalities: tuple[str, ...]
    congress: str  # its own congress, `<republic>/<name>-congress` ("" for a national council)


@dataclass
class Treaty:
    """A treaty between republics or unions: it binds a party only once that party's congress
    has ratified it, and stops binding a party that renounced it when its terms say."""

    id: str
    text: str
    parties: tuple[str, ...]
    obligations: tuple[str, ...]  # competences the parties delegate by it
    notice_days: int  # the terms of renunciation: it stops binding this long after
    proposed_at: str
    ratified: dict[str, str] = field(default_factory=dict)  # party -> the question that ratified
    admits: str | None = None  # a treaty of accession: the party it admits to the union party
    renounced: dict[str, dict[str, str]] = field(default_factory=dict)  # party -> question, effective_at

    def binds(self, party: str, now: str) -> bool:
        """Whether the treaty binds `party` at the ISO time `now`."""
        if party not in self.ratified:
            return False
        renounced = self.renounced.get(party)
        return renounced is None or renounced["effective_at"] > now


@dataclass
class Nations:
    autonomies: dict[str, Autonomy] = field(default_factory=dict)
    languages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # polity or autonomy -> languages
    territory: dict[str, dict[str, Any]] = field(default_factory=dict)  # council or polity -> its area
    treaties: dict[str, Treaty] = field(default_factory=dict)
    transfers: list[dict[str, Any]] = field(default_factory=list)  # councils moved between republics
    separations: list[dict[str, Any]] = field(default_factory=list)  # units that left their republic

    def autonomy_of(self, body_id: str, within: dict[str, str | None]) -> Autonomy | None:
        """The autonomous unit a body lies in (or is, or is the congress of), if any."""
        current: str | None = body_id
        while current is not None:
            unit = self.autonomies.get(current)
            if unit is not None:
                return unit
            current = within.get(current)
        return None


def _autonomy_founded(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.autonomies[d["autonomy"]] = Autonomy(d["autonomy"], d["republic"], d["kind"], d["name"],
                                                   tuple(d["nationalities"]), d["congress"])
    if d.get("languages"):
        s.nations.languages[d["autonomy"]] = tuple(d["languages"])


def national_roll(s: State, body_id: str) -> tuple[str, ...] | None:
    """The nationalities whose electors make up a national council's roll, if `body_id` is one."""
    unit = s.nations.autonomies.get(body_id)
    return unit.nationalities if unit is not None and unit.kind == NATIONAL_COUNCIL else None


def _languages_declared(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.languages[d["holder"]] = tuple(d["languages"])
    polity = s.polities.get(d["holder"])
    if polity is not None:
        polity.languages = tuple(d["languages"])


def _territory_declared(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.territory[d["holder"]] = {k: d[k] for k in ("area", "geojson") if d.get(k) is not None}


def _council_transferred(s: State, d: dict[str, Any], e: Event) -> None:
    """A council, its councils within and their residents now belong to the receiving republic;
    the seats it had filled in the other republic's bodies are vacated (they were that
    republic's)."""
    moved = set(s.subtree(d["council"]))
    unit = s.nations.autonomies.get(d["council"])
    if unit is not None:  # an autonomous unit goes whole, its congress with it, and stays autonomous
        moved.add(unit.congress)
        unit.republic = d["to"]
        for separation in s.nations.separations:
            if separation["unit"] == unit.id and separation["into"] == d["to"]:
                separation["done"] = True
    for body_id in moved:
        s.bodies[body_id].polity = d["to"]
    top = s.bodies[d["council"]]
    if top.within is not None and top.within not in moved:
        s.children[top.within] = [c for c in s.children.get(top.within, []) if c != top.id]
        top.within = None
    for body_id in moved:
        for person in s.residents.get(body_id, ()):
            s.persons[person].republic = d["to"]
    for body in s.bodies.values():
        if body.polity == d["from"]:
            gone = {seat.person for seat in body.seats if seat.constituency in moved}
            body.seats = [seat for seat in body.seats if seat.constituency not in moved]
            if gone:
                _leave_open_rolls(s, body.id, gone, f"the delegates of {d['council']}, which moved to {d['to']}")
    s.nations.transfers.append({"council": d["council"], "from": d["from"], "to": d["to"],
                                "consents": list(d["consents"]), "at": e.at})


def _separation_decided(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.separations.append({"unit": d["unit"], "into": d["into"], "question": d["question"],
                                  "at": e.at, "done": False})


def _autonomy_separated(s: State, d: dict[str, Any], e: Event) -> None:
    """The unit's people now form republic `d["republic"]`: its councils (the unit's councils made
    top-level), residents, and the delegates its councils had sent to its congress, who now sit in
    the new republic's congress; the seats it held in the old republic's bodies fall vacant."""
    unit = s.nations.autonomies.pop(d["unit"], None)
    if unit is not None:  # (absent in the new republic's own archive, which starts here)
        _move_unit(s, unit, d["republic"], d["from"])
        congress = s.bodies[unit.congress]
        s.bodies[d["congress"]].seats.extend(congress.seats)
        congress.seats = []
    s.polities[d["republic"]].timeline.append({"event": "separated", "republic": d["from"], "at": e.at})
    s.nations.separations.append({"unit": d["unit"], "into": d["republic"], "from": d["from"],
                                  "question": d["question"], "at": e.at, "done": True})


def _move_unit(s: State, unit: Autonomy, to: str, frm: str) -> None:
    moved = {*s.subtree(unit.id), unit.congress}
    for body_id in moved:
        s.bodies[body_id].polity = to
        for person in s.residents.get(body_id, ()):
            s.persons[person].republic = to
    for child in s.children.get(unit.id, []):
        s.bodies[child].within = None
    s.children[unit.id] = []
    for body in s.bodies.values():
        if body.polity == frm:
            gone = {seat.person for seat in body.seats if seat.constituency in moved}
            body.seats = [seat for seat in body.seats if seat.constituency not in moved]
            if gone:
                _leave_open_rolls(s, body.id, gone, f"the delegates of {unit.name}, which left {frm}")


def _leave_open_rolls(s: State, body: str, gone: set[str], why: str) -> None:
    """A vote belongs to the seat (R8): delegates whose seats left take their votes on open questions."""
    from councils.domain.state import _leave_roll

    for q in s.questions.values():
        if q.body == body and q.status == "open" and any(p in q.roll for p in gone):
            _leave_roll(q, gone, why)


def _treaty_proposed(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.treaties[d["treaty"]] = Treaty(d["treaty"], d["text"], tuple(d["parties"]),
                                             tuple(d["obligations"]), d["notice_days"], e.at,
                                             admits=d.get("admits"))


def _treaty_ratified(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.treaties[d["treaty"]].ratified[d["party"]] = d["question"]


def _treaty_renounced(s: State, d: dict[str, Any], e: Event) -> None:
    s.nations.treaties[d["treaty"]].renounced[d["party"]] = {"question": d["question"],
                                                             "effective_at": d["effective_at"]}


FOLDS = {
    "AutonomyFounded": _autonomy_founded,
    "LanguagesDeclared": _languages_declared,
    "TerritoryDeclared": _territory_declared,
    "CouncilTransferred": _council_transferred,
    "SeparationDecided": _separation_decided,
    "AutonomySeparated": _autonomy_separated,
    "TreatyProposed": _treaty_proposed,
    "TreatyRatified": _treaty_ratified,
    "TreatyRenounced": _treaty_renounced,
}
EVENT_TYPES = frozenset(FOLDS)
