"""R7 Apportionment: an election fills at most the seats the constitution apportions to the constituency."""

from __future__ import annotations

from councils.domain.apportionment import Apportionment, apportion, seated_from
from councils.domain.errors import Refused, Rule
from councils.domain.state import Body, State


def constituency_of(state: State, source: Body, target: Body) -> str:
    """Union seats belong to the member republic (they leave with it); others to the body."""
    return source.polity if source.kind == "congress" and target.polity != source.polity else source.id


def vacancies(state: State, source: Body, target: Body, year: int) -> tuple[int, Apportionment]:
    share = apportion(state, source, target, year)
    if share is None:
        raise Refused(Rule.R7, f"{source.id} does not send delegates to {target.id}")
    return share.seats - seated_from(target, constituency_of(state, source, target)), share


def check_seats(state: State, source: Body, target: Body, seats: int | None, year: int) -> int:
    open_seats, share = vacancies(state, source, target, year)
    if open_seats <= 0:
        raise Refused(Rule.R7, f"{source.id} has no vacant seat in {target.id} "
                               f"({share.explain()}, all filled)")
    if seats is None:
        return open_seats
    if seats < 1 or seats > open_seats:
        raise Refused(Rule.R7, f"{source.id} may elect at most {open_seats} delegate(s) to "
                               f"{target.id} ({share.explain()}); asked for {seats}")
    return seats
