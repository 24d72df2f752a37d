"""The outbox: a notice is written in the transaction of the command that caused it, and only then.

On the memory ledger here; tests/integration/test_notices_smtp.py holds SQLite (and
PostgreSQL) to the same and sends them through a real SMTP server.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from councils.application.governance import Governance
from councils.application.notices import Notifier, page
from councils.application.ports import Message, Preferences
from councils.domain.errors import DomainError
from tests.builders import World
from tests.conftest import FixedClock

MOTION = {"cmd": "open_question", "question": "tram", "body": "rep/town", "kind": "motion",
          "text": "A tram to the works"}


def _world(gov: Governance) -> World:
    w = World(gov).republic("rep", electors=3)
    w.council("rep", "village", kind="village")
    w.person("villager", "rep/village")
    return w


def test_a_committed_command_writes_its_notice_with_its_events(gov: Governance) -> None:
    _world(gov)
    applied = gov.handle(MOTION)
    [notice] = gov.ledger.outbox.notices()
    assert (notice.kind, notice.key, notice.subject) == ("opened", "opened:tram", "tram")
    assert notice.position == applied.events[0].position and notice.data["text"] == "A tram to the works"


def test_a_refused_command_writes_no_notice(gov: Governance) -> None:
    _world(gov)
    with pytest.raises(DomainError):
        gov.handle({**MOTION, "body": "rep/nowhere"})
    assert gov.ledger.outbox.notices() == []


def test_a_transaction_that_fails_after_deciding_writes_no_notice(gov: Governance) -> None:
    _world(gov)
    head = gov.ledger.head()
    with pytest.raises(RuntimeError), gov.ledger.writing():
        gov.handle(MOTION)  # joins the enclosing transaction, which then fails
        raise RuntimeError("the disk is full")
    assert gov.ledger.head() == head and gov.ledger.outbox.notices() == []


def test_results_and_recalls_are_noticed(gov: Governance) -> None:
    w = _world(gov)
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0", "rep-1", "rep-2"])
    w.decide("recall", "rep/town", "recall", ["rep-1", "rep-2"], delegate="rep-0")
    kinds = [n.key for n in gov.ledger.outbox.notices()]
    assert kinds == ["opened:seat", "decided:seat", "opened:recall", "decided:recall", "recalled:recall"]


def test_each_person_gets_only_what_concerns_them_and_what_they_chose(gov: Governance) -> None:
    _world(gov)
    outbox = gov.ledger.outbox
    outbox.set_preferences(Preferences("rep-0", "rep0@example.org"))
    outbox.set_preferences(Preferences("rep-1", "rep1@example.org", ("decided",)))
    outbox.set_preferences(Preferences("villager", "v@example.org"))  # not on the town's roll
    outbox.set_preferences(Preferences("rep-2", None))  # on the page only
    gov.handle(MOTION)
    sent: list[Message] = []
    notifier = Notifier(gov, sent.append)
    assert notifier.run_once() == {"reminded": 0, "fanned_out": 1, "sent": 1, "failed": 0}
    assert [(m.to, m.subject) for m in sent] == [("rep0@example.org", "Question opened: A tram to the works")]
    gov.handle({"cmd": "close_question", "question": "tram"})
    notifier.run_once()
    assert [m.to for m in sent[1:]] == ["rep0@example.org", "rep1@example.org"]
    assert [s.notice.kind for s in page(gov.state, outbox, "rep-2")] == ["decided", "opened"]
    assert page(gov.state, outbox, "villager") == []
    assert [s.notice.kind for s in page(gov.state, outbox, "rep-1")] == ["decided"]


def test_without_a_server_notices_stay_in_the_outbox_on_the_persons_page(gov: Governance) -> None:
    _world(gov)
    gov.ledger.outbox.set_preferences(Preferences("rep-0", "rep0@example.org"))
    gov.handle(MOTION)
    assert Notifier(gov, None).run_once()["sent"] == 0
    [seen] = page(gov.state, gov.ledger.outbox, "rep-0")
    assert seen.subject == "Question opened: A tram to the works" and seen.delivery is not None
    assert seen.delivery.status == "pending"


def test_a_new_address_gets_no_backlog_by_e_mail(gov: Governance) -> None:
    from councils.application.notices import choose

    _world(gov)
    gov.handle(MOTION)  # before rep-0 gave an address
    choose(gov.ledger.outbox, "rep-0", "rep0@example.org", ["opened", "decided"])
    sent: list[Message] = []
    Notifier(gov, sent.append).run_once()
    assert sent == []
    gov.handle({"cmd": "close_question", "question": "tram"})
    Notifier(gov, sent.append).run_once()
    assert [m.subject for m in sent] == ["Result declared: A tram to the works"]
    assert [s.notice.kind for s in page(gov.state, gov.ledger.outbox, "rep-0")] == ["decided", "opened"]


def test_a_voting_window_is_noticed_when_it_opens_before_it_closes_and_when_it_is_counted(
        gov: Governance, clock: FixedClock) -> None:
    _world(gov)
    gov.ledger.outbox.set_preferences(Preferences("rep-0", "rep0@example.org"))
    opens = clock.now + timedelta(hours=1)
    gov.handle({**MOTION, "opens": opens.isoformat(), "closes": (opens + timedelta(hours=48)).isoformat()})
    assert gov.ledger.outbox.notices() == []  # scheduled, not yet open
    sent: list[Message] = []
    notifier = Notifier(gov, sent.append, clock=clock, lead=timedelta(hours=24))
    clock.now = opens
    gov.tick()
    notifier.run_once()
    assert [m.subject for m in sent] == ["Question opened: A tram to the works"]
    clock.now = opens + timedelta(hours=30)  # within a day of the close: reminded once
    assert notifier.run_once()["reminded"] == 1 and notifier.run_once()["reminded"] == 0
    assert sent[-1].subject == "Closing soon: A tram to the works"
    clock.now = opens + timedelta(hours=49)
    gov.tick()  # closed and counted on time, by the clock
    notifier.run_once()
    assert sent[-1].subject == "Result declared: A tram to the works"
