"""Bulk register import on each backend: the same residents as `register_person`, or none.

The import is a fast path, so it is held to the slow path's outcome: the events,
the snapshot and the electors (the franchise) must be exactly what one
`register_person` per row gives, and a file with any bad row changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from councils.adapters import bulk_insert, sql_ledger
from councils.application import register_import
from councils.application.governance import Governance
from councils.application.register_import import RegisterError, import_register
from councils.bootstrap import governance
from tests.conftest import FixedClock

HEADER = "person,council,nationality,class,born,name\n"
GOOD = HEADER + "".join(
    f"p{i},{council},ukrainian,{cls},{born},Person {i}\n"
    for i, (council, cls, born) in enumerate([
        ("kharkiv", "worker", 1975), ("kharkiv", "peasant", 1990), ("kharkiv", "trader", 1960),
        ("kharkiv", "worker", 2012), ("poltava", "houseworker", 1988), ("poltava", "soldier", 2001),
        ("ukraine/poltava", "clergy", 1950), ("poltava", "invalid", 1944)]))


def _found(gov: Governance) -> None:
    gov.handle({"cmd": "found_republic", "republic": "ukraine", "name": "Ukraine",
                "constitution": "rsfsr-1918"})
    gov.handle({"cmd": "found_republic", "republic": "belarus", "name": "Belarus",
                "constitution": "rsfsr-1918"})
    for council, republic in (("ukraine/kharkiv", "ukraine"), ("ukraine/poltava", "ukraine"),
                              ("belarus/minsk", "belarus")):
        gov.handle({"cmd": "create_council", "council": council, "republic": republic,
                    "kind": "town"})


@pytest.fixture
def gov(db_url: str, clock: FixedClock) -> Iterator[Governance]:
    g = governance(db_url, clock=clock)
    _found(g)
    yield g
    g.ledger.dispose()


def _csv(tmp_path: Path, text: str, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_register_is_imported_with_the_franchise_applied(
        gov: Governance, tmp_path: Path) -> None:
    before = gov.ledger.head()[0]
    report = import_register(gov, _csv(tmp_path, GOOD), "ukraine")
    assert (report.residents, report.by_republic) == (8, {"ukraine": 8})
    # Not electors: the trader and the clergyman (excluded classes), the child of 14.
    assert report.electors == 5
    assert (report.first_position, report.last_position) == (before + 1, before + 8)
    assert gov.ledger.head()[0] == before + 8
    assert gov.snapshot()["persons"]["ukraine"] == {"ukraine/kharkiv": 4, "ukraine/poltava": 4}
    assert gov.ledger.verify().ok
    opened = gov.handle({"cmd": "open_question", "question": "m", "body": "ukraine/kharkiv",
                         "kind": "motion", "text": "a motion"})
    assert opened.events[0].event.data["roll"] == ["p0", "p1"]  # electors only (R1)


def test_the_import_gives_what_one_register_person_per_row_gives(
        gov: Governance, tmp_path: Path, clock: FixedClock) -> None:
    import_register(gov, _csv(tmp_path, GOOD), "ukraine")
    slow = governance(f"sqlite:///{tmp_path}/slow.db", clock=clock)
    try:
        _found(slow)
        for line in GOOD.splitlines()[1:]:
            person, council, nationality, cls, born, name = line.split(",")
            full = council if "/" in council else f"ukraine/{council}"
            slow.handle({"cmd": "register_person", "person": person, "council": full,
                         "nationality": nationality, "class": cls, "born": int(born),
                         "name": name})
        assert [r.to_json() for r in slow.ledger.read()] == [r.to_json() for r in gov.ledger.read()]
        assert slow.snapshot() == gov.snapshot()
    finally:
        slow.ledger.dispose()


def test_a_register_of_many_chunks_gives_what_register_person_commands_give(
        gov: Governance, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough rows for statements of many rows each, over several chunks of one transaction."""
    monkeypatch.setattr(register_import, "CHUNK", 1000)
    rows = [(f"p{i}", ("kharkiv", "ukraine/poltava")[i % 2], ("ukrainian", "tatar", 'a "quoted" one')[i % 3],
             ("worker", "peasant", "trader")[i % 3], 1930 + i % 90, None if i % 4 == 0 else f"Name {i} ü")
            for i in range(2500)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER.strip().split(","), *rows])
    text = out.getvalue()
    report = import_register(gov, _csv(tmp_path, text), "ukraine")
    slow = governance(f"sqlite:///{tmp_path}/slow.db", clock=clock)
    try:
        _found(slow)
        done, error = slow.handle_batch([
            {"cmd": "register_person", "person": p, "council": c if "/" in c else f"ukraine/{c}",
             "nationality": n, "class": k, "born": b, "name": m} for p, c, n, k, b, m in rows])
        assert (done, error) == (len(rows), None)
        assert [r.to_json() for r in slow.ledger.read()] == [r.to_json() for r in gov.ledger.read()]
        assert slow.snapshot() == gov.snapshot()
        assert report.electors == sum(1 for p in gov.state.persons.values()
                                      if gov.state.polities["ukraine"].constitution.franchise
                                      .is_elector(p.social_class, clock().year - p.born))
    finally:
        slow.ledger.dispose()
    assert gov.ledger.verify().ok
    persons = [(p.id, p.council, p.republic, p.nationality, p.social_class, p.born, p.name)
               for p in gov.state.persons.values()]
    assert sorted(persons) == sorted(
        (p, c if "/" in c else f"ukraine/{c}", "ukraine", n, k, b, m) for p, c, n, k, b, m in rows)


