"""The one write pipeline: what each mode does with a refusal, a conflict, a failed write and time.

On the memory ledger (the fast tier): the contract suite holds it to the databases'
behaviour, so what is proved here of the pipeline holds on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from typing import Any

import pytest

from councils.application.governance import Governance
from councils.application.pipeline import Applied
from councils.application.ports import LedgerTransaction
from councils.bootstrap import MEMORY_URL, governance
from councils.domain.errors import Conflict, DomainError
from tests.builders import World
from tests.conftest import FixedClock


def _person(person: str, council: str = "rep/town", **extra: Any) -> dict[str, Any]:
    return {"cmd": "register_person", "person": person, "council": council, "nationality": "n",
            "class": "worker", "born": 1990, **extra}


@pytest.fixture
def world(gov: Governance) -> World:
    return World(gov).republic("rep")


def test_a_refused_command_appends_nothing(gov: Governance, world: World) -> None:
    before = gov.ledger.head()
    with pytest.raises(DomainError, match="already registered"):
        gov.handle(_person("rep-0"))
    assert gov.ledger.head() == before


def test_an_accepted_command_returns_its_recorded_events(gov: Governance, world: World) -> None:
    applied = gov.handle(_person("new"))
    assert [r.event.type for r in applied.events] == ["PersonRegistered"]
    assert applied.events[-1].position == gov.ledger.head()[0]


def test_a_batch_keeps_what_precedes_the_first_refusal_and_nothing_after(
        gov: Governance, world: World) -> None:
    start = gov.ledger.head()[0]
    done, error = gov.handle_batch([_person("a"), _person("b"), _person("a"), _person("c")])
    assert done == 2 and error is not None
    assert "already registered" in str(error)
    assert gov.ledger.head()[0] == start + 2
    assert "c" not in gov.state.persons


def test_a_group_decides_each_command_on_its_own_and_returns_its_events(
        gov: Governance, world: World) -> None:
    outcomes = gov.handle_group([_person("a"), _person("a"), _person("b")])
    assert isinstance(outcomes[0], Applied) and isinstance(outcomes[2], Applied)
    assert isinstance(outcomes[1], DomainError)
    assert [r.event.data["person"] for r in outcomes[2].events] == ["b"]  # not an empty Applied
    assert outcomes[2].events[0].position == outcomes[0].events[0].position + 1


def test_one_command_whose_write_fails_does_not_take_its_group_down(
        gov: Governance, world: World) -> None:
    """A lone surrogate cannot be stored; the others in the group are written without it."""
    before = gov.ledger.head()[0]
    state = gov.state
    outcomes = gov.handle_group([_person("a"), _person("bad", name="\ud800"), _person("b")])
    assert isinstance(outcomes[0], Applied) and isinstance(outcomes[2], Applied)
    assert isinstance(outcomes[1], Exception) and not isinstance(outcomes[1], Applied)
    assert gov.ledger.head()[0] == before + 2
    assert gov.state is state  # the failed transaction's events were taken back, the state kept
    assert "bad" not in state.persons and {"a", "b"} <= state.persons.keys()
    assert gov.ledger.verify().ok


def test_a_failed_transaction_takes_back_what_it_folded_in_without_a_refold(
        gov: Governance, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    state = gov.state
    persons, position = len(state.persons), state.position
    real = gov.ledger.writing

    @contextmanager
    def failing_commit() -> Iterator[LedgerTransaction]:
        with real() as tx:
            yield tx
            raise OSError("the disk filled up at the commit")

    monkeypatch.setattr(gov.ledger, "writing", failing_commit)
    with pytest.raises(OSError, match="disk"):
        gov.handle_batch([_person("a"), _person("b")])
    assert gov.state is state and (len(state.persons), state.position) == (persons, position)


class _ConflictOnce:
    """The real memory ledger's `writing`, losing the race for the lock once, as a busy database does."""

    def __init__(self, gov: Governance) -> None:
        self.real = gov.ledger.writing
        self.calls = 0

    def __call__(self) -> AbstractContextManager[LedgerTransaction]:
        self.calls += 1
        if self.calls == 1:
            raise Conflict("the ledger is locked by another writer")
        return self.real()


@pytest.mark.parametrize("mode", ["handle", "handle_batch", "handle_group"])
def test_every_mode_retries_a_conflict_and_the_command_lands_once(
        gov: Governance, world: World, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    busy = _ConflictOnce(gov)
    monkeypatch.setattr(gov.ledger, "writing", busy)
    start = gov.ledger.head()[0]
    if mode == "handle":
        gov.handle(_person("x"))
    else:
        getattr(gov, mode)([_person("x")])
    assert busy.calls == 2
    assert gov.ledger.head()[0] == start + 1
    assert [r.event.data["person"] for r in gov.ledger.read(after=start)] == ["x"]


def _seceding(gov: Governance, clock: FixedClock) -> World:
    w = World(gov).union("coop", constitution="coop-federation")  # notice_days = 90
    w.republic("rep", constitution="coop-federation")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0"])
    w.decide("join", "rep/congress", "accession", ["rep-0"], union="coop")
    w.decide("leave", "rep/congress", "secession", ["rep-0"])
    return w


def test_a_secession_takes_effect_when_its_notice_runs_out_with_no_command(
        gov: Governance, clock: FixedClock) -> None:
    _seceding(gov, clock)
    assert gov.tick() == []  # nothing is due yet
    clock.now += timedelta(days=90)
    snapshot = gov.snapshot()
    assert snapshot["republics"]["rep"]["union"] == "coop"  # not yet recorded, and said so:
    assert [d["type"] for d in snapshot["due"]] == ["RepublicSeceded"]
    assert snapshot["as_of"] == clock.now.isoformat(timespec="seconds")
    recorded = gov.tick()
    assert [r.event.type for r in recorded] == ["RepublicSeceded"]
    after = gov.snapshot()
    assert after["republics"]["rep"]["union"] is None and after["due"] == []
    assert gov.tick() == []  # recorded once


def test_a_refused_command_does_not_carry_or_block_the_effects_that_fell_due(
        gov: Governance, clock: FixedClock) -> None:
    _seceding(gov, clock)
    clock.now += timedelta(days=91)
    position = gov.ledger.head()[0]
    with pytest.raises(DomainError):
        gov.handle(_person("rep-0"))  # already registered
    seceded = [r for r in gov.ledger.read(after=position)]
    assert [r.event.type for r in seceded] == ["RepublicSeceded"]  # the clock's, not the command's
    assert gov.state.polities["rep"].union is None


def test_a_second_process_sees_what_the_first_recorded() -> None:
    """Two Governances over one ledger: each catches up before deciding (the memory ledger here)."""
    clock = FixedClock()
    first = governance(MEMORY_URL, clock=clock)
    second = Governance(first.ledger, clock=clock)
    World(first).republic("rep")
    World(second).person("late", "rep/town")
    assert "late" in first.state.persons
