"""Import an electoral register in bulk: all of its residents, or none of them.

`register_person` one command at a time costs a rule check, an event and a row each;
a census of a million residents needs the same outcome at a different speed. The
import checks every row against the state first (the checks `register_person` makes:
a known council, a new person, a plausible year; plus a class the constitution
knows, since a typo there would silently take someone's vote away), and only if
every row passes does it append one `PersonRegistered` event per resident, exactly
as the command would, in one transaction under the ledger's write lock. The
franchise is not stored: electors are those whose class and age qualify under the
constitution, computed by the state as for any resident; the report counts them.
"""

from __future__ import annotations

import difflib
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from pathlib import Path

import numpy as np

from councils.application.collector import collector_paused
from councils.application.governance import Governance
from councils.application.ports import RegisterRows
from councils.domain.errors import InvalidCommand
from councils.domain.events import Event
from councils.domain.rules.r1_franchise import class_problem
from councils.domain.state import Person, Polity, State
from councils.domain.vocabulary import ID_GRAMMAR, TEXT_MAX, all_ids, all_texts_fit, is_id, text_problem

CHUNK = 50_000  # events per append within the one transaction: bounds memory, moves progress
SHOWN = 20  # problems listed in the error message (all are kept on the exception)
_id = attrgetter("id")
_republic = attrgetter("republic.id")


class RegisterError(InvalidCommand):
    """The register has problems; nothing was imported. `problems` holds every (line, message)."""

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        self.path = path
        self.problems = sorted(problems)
        lines = [f"{path}:{line}: {message}" for line, message in self.problems[:SHOWN]]
        more = len(self.problems) - SHOWN
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        super().__init__(f"{len(self.problems)} problem(s) in the register; nothing was "
                         "imported:\n" + "\n".join(lines))


@dataclass(frozen=True)
class RegisterReport:
    """What an import did, for the clerk: residents added and electors among them."""

    path: str
    residents: int
    electors: int
    by_republic: dict[str, int] = field(default_factory=dict)
    first_position: int = 0
    last_position: int = 0
    seconds: float = 0.0
    moved: int = 0  # residents an update moved to another council of their republic
    reclassified: int = 0  # residents an update gave another class


@dataclass(frozen=True)
class _Council:
    id: str
    republic: Polity
    classes: frozenset[str]


class _Checker:
    """Resolves and checks rows against the state; each distinct council is looked up once."""

    def __init__(self, state: State, republic: str | None, year: int) -> None:
        self.state = state
        self.republic = republic
        self.year = year
        self.councils: dict[str, _Council | str] = {}

    def council(self, given: str) -> _Council | str:
        found = self.councils.get(given)
        if found is None:
            found = self.councils[given] = self._resolve(given)
        return found

    def _resolve(self, given: str) -> _Council | str:
        council_id = given
        if self.republic is not None:
            if "/" not in given:
                council_id = f"{self.republic}/{given}"
            elif not given.startswith(f"{self.republic}/"):
                return f"council {given!r} is not a council of {self.republic}"
        elif "/" not in given:
            return (f"council {given!r} must be given as <republic>/<council> "
                    "(or pass --republic)")
        body = self.state.bodies.get(council_id)
        if body is None or body.kind != "council":
            councils = [b.id for b in self.state.bodies.values() if b.kind == "council"]
            near = difflib.get_close_matches(council_id, councils, n=1)
            return f"no council {council_id!r}" + (f" (did you mean {near[0]!r}?)" if near else "")
        polity = self.state.polities[body.polity]
        franchise = polity.constitution.franchise
        return _Council(council_id, polity, frozenset(franchise.enfranchised + franchise.excluded))


