"""R7: how many delegates each body sends to the body above it.

The count is recomputed from the register whenever an election is opened, so a
constituency that grows gains seats at its next election and one that shrinks loses
them; every body sends at least one (the rule's minimum).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from councils.constitution.schema import ApportionmentRule
from councils.domain.nations import AUTONOMY_KINDS, Autonomy
from councils.domain.rules.unions import residents_under
from councils.domain.state import Body, Polity, State


@dataclass(frozen=True)
class Apportionment:
    seats: int
    rule: ApportionmentRule | None
    electors: int
    inhabitants: int
    members: int = 0  # the soviet's members, for a ratio that counts them (Art. 53(d))
    congress_cap: int | None = None  # the most the whole congress seats, when it scaled this share down
    uncapped: int | None = None  # the share before that cap

    @property
    def amount(self) -> int:
        """What the ratio counted: electors, inhabitants or members."""
        basis = self.rule.basis if self.rule else "electors"
        return {"electors": self.electors, "inhabitants": self.inhabitants}.get(basis, self.members)

    def explain(self) -> str:
        if self.rule is None:
            return f"{self.seats} seat(s)"
        cap = f", at most {self.rule.cap}" if self.rule.cap else ""
        scaled = (f"; {self.uncapped} by the ratio, scaled down as the congress seats at most "
                  f"{self.congress_cap:,} in all" if self.congress_cap is not None else "")
        return (f"{self.seats} seat(s): 1 per {self.rule.per:,} {self.rule.basis} "
                f"({self.amount:,}), at least {self.rule.minimum}{cap}{scaled}")


def electors_in(state: State, republic: Polity, persons: list[str] | None, year: int) -> tuple[int, int]:
    """(electors, inhabitants) among the given persons, by the republic's franchise."""
    franchise = republic.constitution.franchise
    people = [state.persons[p] for p in persons] if persons is not None else [
        p for p in state.persons.values() if p.republic == republic.id
    ]
    electors = sum(1 for p in people
                   if p.deprived is None and franchise.is_elector(p.social_class, year - p.born))
    return electors, len(people)


def sends_to(state: State, source: Body, target: Body) -> str | None:
    """The apportionment level by which `source` sends delegates to `target`, if it does.

    An autonomous unit (domain/nations.py) sends through its own congress, whose delegates
    are sent by the councils of the unit, and which sends to the republic's congress.
    """
    if source.kind == "council":
        if source.council_kind in AUTONOMY_KINDS:
            return None
        unit = _unit_of_congress(state, target)
        if unit is not None:
            return "republic_congress" if source.within == unit.id else None
        if source.within is None and target.kind == "congress" and target.polity == source.polity:
            return "republic_congress"
        if source.within == target.id:  # the congress of the level above (the pyramid, Art. 53)
            level = f"{target.council_kind}_congress"
            return level if state.polities[source.polity].constitution.apportionment.get(level) else (
                "republic_congress")
        if source.council_kind == "town" and target.council_kind == "region" and _lies_within(state, source, target):
            return "region_congress"  # Art. 53(a): the regional congress, of town soviets and uyezd congresses
        if source.council_kind == "town" and target.id == f"{source.polity}/congress" and (
                state.bodies[source.within].council_kind not in AUTONOMY_KINDS if source.within else False):
            return "republic_congress"  # Art. 25: a town soviet within a gubernia also sends straight
        return None
    if source.kind == "congress" and _unit_of_congress(state, source) is not None:
        return "autonomy" if target.id == f"{source.polity}/congress" else None
    if source.kind == "congress":
        republic = state.polities[source.polity]
        if republic.union == target.polity:  # a member republic, or a member union (rules/unions.py)
            return "union_congress" if target.kind == "congress" else "second_chamber"
    return None


def apportion(state: State, source: Body, target: Body, year: int) -> Apportionment | None:
    level = sends_to(state, source, target)
    if level is None:
        return None
    republic = state.polities[source.polity]
    if level == "second_chamber":  # USSR 1924 Art. 15: 5 per union and autonomous republic, 1 per region
        chamber = state.polities[target.polity].constitution.union.second_chamber
        units = [u.kind for u in state.nations.autonomies.values() if u.republic == republic.id]
        seats = (chamber.seats_per_republic
                 + chamber.seats_per_autonomous_republic * units.count("autonomous_republic")
                 + chamber.seats_per_autonomous_region * units.count("autonomous_region")) if chamber else 0
        return Apportionment(seats, None, 0, 0)
    if level == "autonomy":  # a unit's congress sends as a gubernia congress does (Art. 25 and its Note 2)
        unit = _unit_of_congress(state, source)
        rule = republic.constitution.apportionment_rule("republic_congress", "province")
        residents = [p.id for p in state.residents_of(unit.id)] if unit is not None else []
        electors, inhabitants = electors_in(state, republic, residents, year)
        return Apportionment(rule.seats(electors, inhabitants) if rule else 1, rule, electors, inhabitants)
    if level == "union_congress":
        rule = state.polities[target.polity].constitution.apportionment_rule(level, "republic")
        under = None if republic.kind == "republic" else residents_under(state, republic)
        electors, inhabitants = electors_in(state, republic, under, year)
    else:
        share = _share(state, republic, source, level, year)
        cap = republic.constitution.congress_caps.get(level)
        if cap is None:
            return share
        total = sum(_share(state, republic, other, level, year).seats for other in _senders(state, target, level))
        if total <= cap:
            return share
        return replace(share, seats=max(1, share.seats * cap // total), congress_cap=cap, uncapped=share.seats)
    seats = rule.seats(electors, inhabitants) if rule else 1
    return Apportionment(seats, rule, electors, inhabitants)


def _share(state: State, republic: Polity, source: Body, level: str, year: int) -> Apportionment:
    """What `source` sends to the congress of `level` by its ratio alone."""
    rule = republic.constitution.apportionment_rule(level, source.council_kind or "")
    residents = [p.id for p in state.residents_of(source.id)]
    electors, inhabitants = electors_in(state, republic, residents, year)
    members = members_of(source, electors)
    return Apportionment(rule.seats(electors, inhabitants, members) if rule else 1, rule, electors, inhabitants,
                         members)


def members_of(council: Body, electors: int) -> int:
    """The members of a soviet, for a ratio that counts them (RSFSR 1918 Art. 53(d)): the delegates
    seated in it where it meets as a congress of delegates; else its electors (engine choice: the
    engine records a village soviet as the meeting of its electors, not as a body of deputies)."""
    return len(council.seats) or electors


def _senders(state: State, target: Body, level: str) -> list[Body]:
    """The bodies that send to `target` at `level`: the councils within it (a congress of the pyramid)."""
    return [state.bodies[c] for c in state.children.get(target.id, ())
            if c in state.bodies and sends_to(state, state.bodies[c], target) == level]


def _lies_within(state: State, body: Body, ancestor: Body) -> bool:
    """Whether `body` lies (at any depth) within the council `ancestor`."""
    current = body.within
    while current is not None:
        if current == ancestor.id:
            return True
        parent = state.bodies.get(current)
        current = parent.within if parent is not None else None
    return False


def _unit_of_congress(state: State, body: Body) -> Autonomy | None:
    """The autonomous unit whose congress `body` is, if it is one."""
    if body.kind != "congress" or not state.nations.autonomies:
        return None
    return next((u for u in state.nations.autonomies.values() if u.congress == body.id), None)


def seated_from(target: Body, constituency: str) -> int:
    return sum(1 for seat in target.seats if seat.constituency == constituency)