def test_without_a_republic_councils_are_given_in_full(gov: Governance, tmp_path: Path) -> None:
    text = HEADER + "a,ukraine/kharkiv,ukrainian,worker,1980,\nb,belarus/minsk,belarusian,worker,1981,\n"
    report = import_register(gov, _csv(tmp_path, text))
    assert report.by_republic == {"belarus": 1, "ukraine": 1}
    persons = gov.state.persons
    assert persons["a"].name is None and persons["b"].republic == "belarus"


def _problems(gov: Governance, tmp_path: Path, text: str, republic: str | None = "ukraine") -> dict[int, str]:
    before = gov.ledger.head()
    with pytest.raises(RegisterError) as info:
        import_register(gov, _csv(tmp_path, text), republic)
    assert gov.ledger.head() == before, "a refused register changed the ledger"
    assert str(info.value).startswith(f"invalid command: {len(info.value.problems)} problem(s)")
    assert f"{tmp_path}/register.csv:" in str(info.value)
    return dict(info.value.problems)


def test_every_bad_row_is_named_with_its_line_and_nothing_is_imported(
        gov: Governance, tmp_path: Path) -> None:
    gov.handle({"cmd": "register_person", "person": "old", "council": "ukraine/kharkiv",
                "nationality": "n", "class": "worker", "born": 1970})
    text = HEADER + "\n".join([
        "ok1,kharkiv,ukrainian,worker,1980,",               # 2: fine
        "bad2,kharkiv,ukrainian,worker",                    # 3: too few fields
        "bad3,,ukrainian,worker,1980,",                     # 4: empty council
        "bad4,kharkiv,ukrainian,worker,nineteen-eighty,",   # 5: not a year
        "bad5,kiev,ukrainian,worker,1980,",                 # 6: no such council
        "bad6,belarus/minsk,belarusian,worker,1980,",       # 7: another republic's council
        "ok1,poltava,ukrainian,worker,1985,",               # 8: twice in the file
        "old,poltava,ukrainian,worker,1985,",               # 9: already registered
        "bad9,poltava,ukrainian,wroker,1985,",              # 10: a typo in the class
        "bad10,poltava,ukrainian,worker,1850,",             # 11: not a plausible year
        "",                                                 # 12: blank lines are skipped
        '"bad12","poltava","tatar","peasant","2030","a name\nover two lines"',  # 13-14
        "ok13,poltava,ukrainian,worker,1990,",              # 15: fine
    ]) + "\n"
    problems = _problems(gov, tmp_path, text)
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert problems[3] == "4 field(s) where the header has 6"
    assert problems[4] == "empty 'council'"
    assert "'born' must be a year" in problems[5]
    assert "no council 'ukraine/kiev'" in problems[6]
    assert "not a council of ukraine" in problems[7]
    assert "appears twice (first at line 2)" in problems[8]
    assert "already registered" in problems[9]
    assert "did you mean 'worker'" in problems[10]
    assert "plausible year" in problems[11] and "plausible year" in problems[13]
    assert "ok1" not in gov.state.persons


