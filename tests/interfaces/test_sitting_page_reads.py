"""A sitting's page is drawn from the folded state, not from the ledger: viewing it reads no event
recorded before the sitting was convened (its minutes, a one-shot document, still read the ledger
to quote each decision at its position). Real SQLite: the ledger is the SQL adapter itself, only
noting which positions it is asked to read from."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient

from councils.adapters.codec import EventRow
from councils.adapters.sql_ledger import SqlLedger
from councils.application.governance import Governance
from councils.application.minutes import sitting_minutes
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces import test_api_web as web
from tests.interfaces.api_support import FAST

pytest_plugins = ("tests.interfaces.api_fixtures",)

SITTING = "kharkiv-sitting-1"  # the worked example i: an amendment and the motion decided at it


class NotingLedger(SqlLedger):
    """The SQL ledger, noting the position after which each read starts (every read, of events
    with or without their hashes, goes through `read_rows`)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.asked: list[int] = []

    def read_rows(self, after: int = 0, limit: int | None = None, batch: int = 5000, *,
                  learn: bool = True) -> Iterator[Sequence[EventRow]]:
        self.asked.append(after)
        return super().read_rows(after, limit, batch, learn=learn)


@pytest.fixture
def noting(demo_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[tuple[Governance, NotingLedger]]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    ledger = NotingLedger(f"sqlite:///{path}")
    yield Governance(ledger, clock=clock), ledger
    ledger.dispose()


def test_a_sittings_page_reads_no_event_from_before_the_sitting(
        noting: tuple[Governance, NotingLedger]) -> None:
    gov, ledger = noting
    drawn = sitting_minutes(gov, SITTING)  # the minutes read the ledger: where the sitting began
    assert drawn.convened is not None and 0 in ledger.asked
    browser = TestClient(create_app(gov, hasher=FAST), follow_redirects=False)
    web.sign_in(browser, "clerk@ukraine")
    gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv", "kind": "motion",
                "text": "A tram to the works"})  # something recorded after it, to catch up on
    ledger.asked.clear()

    page = browser.get(f"/sittings/{SITTING}")

    assert page.status_code == 200
    assert all(after >= drawn.convened[0] for after in ledger.asked), ledger.asked
    assert "Amendments decided at the sitting" in page.text
    assert page.text.count("A public bathhouse and laundry by the works") == 2  # the motion, the amendment
    assert "decided at this sitting" in page.text and "Close the sitting" not in page.text


def test_a_sitting_page_lists_the_decisions_its_minutes_quote(noting: tuple[Governance, NotingLedger]) -> None:
    gov, _ = noting
    drawn = sitting_minutes(gov, SITTING)
    page = TestClient(create_app(gov, hasher=FAST)).get(f"/sittings/{SITTING}").text
    agenda, amendments = page.split("Amendments decided at the sitting", 1)
    on_agenda = [a["question"] for a in drawn.agenda]
    assert re.findall(r'href="/questions/([^"]+)"', amendments) == [
        d.question for d in drawn.decisions if d.question not in on_agenda] == ["kharkiv-bathhouse-a1"]
    for item in drawn.agenda:
        assert f'href="/questions/{item["question"]}"' in agenda and item["status"] == "decided"
    assert agenda.count("decided at this sitting") == len(drawn.agenda)


def test_a_sittings_title_writes_its_date_as_the_visitors_language_does(
        noting: tuple[Governance, NotingLedger]) -> None:
    gov, _ = noting
    convened = gov.state.sittings[SITTING].convened_at
    browser = TestClient(create_app(gov, hasher=FAST))
    browser.cookies.set("councils_lang", "uk")
    page = browser.get(f"/sittings/{SITTING}").text
    said = format_date(datetime.fromisoformat(convened), "long", locale="uk")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and said in title.group(1) and convened[:10] not in title.group(1)
    assert page.count(said) >= 3  # the title (made in Python), the heading and the line under it


def test_a_bodys_sittings_count_the_agenda_items_decided_as_each_sittings_page_shows(
        noting: tuple[Governance, NotingLedger]) -> None:
    gov, ledger = noting
    gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv", "kind": "motion",
                "text": "A tram to the works"})
    gov.handle({"cmd": "convene_sitting", "sitting": "s-now", "body": "ukraine/kharkiv", "agenda": ["tram"]})
    gov.handle({"cmd": "close_question", "question": "tram"})  # decided while the sitting sits
    ledger.asked.clear()
    page = TestClient(create_app(gov, hasher=FAST)).get("/bodies/ukraine/kharkiv/sittings").text
    assert page.count("1 item(s) on the agenda, 1 decided") == 2  # the worked sitting (not its amendment) and s-now
    assert all(after >= gov.ledger.head()[0] for after in ledger.asked), ledger.asked


def test_a_sittings_minutes_and_its_api_read_from_its_convening_not_the_ledgers_start(
        noting: tuple[Governance, NotingLedger]) -> None:
    """The state remembers where each sitting was convened, so its minutes (the API's
    `GET /api/sittings/{id}`, `councils sitting minutes`, the PDF) read the ledger from there."""
    gov, ledger = noting
    gov.catch_up()
    ledger.asked.clear()
    drawn = sitting_minutes(gov, SITTING)
    assert drawn.convened is not None and drawn.decisions
    assert ledger.asked and min(ledger.asked) == drawn.convened[0] - 1, ledger.asked
    ledger.asked.clear()
    got = TestClient(create_app(gov, hasher=FAST)).get(f"/api/sittings/{SITTING}")
    assert got.status_code == 200
    decisions = got.json()["minutes"]["decisions"]
    assert [d["question"] for d in decisions] == [d.question for d in drawn.decisions]
    assert [d["position"] for d in decisions] == [d.position for d in drawn.decisions]
    assert all(d["position"] > drawn.convened[0] for d in decisions)  # each quoted where it was recorded
    assert all(after >= drawn.convened[0] - 1 for after in ledger.asked), ledger.asked
