"""A sitting of a body (issue 15 item 4): convened with an agenda by a clerk, closed, minuted as a
page and a PDF with each decision at its ledger position and the signed checkpoint; from the
worked example (i), the CLI, the API and the web."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from councils.adapters.checkpoint_log import CheckpointFile
from councils.adapters.signing import KeyFile
from councils.application.governance import Governance
from councils.application.minutes import sitting_minutes
from councils.application.records import checkpoint
from councils.bootstrap import wire
from councils.interfaces.api import create_app
from councils.interfaces.cli import app
from councils.interfaces.minutes_render import minutes_html
from tests.interfaces import test_api_web as web
from tests.interfaces.api_support import FAST, command, ok, refused
from tests.interfaces.api_support import sign_in as api_sign_in
from tests.interfaces.test_cli_petitions_register import FOUNDING

pytest_plugins = ("tests.interfaces.api_fixtures",)

SITTING = "kharkiv-sitting-1"  # the worked example i: a proposal amended, decided, minuted


@pytest.fixture
def log(demo_gov: Governance, tmp_path: Path) -> CheckpointFile:
    found = CheckpointFile(tmp_path / "ledger.key.checkpoints.jsonl")
    checkpoint(demo_gov, KeyFile.create(tmp_path / "ledger.key"), found)
    return found


def test_the_worked_sitting_minutes_the_amendment_and_the_motion_at_their_ledger_positions(
        demo_gov: Governance, log: CheckpointFile) -> None:
    drawn = sitting_minutes(demo_gov, SITTING, log)
    assert [d.question for d in drawn.decisions] == ["kharkiv-bathhouse-a1", "kharkiv-bathhouse"]
    assert [(a["question"], a["status"]) for a in drawn.agenda] == [("kharkiv-bathhouse", "decided")]
    recorded = {r.position: r for r in demo_gov.ledger.read()}
    for d in drawn.decisions:
        assert (recorded[d.position].event.type, recorded[d.position].event.data["question"],
                recorded[d.position].hash) == ("QuestionDecided", d.question, d.hash)
    assert drawn.convened is not None and drawn.closed is not None
    assert drawn.convened[0] < drawn.decisions[0].position < drawn.decisions[1].position < drawn.closed[0]
    assert recorded[drawn.closed[0]].event.type == "SittingClosed"
    motion = drawn.decisions[1]
    assert (motion.outcome, motion.tallies["yes"], motion.voted) == ("yes", 2, 3)
    assert motion.text == "A public bathhouse and laundry by the works"  # as amended
    assert drawn.checkpoint is not None and drawn.checkpoint_valid is True
    page = minutes_html(drawn)
    assert "Minutes of the sitting kharkiv-sitting-1 of Kharkiv" in page
    assert f"ledger position {drawn.closed[0]}" in page and drawn.checkpoint.hash in page
    assert "decided at this sitting" in page and "signature valid" in page


def _cli(path: Path, *args: str) -> Result:
    """The CLI in this process (a subprocess per call would take seconds each on a loaded machine)."""
    return CliRunner().invoke(app, ["--db", f"sqlite:///{path}", *args], env={"COLUMNS": "200"})


def test_a_sitting_from_the_cli(tmp_path: Path) -> None:
    db, motion = tmp_path / "c.db", tmp_path / "motion.jsonl"
    motion.write_text("".join(json.dumps(c) + "\n" for c in [*FOUNDING, {
        "cmd": "open_question", "question": "tram", "body": "r/town", "kind": "motion",
        "text": "A tram to the works"}]))
    assert _cli(db, "apply", str(motion)).exit_code == 0
    unknown = _cli(db, "sitting", "convene", "s1", "--body", "r/town", "--item", "nothing")
    assert unknown.exit_code == 1 and "error: refused (unknown): no question 'nothing'" in unknown.output
    convened = _cli(db, "sitting", "convene", "s1", "--body", "r/town", "--item", "tram")
    assert convened.exit_code == 0, convened.output
    assert "sitting s1 of town convened; agenda: 1. A tram to the works" in convened.output
    assert "error: refused (one sitting at a time)" in _cli(
        db, "sitting", "convene", "s2", "--body", "r/town", "--item", "tram").output
    assert _cli(db, "question", "close", "tram", "--yes").exit_code == 0
    closed = _cli(db, "sitting", "close", "s1")
    assert closed.exit_code == 0 and "sitting s1 closed: 1 decided, 0 carried over" in closed.output
    assert "1. A tram to the works [motion]:" in _cli(db, "sitting", "show", "s1").output
    html, pdf = tmp_path / "m.html", tmp_path / "m.pdf"
    written = _cli(db, "sitting", "minutes", "s1", "--html", str(html), "--pdf", str(pdf))
    assert written.exit_code == 0 and "1 decision(s)" in written.output
    assert "Minutes of the sitting s1 of town" in html.read_text() and pdf.read_bytes().startswith(b"%PDF-")
    assert "error: refused (unknown): no sitting 's9'" in _cli(
        db, "sitting", "minutes", "s9", "--html", str(html)).output


def test_the_api_convenes_closes_and_reads_a_sitting(demo_gov: Governance, log: CheckpointFile) -> None:
    client = TestClient(create_app(wire(demo_gov, hasher=FAST, checkpoints=log), scheduler=False))
    clerk = api_sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="tram", body="ukraine/kharkiv", kind="motion",
               text="A tram to the works"))
    taras = api_sign_in(client, "ukraine-taras")
    refused(command(client, taras, "convene_sitting", sitting="s2", body="ukraine/kharkiv", agenda=["tram"]), 403)
    refused(command(client, clerk, "convene_sitting", sitting="s2", body="ukraine/poltava", agenda=["tram"]),
            409, "agenda")
    ok(command(client, clerk, "convene_sitting", sitting="s2", body="ukraine/kharkiv", agenda=["tram"]))
    refused(command(client, clerk, "convene_sitting", sitting="s3", body="ukraine/kharkiv", agenda=["tram"]),
            409, "one sitting at a time")
    ok(command(client, clerk, "close_sitting", sitting="s2"))
    listed = client.get("/api/sittings", params={"body": "ukraine/kharkiv"}).json()
    assert [s["sitting"] for s in listed] == ["s2", SITTING]
    one = client.get("/api/sittings/s2").json()
    assert (one["open"], one["decided"], one["carried_over"]) == (False, [], ["tram"])
    assert one["minutes"]["agenda"][0]["status"] == "carried over"
    assert one["minutes"]["checkpoint"]["position"] == log.read()[-1].position
    assert client.get("/api/sittings/none").status_code == 404


def test_a_clerk_convenes_and_closes_a_sitting_from_the_web(demo_gov: Governance) -> None:
    browser = TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)
    demo_gov.handle({"cmd": "open_question", "question": "tram", "body": "ukraine/kharkiv", "kind": "motion",
                     "text": "A tram to the works"})
    assert "Convene the sitting" not in browser.get("/bodies/ukraine/kharkiv/sittings").text  # not a clerk
    web.sign_in(browser, "clerk@ukraine")
    page = browser.get("/bodies/ukraine/kharkiv/sittings")
    assert page.status_code == 200 and SITTING in page.text and "A tram to the works" in page.text
    token = web.csrf(browser, "/bodies/ukraine/kharkiv/sittings")
    bad = browser.post("/bodies/ukraine/kharkiv/sittings", data={"csrf_token": token, "sitting": "s2"})
    assert bad.status_code == 422 and "names no question" in bad.text
    token = web.csrf(browser, "/bodies/ukraine/kharkiv/sittings")
    made = browser.post("/bodies/ukraine/kharkiv/sittings",
                        data={"csrf_token": token, "sitting": "s2", "item": ["tram"]})
    assert made.status_code == 303 and made.headers["location"] == "/sittings/s2"
    agenda = browser.get("/sittings/s2")
    assert "A tram to the works" in agenda.text and "still before the sitting" in agenda.text
    assert 'href="/sittings/s2/minutes"' in agenda.text and "Close the sitting" in agenda.text
    closed = browser.post("/sittings/s2/close", data={"csrf_token": web.csrf(browser, "/sittings/s2")})
    assert closed.status_code == 303 and not demo_gov.catch_up().sittings["s2"].open
    assert "carried over to a later sitting" in browser.get("/sittings/s2").text
    again = browser.post("/sittings/s2/close", data={"csrf_token": web.csrf(browser, "/sittings/s2")})
    assert again.status_code == 409 and "sitting closed" in again.text
    minutes = browser.get(f"/sittings/{SITTING}/minutes")
    assert minutes.status_code == 200 and "A public bathhouse and laundry by the works" in minutes.text
    pdf = browser.get(f"/sittings/{SITTING}/minutes.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert browser.get("/sittings/none").status_code == 404
