"""An advisory poll counted by Borda (issue 15 item 6), from the API, the web and the CLI: its
result says it is advisory and the result page shows each option's points."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from councils.interfaces.cli import app
from tests.interfaces import test_api_web as web
from tests.interfaces.api_support import FAST, command, ok, sign_in
from tests.interfaces.test_cli_petitions_register import FOUNDING

pytest_plugins = ("tests.interfaces.api_fixtures",)

RANKINGS = (("ukraine-taras", ["works", "river", "station"]), ("ukraine-oksana", ["river", "works"]),
            ("kharkiv-iryna", ["river", "station", "works"]))


def test_a_poll_opened_over_the_api_is_advisory_and_its_page_shows_the_borda_points(
        demo_gov: Governance) -> None:
    client = TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="park", body="ukraine/kharkiv", kind="poll",
               text="Where should the new park go?", options=["river", "works", "station"]))
    for voter, ranking in RANKINGS:
        demo_gov.handle({"cmd": "cast_ballot", "question": "park", "voter": voter, "ranking": ranking})
    ok(command(client, clerk, "close_question", question="park"))
    q = client.get("/api/questions/park").json()
    assert (q["kind"], q["method"], q["binding"], q["outcome"]) == ("poll", "borda", False, "river")
    assert "advisory poll" in q["advisory"]
    assert q["count"]["rounds"][-1]["tallies"] == {"river": 5, "works": 3, "station": 1}
    page = client.get("/questions/park").text
    assert "Advisory, not binding." in page and "Borda points" in page
    assert "<td>5</td>" in page.replace(" ", "") or ">5<" in page


def test_a_clerk_opens_a_poll_from_the_web_form(demo_gov: Governance) -> None:
    browser = TestClient(create_app(demo_gov, hasher=FAST), follow_redirects=False)
    web.sign_in(browser, "clerk@ukraine")
    form = browser.get("/questions/new?body=ukraine/kharkiv&kind=poll")
    assert form.status_code == 200 and 'name="options"' in form.text and "binds no one" in form.text
    made = browser.post("/questions/new", data={
        "csrf_token": web.csrf(browser, "/questions/new?body=ukraine/kharkiv&kind=poll"),
        "body": "ukraine/kharkiv", "kind": "poll", "question": "park", "text": "Where should the park go?",
        "options": "river\nworks\nstation"})
    assert made.status_code == 303, made.text
    q = demo_gov.catch_up().questions["park"]
    assert (q.kind, q.method, q.options) == ("poll", "borda", ("river", "works", "station"))


def test_a_poll_from_the_cli(tmp_path: Path) -> None:
    commands = tmp_path / "poll.jsonl"
    commands.write_text("".join(json.dumps(c) + "\n" for c in [*FOUNDING, {
        "cmd": "open_question", "question": "park", "body": "r/town", "kind": "poll",
        "text": "Where should the park go?", "options": ["river", "works"]}, *(
        {"cmd": "cast_ballot", "question": "park", "voter": v, "ranking": ["works", "river"]}
        for v in ("r-0", "r-1")), {"cmd": "close_question", "question": "park"}]))
    db = f"sqlite:///{tmp_path}/c.db"
    assert CliRunner().invoke(app, ["--db", db, "apply", str(commands)]).exit_code == 0
    state = json.loads(CliRunner().invoke(app, ["--db", db, "state", "--json"]).output)
    park = state["questions"]["park"]
    assert (park["method"], park["outcome"], park["binding"]) == ("borda", "works", False)
