"""A living register in the folded state: residents move, change class, die or leave, lose and
regain their rights.

Each change is an event of its own, so the register at any time is the fold of the ledger
up to it. Open questions keep the roll frozen when they opened (DESIGN: registering or
moving electors afterwards cannot swing them); the next roll, and the next apportionment
(R7), read the register as it now stands. A resident who died or left is kept apart
(`State.former`), so the ballots and seats that name them still find their name.

This module holds only the fold; `handlers/register.py` decides.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from councils.domain.events import Event
    from councils.domain.state import Person, State

GROUNDS = {
    "insanity": "legally declared insane (RSFSR 1918 Art. 65 (f))",
    "guardianship": "under guardianship (RSFSR 1918 Art. 65 (f))",
    "sentence": "deprived of rights by a sentence, for the period it fixes (RSFSR 1918 Art. 65 (g))",
}
"""The grounds on which a decision may take an elector's rights away, with the article each cites."""

DEPARTURES = ("died", "left")


def _unlist(s: State, council: str, person: str) -> None:
    listed = s.residents.get(council)
    if listed is not None and person in listed:
        listed.remove(person)


def class_changed(s: State, d: dict[str, Any], e: Event) -> None:
    s.persons[d["person"]].social_class = sys.intern(d["class"])


def resident_leaving(s: State, d: dict[str, Any], e: Event) -> None:
    """A move to another republic, recorded by the republic it leaves; the other must receive it."""
    s.moving[d["person"]] = {"council": d["council"], "republic": d["republic"], "at": e.at}


def resident_moved(s: State, d: dict[str, Any], e: Event) -> None:
    from councils.domain.state import Person

    s.moving.pop(d["person"], None)
    person = s.persons.get(d["person"])
    if person is None:  # an archive of the republic it moved to holds only this record
        person = s.persons[d["person"]] = Person(d["person"], d["council"], d["republic"],
                                                 sys.intern(d["nationality"]), sys.intern(d["class"]),
                                                 d["born"], d.get("name"))
    else:
        _unlist(s, person.council, person.id)
    person.council = sys.intern(d["council"])
    person.republic = sys.intern(d["republic"])
    s.residents.setdefault(d["council"], []).append(d["person"])


def person_departed(s: State, d: dict[str, Any], e: Event) -> None:
    person: Person | None = s.persons.pop(d["person"], None)
    s.moving.pop(d["person"], None)
    if person is not None:
        _unlist(s, person.council, person.id)
        s.former[person.id] = person


def rights_deprived(s: State, d: dict[str, Any], e: Event) -> None:
    s.persons[d["person"]].deprived = d["ground"]
    if d.get("until"):  # the period a sentence fixes: the clock restores the vote at its end
        s.sentences[d["person"]] = {"until": d["until"], "decision": d["decision"]}


def rights_restored(s: State, d: dict[str, Any], e: Event) -> None:
    s.persons[d["person"]].deprived = None
    s.sentences.pop(d["person"], None)


def _end(sentence: dict[str, str]) -> datetime:
    return datetime.fromisoformat(sentence["until"]).replace(tzinfo=UTC)


def next_sentence_end(s: State) -> datetime | None:
    """When the next deprivation for a fixed period ends (what the scheduler sleeps until)."""
    ends = [_end(x) for p, x in s.sentences.items() if p in s.persons]
    return min(ends) if ends else None


def sentences_due(s: State, now: datetime) -> list[Event]:
    """The vote restored to those whose period of deprivation has ended (RSFSR 1918 Art. 65 (g):
    "for the period fixed by the sentence"), recorded at its end, by the clock."""
    from councils.domain.events import Event

    events = []
    for person, sentence in sorted(s.sentences.items()):
        end = _end(sentence)
        resident = s.persons.get(person)
        if resident is None or end > now:
            continue
        at = max(end.isoformat(timespec="seconds"), s.last_at)
        events.append(Event("RightsRestored", {
            "person": person, "decided": sentence["until"],
            "decision": f"the period fixed by {sentence['decision']} ended"},
            f"person:{person}", resident.republic, at))
    return events


FOLDS = {
    "ClassChanged": class_changed,
    "ResidentLeaving": resident_leaving,
    "ResidentMoved": resident_moved,
    "PersonDeparted": person_departed,
    "RightsDeprived": rights_deprived,
    "RightsRestored": rights_restored,
}
