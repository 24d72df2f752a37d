"""A ranked encrypted election in Chromium (issue 14): the question page ranks the candidates and
encrypts the ranking in the browser (a candidate ranked twice refused there). After the close one
teller pastes its shuffle (what `councils teller submit-shuffle` prints) on the tellers' page, the
other shuffles in the browser (its proof checked by the server), and the first decrypts the mixed
ballots in the browser with its key file; IRV counts the decrypted rankings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from councils.ballot import mixnet
from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from tests.browser.support import sign_in
from tests.browser.test_encrypted_question_page import _send
from tests.interfaces.api_support import PASSWORD

pytestmark = pytest.mark.browser
RANKED = group_named("RFC-3526-2048")
PEOPLE = {"testland-rima": "Rima", "testland-rostislav": "Rostislav", "testland-raisa": "Raisa"}
QUESTION = "rtown-delegate"


def _set_up(page: Page) -> dict[str, int]:
    api = page.request
    _send(api, "clerk@testland", cmd="create_council", council="testland/rtown", republic="testland", kind="town",
          name="Rtown")
    for person, name in PEOPLE.items():
        _send(api, "clerk@testland", cmd="register_person", person=person, council="testland/rtown",
              nationality="testish", **{"class": "worker"}, born=1980, name=name)
        token = api.post("/api/session", data={"login": "clerk@testland", "password": PASSWORD}).json()["token"]
        made = api.post("/api/accounts", data={"login": person, "password": PASSWORD, "person": person},
                        headers={"Authorization": f"Bearer {token}"})
        assert made.ok, made.text()
    _send(api, "clerk@testland", cmd="open_question", question=QUESTION, body="testland/rtown", kind="election",
          text="Rtown's delegate to the congress", options=list(PEOPLE), to="testland/congress", seats=1,
          tellers=["testland-rima", "testland-rostislav"])
    keys = {}
    for t in ("testland-rima", "testland-rostislav"):
        keys[t] = RANKED.random_scalar()
        _send(api, t, cmd="submit_teller_key", question=QUESTION, teller=t,
              key=json.dumps(tr.single_key(RANKED, keys[t])))
    return keys


def test_a_ranking_is_encrypted_in_the_browser_mixed_by_the_tellers_and_counted(page: Page, tmp_path: Path) -> None:
    keys = _set_up(page)
    api = page.request
    view = api.get(f"/api/questions/{QUESTION}/election").json()
    election = Election.parse(view["election"])
    for voter, ranks in (("testland-rima", [1, 2, 0]), ("testland-rostislav", [2, 1, 0])):
        _send(api, voter, cmd="cast_encrypted_ballot", question=QUESTION, voter=voter,
              ballot=encrypt_ballot(election, new_credential(), [ranks]).ballot)
    sign_in(page, "testland-raisa")
    page.goto(f"/questions/{QUESTION}")
    page.get_by_label("Preference 1").select_option(label="Rima")
    page.get_by_label("Preference 2").select_option(label="Rima")
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(page.locator("#encrypting")).to_contain_text("ranked twice", timeout=30_000)  # refused here
    page.get_by_label("Preference 2").select_option(label="Raisa")
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
    tracker = page.locator("#receipt").inner_text().strip()
    assert api.get(f"/api/questions/{QUESTION}/election").json()["trackers"].count(tracker) == 1
    _send(api, "clerk@testland", cmd="close_question", question=QUESTION)
    page.goto(f"/questions/{QUESTION}")
    expect(page.locator("#tallying")).to_contain_text("The tellers shuffle the ballots in turn")
    sign_in(page, "testland-rima")
    page.goto("/tellers")
    duty = page.locator(f"section#{QUESTION}")
    expect(duty.locator(".awaiting")).to_contain_text("your shuffle of the ballots")
    expect(duty).to_contain_text(f"councils teller submit-shuffle {QUESTION} --teller testland-rima")
    view = api.get(f"/api/questions/{QUESTION}/election").json()
    _, raw = mixnet.shuffle_tally(election, read_tally(RANKED, view["encrypted_tally"]))  # the CLI's work
    duty.locator("textarea[name=submission]").fill(json.dumps({"cmd": "submit_shuffle", "question": QUESTION,
                                                                "teller": "testland-rima", "shuffle": raw}))
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your shuffle is recorded")
    before = api.get(f"/api/questions/{QUESTION}/election").json()["encrypted_tally"]
    sign_in(page, "testland-rostislav")  # the second turn, made in the browser and proved there
    page.goto("/tellers")
    duty = page.locator(f"section#{QUESTION}")
    duty.get_by_role("button", name="Shuffle in this browser").click()
    expect(duty.locator(".browser-status")).to_contain_text("Shuffled with its proof", timeout=90_000)
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your shuffle is recorded: its proof holds.")
    after = read_tally(RANKED, api.get(f"/api/questions/{QUESTION}/election").json()["encrypted_tally"])
    assert set(after[0]).isdisjoint(read_tally(RANKED, before)[0])  # every ballot re-encrypted
    sign_in(page, "testland-rima")
    page.goto("/tellers")
    duty = page.locator(f"section#{QUESTION}")
    expect(duty.locator(".awaiting")).to_contain_text("your partial decryption")
    key_file = tmp_path / "teller.key"
    key_file.write_text(json.dumps({"group": "RFC-3526-2048", "private_key": str(keys["testland-rima"])}))
    duty.locator(".key-input").set_input_files(str(key_file))
    duty.get_by_role("button", name="Decrypt in this browser").click()
    expect(duty.locator(".browser-status")).to_contain_text("Decrypted with proofs", timeout=60_000)
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your partial decryption is recorded")
    mixed = read_tally(RANKED, api.get(f"/api/questions/{QUESTION}/election").json()["encrypted_tally"])
    _send(api, "testland-rostislav", cmd="submit_partial_decryption", question=QUESTION,
          teller="testland-rostislav",
          decryption=tr.partial_decryption(election, mixed, keys["testland-rostislav"]))
    decided = api.get(f"/api/questions/{QUESTION}").json()
    assert decided["status"] == "decided"
    assert [w["id"] for w in decided["winners"]] == ["testland-rima"]  # 2 of 3 first preferences
    assert decided["count"]["encrypted"]["rankings"] == 3
    archive = api.get(f"/api/questions/{QUESTION}/archive")
    assert archive.ok and verify_archive(archive.body()).shuffles == 2
    tool = shutil.which("belenios-tool")
    if tool is None:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed")
        return
    (tmp_path / f"{election.uuid}.bel").write_bytes(archive.body())  # one shuffle and a decryption made in Chromium
    run = subprocess.run([tool, "election", "verify", "--dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