def check(rows: RegisterRows, state: State, republic: str | None, year: int) -> list[_Council]:
    """Each row's council, or raise `RegisterError` naming every row that cannot be imported."""
    if republic is not None and (republic not in state.polities
                                 or state.polities[republic].kind != "republic"):
        raise RegisterError(rows.path, [(0, f"no republic {republic!r}")])
    checker = _Checker(state, republic, year)
    if not rows.problems:
        passed = _passes(rows, checker, state, year)
        if passed is not None:
            return passed
    problems = list(rows.problems)
    councils: list[_Council] = []
    known = state.persons
    seen: dict[str, int] = {}
    lowest, highest = year - 150, year
    for line, person, given, cls, born, nationality, name in zip(
            rows.line, rows.person, rows.council, rows.social_class, rows.born, rows.nationality,
            rows.name, strict=True):
        council = checker.council(given)  # every problem of the row is named, not only the first
        if isinstance(council, str):
            problems.append((line, council))
        else:
            councils.append(council)
            if cls not in council.classes:
                problems.append((line, str(class_problem(council.republic, cls))))
        if person in seen:
            problems.append((line, f"person {person!r} appears twice (first at line "
                                   f"{seen[person]})"))
        elif person in known:
            problems.append((line, f"person {person!r} is already registered"))
        seen.setdefault(person, line)
        if not is_id(person):
            problems.append((line, f"person id {person[:40]!r} is not an id ({ID_GRAMMAR})"))
        problems.extend((line, p) for p in _text_problems(nationality, name))
        if not lowest <= born <= highest:
            problems.append((line, f"'born' must be a plausible year ({lowest}-{highest}), "
                                   f"got {born}"))
    if problems:
        raise RegisterError(rows.path, problems)
    return councils


def _text_problems(nationality: str, name: str | None) -> list[str]:
    found = [text_problem("nationality", nationality, TEXT_MAX["nationality"]),
             None if name is None else text_problem("name", name, TEXT_MAX["name"])]
    return [p for p in found if p is not None]


def _passes(rows: RegisterRows, checker: _Checker, state: State, year: int) -> list[_Council] | None:
    """Each row's council if every row passes `check`'s tests, else None (and `check` names why).

    The same tests, made a column at a time: each distinct council resolved once, the
    persons as a set, each distinct (council, class) pair once, the years by their range.
    """
    resolved: dict[str, _Council] = {}
    for name in dict.fromkeys(rows.council):
        council = checker.council(name)
        if isinstance(council, str):
            return None
        resolved[name] = council
    people = set(rows.person)
    if len(people) != len(rows.person) or not state.persons.keys().isdisjoint(people):
        return None
    if not all_ids(people):
        return None
    if not (all_texts_fit(set(rows.nationality), TEXT_MAX["nationality"])
            and all_texts_fit({m for m in rows.name if m is not None}, TEXT_MAX["name"])):
        return None
    for name, cls in set(zip(rows.council, rows.social_class, strict=True)):
        if cls not in resolved[name].classes:
            return None
    if rows.born and not (year - 150 <= min(rows.born) and max(rows.born) <= year):
        return None
    return list(map(resolved.__getitem__, rows.council))


def _events(rows: RegisterRows, councils: list[_Council], at: str) -> Iterator[list[Event]]:
    """The `PersonRegistered` events `register_person` would emit, in chunks."""
    ids = list(map(_id, councils))
    republics = list(map(_republic, councils))
    for i in range(0, len(rows), CHUNK):
        j = i + CHUNK
        yield [Event("PersonRegistered", {"person": p, "council": c, "republic": r, "nationality": n,
                                          "name": m, "born": b, "class": k},
                     "person:" + p, r, at)
               for p, c, r, n, k, b, m in zip(rows.person[i:j], ids[i:j], republics[i:j],
                                              rows.nationality[i:j], rows.social_class[i:j],
                                              rows.born[i:j], rows.name[i:j], strict=True)]


