"""The worked example of a voting window closed by the scheduler, with its notices
(examples/l-window-notices.jsonl), as `councils demo` runs it: issue 15's last worked flow."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from councils.application.governance import Governance
from councils.application.notices import page
from councils.interfaces import demo
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def ran(gov: Governance, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(demo, "CASES", ("00-founding.jsonl", "l-window-notices.jsonl"))
    out = io.StringIO()
    assert demo.run_demo(gov, Console(file=out, width=200)), out.getvalue()
    return out.getvalue()


def test_the_scheduler_not_a_clerk_closes_the_window_at_its_closing_time(
        gov: Governance, clock: FixedClock, ran: str) -> None:
    q = gov.state.questions["poltava-well"]
    closes = datetime.fromisoformat(q.details["closes_at"])
    assert closes == clock.now + timedelta(minutes=1)  # opened now, with a window of one minute
    assert (q.status, q.outcome, sorted(q.voted)) == ("decided", "yes", ["ukraine-hanna", "ukraine-ivan"])
    decided = [r.event for r in gov.ledger.read()
               if r.event.type == "QuestionDecided" and r.event.data["question"] == "poltava-well"]
    # dated at the closing time, still to come on the demo's clock: only the tick as at a later
    # time could record it (a clerk's close_question is dated now, and was refused before it)
    assert [e.at for e in decided] == [q.details["closes_at"]] and closes > clock.now
    assert "close_question" not in demo.example_files()[-1][1]
    assert f"the scheduler closed poltava-well at {q.details['closes_at']}" in ran
    assert "yes (2 of 3 voted)" in ran


def test_the_window_s_notices_are_queued_for_its_electors_who_chose_them(gov: Governance, ran: str) -> None:
    outbox = gov.ledger.outbox
    window = [n for n in outbox.notices() if n.subject == "poltava-well"]
    assert [n.kind for n in window] == ["opened", "closing", "decided"]  # each once, in this order
    hanna = {d.notice: d for d in outbox.deliveries_of("ukraine-hanna")}
    assert [(hanna[n.id].address, hanna[n.id].status) for n in window] == \
        [("hanna@poltava.example.org", "pending")] * 3  # waiting for an SMTP server
    assert outbox.deliveries_of("ukraine-ivan") == []  # no address: his page only
    subjects = ["Result declared: Dig a new village well", "Closing soon: Dig a new village well",
                "Question opened: Dig a new village well"]
    for elector in ("ukraine-hanna", "ukraine-ivan", "ukraine-petro"):
        assert [s.subject for s in page(gov.state, outbox, elector) if s.notice.subject == "poltava-well"] == subjects
    assert not [s for s in page(gov.state, outbox, "ukraine-olena") if s.notice.subject == "poltava-well"]
    assert "1 reminder(s) added" in ran and "Result declared: Dig a new village well  [e-mail pending]" in ran


def test_an_elector_reads_the_window_s_notices_on_her_page_after_the_demo(demo_gov: Governance) -> None:
    browser = TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)
    sign_in(browser, "ukraine-hanna")
    mine = browser.get("/me/notices").text
    for subject in ("Question opened", "Closing soon", "Result declared"):
        assert f"{subject}: Dig a new village well" in mine
    assert "hanna@poltava.example.org" in mine
