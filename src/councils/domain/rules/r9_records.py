"""R9 Secession carries its records: which events are a republic's own history."""

from __future__ import annotations

from councils.domain.events import Event


def belongs_to(event: Event, republic: str) -> bool:
    """Every event is scoped to the polity whose records it is; a leaving republic takes its scope."""
    return event.scope == republic


class CarriedRecords:
    """The records an autonomous unit carries when it separates into a new republic (issue 12 item 3).

    Before it separated, the unit's councils, residents and questions were its republic's (their
    events carry the old republic's scope); they are the new republic's history all the same, as a
    leaving republic's are its own (R9). Fed the ledger's events in order, `carries` says whether one
    of them is such a record: an event, before the separation, of the old republic's scope, in the
    stream of the unit (its council, its congress, a council created within them), of a person
    registered or moved into one of those councils, or of a question put to one of them. The seats
    the unit's congress filled in the old republic's bodies stay the old republic's (their stream is
    that body's).
    """

    def __init__(self, republic: str, separated: Event, position: int) -> None:
        self.republic = republic
        self.parent: str = separated.data["from"]
        self.unit: str = separated.data["unit"]
        self.until = position  # the separation itself, which is the new republic's own event
        congress = f"{self.unit}-congress"  # created before the AutonomyFounded that names it
        self.bodies: set[str] = {self.unit, congress}
        self.streams: set[str] = {self.unit, congress}

    @staticmethod
    def separation(event: Event, republic: str) -> bool:
        """Whether `event` is the separation that founded `republic` from an autonomous unit."""
        return event.type == "AutonomySeparated" and event.scope == republic and event.data.get("republic") == republic

    def carries(self, event: Event, position: int) -> bool:
        if position >= self.until or event.scope != self.parent:
            return False
        d = event.data
        if event.type == "AutonomyFounded" and d.get("autonomy") == self.unit and d.get("congress"):
            self._body(d["congress"])
        elif event.type == "BodyCreated" and (d.get("within") in self.bodies or d.get("body") in self.bodies):
            self._body(d["body"])
        elif d.get("council") in self.bodies and event.stream.startswith("person:"):
            self.streams.add(event.stream)  # registered or moved into one of the unit's councils
        elif event.type == "QuestionOpened" and d.get("body") in self.bodies:
            self.streams.add(f"question:{d['question']}")
        return event.stream in self.streams

    def _body(self, body: str) -> None:
        self.bodies.add(body)
        self.streams.add(body)