@pytest.mark.parametrize(("line", "message"), [
    ("ok1,poltava,ukrainian,worker,1985,", "person 'ok1' appears twice (first at line 2)"),
    ("old,poltava,ukrainian,worker,1985,", "person 'old' is already registered"),
    ("p9,poltava,ukrainian,wroker,1985,", "class 'wroker' is not one the constitution of ukraine "
                                          "knows (did you mean 'worker'?)"),
    ("p9,poltava,ukrainian,worker,1850,", "'born' must be a plausible year (1876-2026), got 1850"),
    ("p9,poltava,ukrainian,worker,2027,", "'born' must be a plausible year (1876-2026), got 2027"),
    ("p9,kiev,ukrainian,worker,1980,", "no council 'ukraine/kiev' (did you mean 'ukraine/kharkiv'?)"),
])
def test_a_file_that_reads_well_but_cannot_be_imported_names_its_one_bad_row(
        gov: Governance, tmp_path: Path, line: str, message: str) -> None:
    """Rows that are all well-formed are checked a column at a time; a failure is named as ever."""
    gov.handle({"cmd": "register_person", "person": "old", "council": "ukraine/kharkiv",
                "nationality": "n", "class": "worker", "born": 1970})
    text = HEADER + "ok1,kharkiv,ukrainian,worker,1980,\n" + line + "\nok3,poltava,tatar,peasant,1990,\n"
    assert _problems(gov, tmp_path, text) == {3: message}


@pytest.mark.parametrize(("header", "message"), [
    ("person,council,nationality,klass,born\n", "unknown column 'klass' (did you mean 'class'?)"),
    ("person,council,nationality,born\n", "missing column(s) 'class'"),
    ("person,council,council,class,born,nationality\n", "column 'council' appears twice"),
    ("", "the file is empty"),
])
def test_a_wrong_header_is_named(gov: Governance, tmp_path: Path, header: str, message: str) -> None:
    problems = _problems(gov, tmp_path, header + ("a,b,c,d,e\n" if header else ""))
    assert any(message in m for m in problems.values()), problems
    assert set(problems) == {1}


def test_an_unknown_republic_is_refused(gov: Governance, tmp_path: Path) -> None:
    assert "no republic 'atlantis'" in _problems(gov, tmp_path, GOOD, "atlantis")[0]


def test_a_failure_while_writing_leaves_nothing_and_a_consistent_state(
        gov: Governance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(register_import, "CHUNK", 3)
    calls = {"n": 0}
    real = bulk_insert.insert_columns  # `sql_ledger` writes each chunk's rows through this

    def flaky(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(*args)

    monkeypatch.setattr(sql_ledger, "insert_columns", flaky)
    before = gov.ledger.head()
    residents = len(gov.state.persons)
    with pytest.raises(OSError, match="disk full"):
        import_register(gov, _csv(tmp_path, GOOD), "ukraine")
    assert calls["n"] == 3  # two chunks had been written inside the transaction
    assert gov.ledger.head() == before
    assert "p0" not in gov.state.persons  # the state is as the ledger is (folded again after a
    assert len(gov.state.persons) == residents  # failed bulk write: its events are not kept to undo)
    monkeypatch.setattr(sql_ledger, "insert_columns", real)
    assert import_register(gov, _csv(tmp_path, GOOD), "ukraine").residents == 8


def test_the_electors_counted_are_those_the_franchise_of_each_republic_admits(
        clock: FixedClock, tmp_path: Path, sqlite_url: str) -> None:
    import random

    from councils.domain.rules.r1_franchise import is_elector

    g = governance(sqlite_url, clock=clock)
    g.handle({"cmd": "found_republic", "republic": "old", "name": "Old", "constitution": "rsfsr-1918"})
    g.handle({"cmd": "found_republic", "republic": "coop", "name": "Coop",
              "constitution": "coop-federation"})
    for council in ("old/a", "old/b", "coop/c"):
        g.handle({"cmd": "create_council", "council": council, "republic": council.split("/")[0],
                  "kind": "town"})
    rnd = random.Random(7)
    classes = sorted(set(g.state.polities["old"].constitution.franchise.enfranchised)
                     | set(g.state.polities["old"].constitution.franchise.excluded))
    lines = [f"p{i},{rnd.choice(['old/a', 'old/b', 'coop/c'])},n,{rnd.choice(classes)},"
             f"{rnd.randint(clock().year - 30, clock().year - 10)},\n" for i in range(3000)]
    lines = [line for line in lines if line.split(",")[3] in
             g.state.polities[line.split(",")[1].split("/")[0]].constitution.franchise.enfranchised
             + g.state.polities[line.split(",")[1].split("/")[0]].constitution.franchise.excluded]
    report = import_register(g, _csv(tmp_path, HEADER + "".join(lines)))
    state = g.catch_up()
    expected = sum(is_elector(state.polities[p.republic], p, clock().year)
                   for p in state.persons.values())
    assert 0 < report.electors == expected < report.residents
    g.ledger.dispose()
