"""A ballot encrypted in Chromium, by the JavaScript the package serves, is a Belenios ballot:
councils' verifier and Debian's belenios-tool both accept the archive that holds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from councils.ballot import trustees as tr
from councils.ballot.archive import Closed, build_archive, tally_of, verify_archive
from councils.ballot.election import (
    Election,
    Question,
    ballot_problem,
    encrypt_ballot,
    new_credential,
    new_uuid,
    public_credential,
    sha256_b64,
)
from councils.ballot.group import BELENIOS_2048

pytestmark = pytest.mark.browser


def _encrypt_in_browser(page: Page, election: Election, credential: str, choices: list[list[int]]) -> dict[str, str]:
    page.goto("/")
    page.add_script_tag(url="/static/bn.js")
    page.add_script_tag(url="/static/councils-ballot.js")
    made: dict[str, str] = page.evaluate(
        "([e, c, p]) => window.councilsBallot.encrypt(e, c, p)", [election.raw, credential, choices])
    return made


def test_a_ballot_made_in_the_browser_verifies_with_councils_and_belenios_tool(page: Page, tmp_path: Path) -> None:
    group = BELENIOS_2048
    dealing = tr.deal_pedersen(group, 3, 2)
    trustees: list[object] = [["Pedersen", dealing.params]]
    uuid = new_uuid()
    election = Election.make(uuid=uuid, name="Council of Rodniki", description="browser", group=group,
                             public_key=tr.election_key(group, trustees),
                             questions=[Question("Adopt?", ("yes", "no"), 1, 1),
                                        Question("Commission", ("Ana", "Boris", "Chen"), 0, 2)])
    creds = [new_credential() for _ in range(2)]
    made = _encrypt_in_browser(page, election, creds[0], [[0, 1], [1, 0, 1]])
    assert ballot_problem(election, made["ballot"]) is None
    assert made["tracker"] == sha256_b64(made["ballot"])
    assert json.loads(made["ballot"])["credential"] == public_credential(group, uuid, creds[0])

    ballots = [made["ballot"], encrypt_ballot(election, creds[1], [[1, 0], [1, 0, 0]]).ballot]
    tally, _ = tally_of(election, ballots)
    decs = {1: tr.partial_decryption(election, tally, dealing.keys[0]),
            3: tr.partial_decryption(election, tally, dealing.keys[2])}
    blob = build_archive(Closed(election, trustees, [public_credential(group, uuid, c) for c in creds], ballots,
                                decs, int(time.time())))
    assert verify_archive(blob).result == [[1, 1], [2, 0, 1]]
    tool = shutil.which("belenios-tool")
    if tool is None:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed")
        return
    (tmp_path / f"{uuid}.bel").write_bytes(blob)
    run = subprocess.run([tool, "election", "verify", "--dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr


def test_the_browser_refuses_marks_outside_the_questions_bounds(page: Page) -> None:
    group = BELENIOS_2048
    key = tr.single_key(group, group.random_scalar())
    election = Election.make(uuid=new_uuid(), name="x", description="x", group=group,
                             public_key=group.from_str(str(key["public_key"])),
                             questions=[Question("Adopt?", ("yes", "no"), 1, 1)])
    with pytest.raises(Exception, match="2 answers marked, allowed 1 to 1"):
        _encrypt_in_browser(page, election, new_credential(), [[1, 1]])


def test_the_booth_encrypts_shows_the_tracker_and_a_challenge_audits_true(page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect
    from typer.testing import CliRunner

    from councils.interfaces.cli import app
    from tests.browser.support import assert_accessible

    group = BELENIOS_2048
    key = tr.single_key(group, group.random_scalar())
    election = Election.make(uuid=new_uuid(), name="Council of Rodniki", description="booth", group=group,
                             public_key=group.from_str(str(key["public_key"])),
                             questions=[Question("Adopt the plan?", ("yes", "no"), 1, 1)])
    credential = new_credential()
    page.goto("/static/booth.html")
    page.get_by_label("The question (its election JSON, as published)").fill(election.raw)
    page.get_by_label("Your credential").fill(credential)
    page.get_by_role("button", name="Show the question").click()
    page.get_by_role("checkbox", name="no").check()
    page.get_by_role("button", name="Encrypt").click()
    expect(page.locator("#made")).to_be_visible(timeout=60_000)
    ballot = page.get_by_label("The encrypted ballot, to cast").input_value()
    assert ballot_problem(election, ballot) is None
    expect(page.locator("#tracker")).to_have_text(sha256_b64(ballot))
    assert_accessible(page)

    page.get_by_role("button", name="Challenge this ballot instead of casting it").click()
    expect(page.locator("#spoiled")).to_be_visible()
    challenged = page.locator("#audit").input_value()
    assert json.loads(challenged)["choices"] == [[0, 1]]
    (tmp_path / "challenge.json").write_text(challenged)
    (tmp_path / "election.json").write_text(election.raw)
    audit = CliRunner().invoke(app, ["ballot", "audit", str(tmp_path / "challenge.json"), "--election",
                                     str(tmp_path / "election.json")])
    assert audit.exit_code == 0 and "encrypted faithfully" in audit.stdout

    page.get_by_role("button", name="Encrypt").click()  # encrypt afresh after the challenge
    expect(page.locator("#made")).to_be_visible(timeout=60_000)
    assert page.get_by_label("The encrypted ballot, to cast").input_value() != ballot
    page.get_by_role("checkbox", name="yes").check()  # now two marks: refused in the page
    page.get_by_role("button", name="Encrypt").click()
    expect(page.get_by_role("alert")).to_contain_text("2 answers marked, allowed 1 to 1")


def test_a_ranking_encrypted_in_the_browser_verifies(page: Page) -> None:
    from councils.ballot.election import RankedQuestion
    from councils.ballot.group import RFC_3526_2048

    group = RFC_3526_2048
    key = tr.single_key(group, group.random_scalar())
    election = Election.make(uuid=new_uuid(), name="Council of Rodniki", description="ranked", group=group,
                             public_key=group.from_str(str(key["public_key"])),
                             questions=[RankedQuestion("Commission", ("Ana", "Boris", "Chen", "Dara", "Egor"))])
    page.set_default_timeout(120_000)
    made = _encrypt_in_browser(page, election, new_credential(), [[2, 1, 3, 5, 4]])
    assert ballot_problem(election, made["ballot"]) is None
    assert made["tracker"] == sha256_b64(made["ballot"])


def test_the_booth_offers_a_blank_vote_where_the_question_allows_it(page: Page) -> None:
    from playwright.sync_api import expect

    group = BELENIOS_2048
    key = tr.single_key(group, group.random_scalar())
    election = Election.make(uuid=new_uuid(), name="Council of Rodniki", description="blank", group=group,
                             public_key=group.from_str(str(key["public_key"])),
                             questions=[Question("Chair of the session", ("Ana", "Boris"), 1, 1, blank=True)])
    page.goto("/static/booth.html")
    page.get_by_label("The question (its election JSON, as published)").fill(election.raw)
    page.get_by_label("Your credential").fill(new_credential())
    page.get_by_role("button", name="Show the question").click()
    page.get_by_role("checkbox", name="Blank vote (no answer)").check()
    page.get_by_role("button", name="Encrypt").click()
    expect(page.locator("#made")).to_be_visible(timeout=60_000)
    ballot = page.get_by_label("The encrypted ballot, to cast").input_value()
    assert ballot_problem(election, ballot) is None
    assert "blank_proof" in json.loads(ballot)["answers"][0]
