"""A secret question with fewer ballots than the constitution's minimum publishes its
totals but not its ballots one by one ([ballots] publish_minimum_turnout), and the API,
the web, the ledger (what `councils ledger log` prints) and an archive agree.

The demo's `assembly-tram` had one voter, and the one ballot it published was theirs."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.bootstrap import governance
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, resolve_document
from councils.constitution.schema import DEFAULT_PUBLISH_MINIMUM
from councils.interfaces.api import create_app
from tests.builders import World
from tests.interfaces.api_support import FAST
from tests.interfaces.test_passwords import cli

pytest_plugins = ("tests.interfaces.api_fixtures",)


def published(gov: Governance, question: str) -> dict[str, Any]:
    return next(r.event.data for r in gov.ledger.read()
                if r.event.type == "BallotsPublished" and r.event.data["question"] == question)


def test_the_demos_one_voter_question_publishes_totals_not_the_ballot(
        demo_gov: Governance, client: TestClient) -> None:
    event = published(demo_gov, "assembly-tram")
    assert all(set(b) == {"receipt"} for b in event["ballots"]) and len(event["ballots"]) == 1
    assert event["withheld"].startswith("1 ballot(s) cast, fewer than the 3")
    q = client.get("/api/questions/assembly-tram").json()
    assert q["secret"] and q["status"] == "decided" and q["participation"]["voted"] == 1
    assert q["ballots"] == [] and "publish_minimum_turnout" in q["ballots_withheld"]
    assert q["count"]["rounds"][0]["tallies"]["no"] == 1  # the totals are published
    receipt = event["ballots"][0]["receipt"]
    checked = client.get(f"/api/questions/assembly-tram/receipts/{receipt}").json()
    assert checked["counted"] is True and checked["preferences"] is None  # the voter finds theirs
    assert "not published one by one" in checked["message"]


def test_a_question_at_the_minimum_publishes_its_ballots(demo_gov: Governance) -> None:
    voters = [b for b in (r.event.data for r in demo_gov.ledger.read()
                          if r.event.type == "BallotsPublished") if "withheld" not in b]
    assert voters, "the demo has secret questions with enough ballots"
    for event in voters:
        assert len(event["ballots"]) >= DEFAULT_PUBLISH_MINIMUM
        assert all(set(b) == {"receipt", "preferences"} for b in event["ballots"])


def test_the_web_page_says_only_the_totals_are_published(demo_gov: Governance) -> None:
    with TestClient(create_app(demo_gov, hasher=FAST)) as browser:
        page = browser.get("/questions/assembly-tram").text
    assert 'id="ballots-withheld"' in page and "Only the totals are published" in page
    assert "ballots as published" not in page and "ballot as published" not in page


def _republic(gov: Governance, minimum: int | None, voters: int) -> None:
    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    if minimum is not None:
        doc["ballots"]["publish_minimum_turnout"] = minimum
    gov.handle({"cmd": "found_republic", "republic": "rep", "name": "Rep", "constitution": doc})
    world = World(gov)
    world.council("rep", "town")
    for i in range(voters):
        world.person(f"rep-{i}", "rep/town")
    gov.handle({"cmd": "open_question", "question": "m", "body": "rep/town", "kind": "motion",
                "text": "a motion"})
    for i in range(voters):
        gov.handle({"cmd": "cast_ballot", "question": "m", "voter": f"rep-{i}",
                    "choice": "yes" if i % 2 else "no"})
    gov.handle({"cmd": "close_question", "question": "m"})


@pytest.mark.parametrize(("minimum", "voters", "withheld"), [
    (None, 2, True), (None, 3, False), (5, 4, True), (5, 5, False), (1, 1, False)])
def test_the_constitution_declares_the_minimum(gov: Governance, minimum: int | None, voters: int,
                                               withheld: bool) -> None:
    _republic(gov, minimum, voters)
    event = published(gov, "m")
    assert ("withheld" in event) is withheld
    assert all(("preferences" in b) is not withheld for b in event["ballots"])
    assert len(event["ballots"]) == voters
    q = gov.state.questions["m"]
    assert (q.ballots_withheld is not None) is withheld
    assert q.count is not None and sum(q.count["rounds"][0]["tallies"].values()) == voters


@pytest.mark.parametrize("value", [0, -1, "3", True])
def test_a_bad_minimum_is_refused_naming_its_key(value: object) -> None:
    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    doc["ballots"]["publish_minimum_turnout"] = value
    with pytest.raises(ConstitutionError, match=r"ballots\.publish_minimum_turnout"):
        load_constitution(doc)


def test_the_ledger_log_and_an_archive_carry_no_withheld_ballot(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    gov = governance(f"sqlite:///{db}")
    _republic(gov, None, 2)
    gov.ledger.dispose()
    log = cli(db, "ledger", "log", "--limit", "1000")
    assert log.returncode == 0, log.stderr
    event = next(e for e in map(json.loads, log.stdout.splitlines())
                 if e.get("type") == "BallotsPublished")
    assert "withheld" in json.dumps(event) and "preferences" not in json.dumps(event)
    archive = tmp_path / "rep.json"
    exported = cli(db, "republic", "export", "rep", str(archive))
    assert exported.returncode == 0, exported.stderr
    assert not re.search(r'"preferences"\s*:\s*\[\s*"(yes|no)"', archive.read_text())
    other = tmp_path / "other.db"
    imported = cli(other, "republic", "import", str(archive))
    assert imported.returncode == 0, imported.stderr
    again = governance(f"sqlite:///{other}")
    assert again.state.questions["m"].ballots_withheld is not None
    again.ledger.dispose()


def test_the_minimum_is_the_one_in_force_when_the_question_opened(gov: Governance) -> None:
    """An amendment passed while a question is open cannot publish its voters' ballots."""
    doc = copy.deepcopy(resolve_document("rsfsr-1918"))
    doc["ballots"]["publish_minimum_turnout"] = 5
    gov.handle({"cmd": "found_republic", "republic": "rep", "name": "Rep", "constitution": doc})
    world = World(gov)
    world.council("rep", "town")
    for i in range(2):
        world.person(f"rep-{i}", "rep/town")
    gov.handle({"cmd": "open_question", "question": "m", "body": "rep/town", "kind": "motion",
                "text": "a motion"})
    assert gov.state.questions["m"].details["publish_minimum"] == 5
    for i in range(2):
        gov.handle({"cmd": "cast_ballot", "question": "m", "voter": f"rep-{i}", "choice": "yes"})
    polity = gov.state.polities["rep"]  # as if amended to publish every ballot meanwhile
    polity.constitution = dataclasses.replace(polity.constitution, publish_minimum_turnout=1)
    gov.handle({"cmd": "close_question", "question": "m"})
    assert "withheld" in published(gov, "m")