def plan_update(rows: RegisterRows, state: State, republic: str | None, year: int, at: str
                ) -> tuple[RegisterRows, list[_Council], list[Event]]:
    """An update: rows of new persons to add, and for each person already registered whose
    council or class differs, the `ResidentMoved` and `ClassChanged` events `move_resident`
    and `change_class` would record; or `RegisterError` naming every problem of every row.

    A move to another republic is not an update (it needs both republics' records:
    `move_resident`, then `receive_resident`), nor is a change of birth year, nationality or
    name, which the register keeps as registered.
    """
    if republic is not None and (republic not in state.polities
                                 or state.polities[republic].kind != "republic"):
        raise RegisterError(rows.path, [(0, f"no republic {republic!r}")])
    checker = _Checker(state, republic, year)
    problems = list(rows.problems)
    new = RegisterRows(rows.path)
    councils: list[_Council] = []
    changes: list[Event] = []
    seen: dict[str, int] = {}
    lowest, highest = year - 150, year
    for line, person, given, cls, born, nationality, name in zip(
            rows.line, rows.person, rows.council, rows.social_class, rows.born, rows.nationality,
            rows.name, strict=True):
        found: list[str] = []
        council = checker.council(given)
        if isinstance(council, str):
            found.append(council)
        elif cls not in council.classes:
            found.append(str(class_problem(council.republic, cls)))
        if person in seen:
            found.append(f"person {person!r} appears twice (first at line {seen[person]})")
        seen.setdefault(person, line)
        if not is_id(person):
            found.append(f"person id {person[:40]!r} is not an id ({ID_GRAMMAR})")
        found.extend(_text_problems(nationality, name))
        if not lowest <= born <= highest:
            found.append(f"'born' must be a plausible year ({lowest}-{highest}), got {born}")
        old = state.persons.get(person)
        if person in state.former:
            found.append(f"person {person!r} is no longer on the register (died or left)")
        elif old is not None and not isinstance(council, str):
            found.extend(_update_problems(old, council, nationality, born, name))
        if found:
            problems.extend((line, p) for p in found)
            continue
        assert not isinstance(council, str)
        if old is None:
            for column, value in ((new.line, line), (new.person, person), (new.council, given),
                                  (new.nationality, nationality), (new.social_class, cls),
                                  (new.born, born), (new.name, name)):
                column.append(value)
            councils.append(council)
            continue
        stream = f"person:{person}"
        if old.council != council.id:
            changes.append(Event("ResidentMoved", {
                "person": person, "council": council.id, "republic": council.republic.id,
                "from_council": old.council, "from_republic": old.republic,
                "nationality": old.nationality, "class": old.social_class, "born": old.born,
                "name": old.name}, stream, council.republic.id, at))
        if old.social_class != cls:
            changes.append(Event("ClassChanged", {"person": person, "was": old.social_class,
                                                  "class": cls}, stream, old.republic, at))
    if problems:
        raise RegisterError(rows.path, problems)
    return new, councils, changes


def _update_problems(old: Person, council: _Council, nationality: str, born: int,
                     name: str | None) -> list[str]:
    found = []
    if old.republic != council.republic.id:
        found.append(f"person {old.id!r} is a resident of {old.republic}; a move to "
                     f"{council.republic.id} needs both republics' records (move_resident, then "
                     "receive_resident), not an update")
    for what, was, now in (("born", old.born, born), ("nationality", old.nationality, nationality),
                           ("name", old.name, name)):
        if now is not None and was != now:
            found.append(f"person {old.id!r} is registered with {what} {was!r}, not {now!r}; an "
                         "update changes a resident's council or class only")
    return found


