"""R1 Franchise: only electors of an enfranchised class and of age vote in, or are elected to, councils."""

from __future__ import annotations

import difflib

from councils.domain.errors import Refused, Rule
from councils.domain.rules import unions
from councils.domain.state import Person, Polity, Question, State


def age(person: Person, year: int) -> int:
    return year - person.born


def is_elector(republic: Polity, person: Person, year: int) -> bool:
    """By class and age, unless a decision took their rights (RSFSR 1918 Art. 65 (f), (g))."""
    return person.deprived is None and republic.constitution.franchise.is_elector(
        person.social_class, age(person, year))


def why_not_elector(republic: Polity, person: Person, year: int) -> str:
    franchise = republic.constitution.franchise
    if person.deprived is not None:
        return f"{person.id} has been deprived of the right to vote ({person.deprived})"
    if person.social_class in franchise.excluded:
        return (f"{person.id} is of class {person.social_class!r}, which the constitution of "
                f"{republic.id} ({republic.constitution.name}) excludes from the franchise")
    if person.social_class not in franchise.enfranchised:
        return f"{person.id} is of class {person.social_class!r}, which is not enfranchised"
    return f"{person.id} is {age(person, year)}, under the voting age of {franchise.min_age}"


def check_may_vote(state: State, question: Question, voter: str, year: int) -> None:
    """A ballot counts only from the question's frozen roll; say why someone is not on it."""
    if voter in question.roll:
        return
    person = state.persons.get(voter)
    body = state.bodies[question.body]
    if person is None:
        raise Refused(Rule.R1, f"no person {voter!r} is registered")
    if body.kind == "council":
        republic = state.polities[body.polity]
        if not is_elector(republic, person, year):
            raise Refused(Rule.R1, f"{why_not_elector(republic, person, year)}; "
                                   f"they may not vote in the council {body.id}")
        raise Refused(Rule.R1, f"{voter} is not an elector of {body.id}'s constituency "
                               f"on the roll of {question.id} (frozen when it opened)")
    if body.kind == "assembly":
        raise Refused(Rule.R1, f"{voter} is not on the roll of the assembly {body.id} "
                               f"(all adult residents of {body.polity} when {question.id} opened)")
    raise Refused(Rule.R1, f"{voter} holds no seat in {body.id}; only seated delegates vote there")


def check_candidates(state: State, republic: Polity, candidates: tuple[str, ...], year: int) -> None:
    """Those elected to councils and congresses must themselves hold the franchise."""
    for candidate in candidates:
        person = state.persons.get(candidate)
        if person is None:
            raise Refused(Rule.R1, f"candidate {candidate!r} is not a registered person")
        if person.republic != republic.id and not unions.within(state, person.republic, republic.id):
            raise Refused(Rule.R6, f"candidate {candidate} is a resident of {person.republic}, "
                                   f"not of {republic.id}")
        if not is_elector(republic, person, year):
            raise Refused(Rule.R1, f"{why_not_elector(republic, person, year)}; "
                                   "they may not be elected")


def class_problem(republic: Polity, social_class: str) -> str | None:
    """Why a class is not one the republic's constitution knows, or None (one answer for every path)."""
    franchise = republic.constitution.franchise
    known = sorted(set(franchise.enfranchised) | set(franchise.excluded))
    if social_class in known:
        return None
    near = difflib.get_close_matches(social_class, known, n=1)
    return (f"class {social_class!r} is not one the constitution of {republic.id} knows"
            + (f" (did you mean {near[0]!r}?)" if near else f" (classes: {', '.join(known)})"))
