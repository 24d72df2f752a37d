"""A register imported as an update: new residents are added, registered ones moved or reclassified,
and every problem of every row is named (issue 15, a living register)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from councils.application.governance import Governance
from councils.application.register_import import RegisterError, import_register, update_register
from councils.bootstrap import governance
from tests.conftest import FixedClock

HEADER = "person,council,nationality,class,born,name\n"


@pytest.fixture
def gov(db_url: str, clock: FixedClock) -> Iterator[Governance]:
    g = governance(db_url, clock=clock)
    for republic in ("ukraine", "belarus"):
        g.handle({"cmd": "found_republic", "republic": republic, "name": republic.capitalize(),
                  "constitution": "rsfsr-1918"})
    for council, republic in (("ukraine/kharkiv", "ukraine"), ("ukraine/poltava", "ukraine"),
                              ("belarus/minsk", "belarus")):
        g.handle({"cmd": "create_council", "council": council, "republic": republic, "kind": "town"})
    for person, council in (("olena", "ukraine/kharkiv"), ("taras", "ukraine/kharkiv"),
                            ("ales", "belarus/minsk")):
        g.handle({"cmd": "register_person", "person": person, "council": council,
                  "nationality": "n", "class": "worker", "born": 1980, "name": person.capitalize()})
    yield g
    g.ledger.dispose()


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_an_update_adds_moves_and_reclassifies_in_one_transaction(gov: Governance, tmp_path: Path) -> None:
    gov.handle({"cmd": "open_question", "question": "open", "body": "ukraine/kharkiv", "kind": "motion",
                "text": "open before the update"})
    path = _csv(tmp_path, "olena,poltava,n,worker,1980,Olena\n"     # moved
                          "taras,kharkiv,n,trader,1980,Taras\n"      # another class
                          "mykola,kharkiv,n,peasant,1990,Mykola\n")  # new
    report = update_register(gov, path, "ukraine")
    assert (report.residents, report.moved, report.reclassified, report.electors) == (1, 1, 1, 1)
    state = gov.state
    assert state.persons["olena"].council == "ukraine/poltava"
    assert state.persons["taras"].social_class == "trader"
    assert state.persons["mykola"].council == "ukraine/kharkiv"
    assert list(state.questions["open"].roll) == ["olena", "taras"]  # frozen when it opened
    types = [r.event.type for r in gov.ledger.read(after=report.first_position - 1)]
    assert types == ["PersonRegistered", "ResidentMoved", "ClassChanged"]
    assert report.last_position == gov.ledger.head()[0]
    again = update_register(gov, path, "ukraine")  # the same file again changes nothing
    assert (again.residents, again.moved, again.reclassified) == (0, 0, 0)


def test_an_update_names_every_problem_of_every_row_and_changes_nothing(
        gov: Governance, tmp_path: Path) -> None:
    head = gov.ledger.head()
    path = _csv(tmp_path, "olena,kiev,n,worker,1776,Olena\n"           # 2: council and year
                          "ales,ukraine/kharkiv,n,worker,1980,Ales\n"          # 3: another republic's resident
                          "taras,ukraine/kharkiv,n,worker,1981,Taras\n"        # 4: born differs
                          "new one,ukraine/kharkiv,n,wroker,1990,\n")          # 5: id and class
    with pytest.raises(RegisterError) as info:
        update_register(gov, path)
    by_line: dict[int, list[str]] = {}
    for line, message in info.value.problems:
        by_line.setdefault(line, []).append(message)
    assert len(by_line[2]) == 2 and "council 'kiev' must be given as <republic>/<council>" in " ".join(
        by_line[2]) and "plausible year" in " ".join(by_line[2])
    assert "needs both republics' records" in " ".join(by_line[3])
    assert "registered with born 1980, not 1981" in " ".join(by_line[4])
    assert len(by_line[5]) == 2 and "did you mean 'worker'" in " ".join(by_line[5])
    assert "not an id" in " ".join(by_line[5])
    assert gov.ledger.head() == head


def test_a_plain_import_also_names_every_problem_of_a_row(gov: Governance, tmp_path: Path) -> None:
    path = _csv(tmp_path, "olena,kiev,n,worker,1776,Olena\n,kharkiv,n,worker,year,\n")
    with pytest.raises(RegisterError) as info:
        import_register(gov, path, "ukraine")
    messages = [m for line, m in info.value.problems]
    assert any("no council 'ukraine/kiev'" in m for m in messages)
    assert any("already registered" in m for m in messages)
    assert any("plausible year" in m for m in messages)
    assert "empty 'person'; 'born' must be a year (digits), got 'year'" in messages
