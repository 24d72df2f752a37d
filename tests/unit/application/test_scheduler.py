"""Time is the clock's: the scheduler records an effect when it falls due, with no command sent."""

from __future__ import annotations

import time
from datetime import timedelta

from councils.application.governance import Governance
from councils.bootstrap import wire
from tests.conftest import FixedClock
from tests.unit.application.test_pipeline import _seceding


def _wait_for(condition: object, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.01)
    return False


def test_the_scheduler_records_a_secession_when_its_notice_runs_out(
        gov: Governance, clock: FixedClock) -> None:
    _seceding(gov, clock)
    container = wire(gov, poll=0.05)
    container.scheduler.start()
    try:
        time.sleep(0.2)
        assert container.scheduler.ticks == 0  # nothing is due during the notice period
        clock.now += timedelta(days=90)
        container.scheduler.wake()
        assert _wait_for(lambda: container.scheduler.ticks == 1)
        with container.lock:
            assert gov.state.polities["rep"].union is None
            assert [r.event.type for r in gov.ledger.read()][-1] == "RepublicSeceded"
    finally:
        container.close()


def test_run_once_does_nothing_until_something_is_due(gov: Governance, clock: FixedClock) -> None:
    _seceding(gov, clock)
    scheduler = wire(gov).scheduler
    assert scheduler.run_once() == []
    clock.now += timedelta(days=89, hours=23)
    assert scheduler.run_once() == []
    clock.now += timedelta(hours=1)
    assert [r.event.type for r in scheduler.run_once()] == ["RepublicSeceded"]
    assert scheduler.run_once() == []
