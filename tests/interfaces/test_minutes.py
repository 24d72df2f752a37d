"""Minutes of a body (issue 15 item 4): decisions with counts and rolls at their ledger positions,
the agenda, as a page and a PDF (WeasyPrint), from the web, the API and the CLI."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.minutes import minutes
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST, command, ok, sign_in
from tests.interfaces.test_cli_petitions_register import db  # noqa: F401 (the CLI's fixture)
from tests.interfaces.test_cli_register import run

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_minutes_quote_each_decision_at_its_ledger_position(demo_gov: Governance) -> None:
    drawn = minutes(demo_gov, "ukraine/kharkiv")
    recall = next(d for d in drawn.decisions if d.question == "kharkiv-recalls")
    [recorded] = [r for r in demo_gov.ledger.read() if r.position == recall.position]
    assert (recorded.event.type, recorded.event.data["question"], recorded.hash) == (
        "QuestionDecided", "kharkiv-recalls", recall.hash)
    assert (recall.outcome, recall.petition, recall.tallies["yes"]) == ("yes", "kharkiv-petition", 4)
    assert recall.electorate == len(demo_gov.state.questions["kharkiv-recalls"].roll) == len(recall.roll)
    assert "Taras" in recall.roll and "Oksana" in recall.roll  # the roll by name
    assert [d.position for d in drawn.decisions] == sorted(d.position for d in drawn.decisions)
    assert drawn.head_position == demo_gov.ledger.head()[0]
    sitting = minutes(demo_gov, "ukraine/kharkiv", since=recall.decided_at, until=recall.decided_at)
    assert recall.question in [d.question for d in sitting.decisions]  # one sitting's decisions
    assert minutes(demo_gov, "ukraine/kharkiv", since="2100-01-01").decisions == []


def test_minutes_from_the_web_and_the_api(demo_gov: Governance) -> None:
    client = TestClient(create_app(demo_gov, hasher=FAST))
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="tram", body="ukraine/kharkiv", kind="motion",
               text="A tram to the works"))
    page = client.get("/bodies/ukraine/kharkiv/minutes")
    assert page.status_code == 200 and "Minutes of Kharkiv" in page.text
    assert "Recall Olena from the Congress of Councils" in page.text and "A tram to the works" in page.text
    pdf = client.get("/bodies/ukraine/kharkiv/minutes.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    data = client.get("/api/minutes/ukraine/kharkiv").json()
    assert [a["question"] for a in data["agenda"]] == ["tram"]
    assert client.get("/api/minutes/ukraine/nowhere").status_code == 404
    assert client.get("/bodies/ukraine/nowhere/minutes").status_code == 404


def test_minutes_from_the_cli(db: Path, tmp_path: Path) -> None:  # noqa: F811
    html, pdf = tmp_path / "m.html", tmp_path / "m.pdf"
    done = run(db, "minutes", "r/town", "--html", str(html), "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "1 decision(s), 0 open" in done.stdout
    assert "Minutes of town" in html.read_text() and pdf.read_bytes().startswith(b"%PDF-")
    assert run(db, "minutes", "r/town").returncode == 1