def update_register(gov: Governance, path: Path, republic: str | None = None) -> RegisterReport:
    """Add the new residents of a register and move or reclassify those already registered,
    all in one transaction, or nothing (`RegisterError` names every problem of every row)."""
    started = time.perf_counter()
    rows = gov.files.read_register(path)
    if rows.problems and not len(rows):
        raise RegisterError(rows.path, rows.problems)
    with gov.pipeline.batch() as batch:
        at = batch.now.isoformat(timespec="seconds")
        new, councils, changes = plan_update(rows, batch.state, republic, batch.now.year, at)
        first = batch.state.position + 1
        for chunk in _events(new, councils, at):
            batch.append(chunk)
        if changes:
            batch.append(changes)
        last = batch.state.position
        year = batch.now.year
    electors, by_republic = _tally(councils, new, year)
    moved = sum(e.type == "ResidentMoved" for e in changes)
    return RegisterReport(rows.path, len(new), electors, by_republic, first, last,
                          time.perf_counter() - started, moved, len(changes) - moved)


def import_register(gov: Governance, path: Path, republic: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> RegisterReport:
    """Check the whole register, then append it in one transaction; raise `RegisterError` if any row fails.

    Checking happens under the ledger's write lock, so no one can register one of
    these persons (or remove nothing, since nothing is ever removed) between the check
    and the append.
    """
    started = time.perf_counter()
    with collector_paused():
        rows = gov.files.read_register(path)
        if rows.problems and not len(rows):
            raise RegisterError(rows.path, rows.problems)
        councils, now = _append(gov, rows, republic, progress)
        # Still with the collector paused: what is made here would otherwise set off full
        # collections over the million residents just folded (2 s of a 24 s import).
        electors, by_republic = _tally(councils, rows, now.year)
    first = gov.ledger.head()[0] - len(rows) + 1
    return RegisterReport(rows.path, len(rows), electors, by_republic, first,
                          first + len(rows) - 1, time.perf_counter() - started)


def _tally(councils: list[_Council], rows: RegisterRows, year: int) -> tuple[int, dict[str, int]]:
    """How many of the residents the franchise makes electors, and how many each republic gained.

    A resident's vote depends only on their council's republic, class and year of birth:
    a few thousand kinds in a million residents. They are tallied as small integers
    (NumPy, each column numbered through a map of its few distinct values) rather than
    as a million key tuples, and the franchise is asked once per kind.
    """
    if not councils:
        return 0, {}
    n = len(councils)
    distinct = list(dict(zip(map(id, councils), councils, strict=True)).values())  # each once
    places = {id(c): i for i, c in enumerate(distinct)}
    classes = {cls: i for i, cls in enumerate(dict.fromkeys(rows.social_class))}
    born = np.fromiter(rows.born, dtype=np.int64, count=n)
    first = int(born.min())
    years = int(born.max()) - first + 1
    place = np.fromiter(map(places.__getitem__, map(id, councils)), dtype=np.int64, count=n)
    key = ((place * len(classes) + np.fromiter(map(classes.__getitem__, rows.social_class),
                                               dtype=np.int64, count=n)) * years + (born - first))
    names = list(classes)
    electors = 0
    for kind in np.flatnonzero(counts := np.bincount(key)):
        where, rest = divmod(int(kind), len(classes) * years)
        cls, offset = divmod(rest, years)
        franchise = distinct[where].republic.constitution.franchise
        if franchise.is_elector(names[cls], year - (first + offset)):
            electors += int(counts[kind])
    by_republic: Counter[str] = Counter()
    for council, residents in zip(distinct, np.bincount(place, minlength=len(distinct)).tolist(),
                                  strict=True):
        by_republic[council.republic.id] += residents
    return electors, dict(by_republic)


def _append(gov: Governance, rows: RegisterRows, republic: str | None,
            progress: Callable[[int, int], None] | None) -> tuple[list[_Council], datetime]:
    with gov.pipeline.batch() as batch:
        councils = check(rows, batch.state, republic, batch.now.year)
        done = 0
        with batch.tx.pipelined():  # the database writes one chunk while the next is prepared
            for chunk in _events(rows, councils, batch.now.isoformat(timespec="seconds")):
                batch.append(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, len(rows))
    return councils, batch.now
