"""Notices by e-mail through a real SMTP server (aiosmtpd) the tests start, on each database.

The outbox commits with the ledger (or not at all); the worker sends what is due and, when
the server is down, retries with back-off until it comes back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from councils.adapters.smtp_sender import SmtpError, SmtpSender
from councils.application.governance import Governance
from councils.application.notices import Notifier, page
from councils.application.ports import Preferences
from councils.bootstrap import governance, notice_worker, wire
from tests.builders import World
from tests.conftest import FixedClock
from tests.support.serve import free_port

MOTION = {"cmd": "open_question", "question": "tram", "body": "rep/town", "kind": "motion",
          "text": "A tram to the works"}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def smtp_server(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def gov(db_url: str, clock: FixedClock) -> Iterator[Governance]:
    g = governance(db_url, clock=clock)
    World(g).republic("rep", electors=3)
    g.ledger.outbox.set_preferences(Preferences("rep-0", "olena@example.org"))
    g.ledger.outbox.set_preferences(Preferences("rep-1", "taras@example.org", ("decided",)))
    yield g
    g.ledger.dispose()


def test_notices_reach_a_real_smtp_server(gov: Governance) -> None:
    controller, inbox = smtp_server(port := free_port())
    try:
        notifier = Notifier(gov, SmtpSender(f"smtp://127.0.0.1:{port}?from=clerk@rep.example"))
        gov.handle(MOTION)
        gov.handle({"cmd": "close_question", "question": "tram"})
        assert notifier.run_once()["sent"] == 3
    finally:
        controller.stop()
    got = sorted((m["To"], m["Subject"]) for m in inbox.messages)
    assert got == [("olena@example.org", "Question opened: A tram to the works"),
                   ("olena@example.org", "Result declared: A tram to the works"),
                   ("taras@example.org", "Result declared: A tram to the works")]
    assert all(m["From"] == "clerk@rep.example" for m in inbox.messages)
    decided = next(m for m in inbox.messages if m["To"] == "taras@example.org")
    outcome = gov.state.questions["tram"].outcome
    assert f'The question "A tram to the works" in town is decided: {outcome}.' in decided.get_payload()
    assert {d.status for d in gov.ledger.outbox.deliveries_of("rep-0")} == {"sent"}


def test_a_server_that_is_down_is_retried_with_back_off_until_it_comes_back(
        gov: Governance, clock: FixedClock) -> None:
    port = free_port()  # nothing listens there yet
    notifier = Notifier(gov, SmtpSender(f"smtp://127.0.0.1:{port}", timeout=2), clock=clock,
                        backoff=timedelta(seconds=30), attempts=5)
    gov.handle(MOTION)
    assert notifier.run_once()["failed"] == 1
    [delivery] = gov.ledger.outbox.deliveries_of("rep-0")
    assert (delivery.status, delivery.attempts) == ("pending", 1) and "Connection" in (delivery.error or "")
    assert delivery.next_attempt == (clock.now + timedelta(seconds=30)).isoformat()
    assert notifier.run_once() == {"reminded": 0, "fanned_out": 0, "sent": 0, "failed": 0}  # not yet due
    clock.now += timedelta(seconds=30)
    assert notifier.run_once()["failed"] == 1
    [delivery] = gov.ledger.outbox.deliveries_of("rep-0")
    assert delivery.next_attempt == (clock.now + timedelta(seconds=60)).isoformat()  # doubled
    controller, inbox = smtp_server(port)  # the server comes back
    try:
        clock.now += timedelta(seconds=60)
        assert notifier.run_once()["sent"] == 1
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.messages] == ["Question opened: A tram to the works"]
    [delivery] = gov.ledger.outbox.deliveries_of("rep-0")
    assert (delivery.status, delivery.attempts) == ("sent", 3)


def test_a_delivery_is_given_up_after_its_attempts(gov: Governance, clock: FixedClock) -> None:
    notifier = Notifier(gov, SmtpSender(f"smtp://127.0.0.1:{free_port()}", timeout=2), clock=clock,
                        attempts=2)
    gov.handle(MOTION)
    notifier.run_once()
    clock.now += timedelta(hours=1)
    notifier.run_once()
    [delivery] = gov.ledger.outbox.deliveries_of("rep-0")
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert page(gov.state, gov.ledger.outbox, "rep-0")[0].delivery == delivery  # shown on the page


def test_the_outbox_commits_with_the_ledger_or_not_at_all(gov: Governance, db_url: str) -> None:
    with pytest.raises(RuntimeError), gov.ledger.writing():
        gov.handle(MOTION)
        raise RuntimeError("the process dies before the commit")
    assert gov.ledger.outbox.notices() == []
    gov.handle(MOTION)
    fresh = governance(db_url)  # another process reads what committed
    try:
        assert [n.key for n in fresh.ledger.outbox.notices()] == ["opened:tram"]
    finally:
        fresh.ledger.dispose()


def test_the_serve_worker_sends_on_its_own_thread(gov: Governance) -> None:
    controller, inbox = smtp_server(port := free_port())
    container = wire(gov)
    worker = notice_worker(container, f"smtp://127.0.0.1:{port}", poll=0.05)
    assert worker is not None
    worker.start()
    try:
        container.authorised.gov.handle(MOTION)
        deadline = time.monotonic() + 10
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
        controller.stop()
    assert [m["To"] for m in inbox.messages] == ["olena@example.org"]
    assert notice_worker(container, None) is None
    with pytest.raises(SmtpError, match="expected smtp://"):
        notice_worker(container, "http://mail.example.org")
