"""An encrypted approval question's page in Chromium (issue 14 item 3): the elector ticks any
number of options (none included), the browser encrypts one 0/1 mark per option with the
package's JavaScript, and the tellers' decryption gives each option's approvals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from tests.browser.support import sign_in
from tests.browser.test_encrypted_question_page import GROUP, TELLERS, _send, decrypt_by_tellers

pytestmark = pytest.mark.browser
QUESTION = "kharkiv-encrypted-approval"
WORKS = ("bridge", "school", "mill")


def test_an_approval_ballot_made_in_the_browser_is_counted_per_option(page: Page, tmp_path: Path) -> None:
    api = page.request
    _send(api, "clerk@ukraine", cmd="open_question", question=QUESTION, body="ukraine/kharkiv", kind="poll",
          method="approval", text="Which works should the city build?", options=list(WORKS),
          tellers=list(TELLERS))
    keys = {}
    for t in TELLERS:
        keys[t] = GROUP.random_scalar()
        _send(api, t, cmd="submit_teller_key", question=QUESTION, teller=t,
              key=json.dumps(tr.single_key(GROUP, keys[t])))
    sign_in(page, "ukraine-mykola")
    page.goto(f"/questions/{QUESTION}")
    expect(page.get_by_text("The options you approve")).to_be_visible()  # checkboxes, not radio buttons
    expect(page.locator("#encrypted")).to_contain_text("Olena, Taras (2 needed to decrypt)")  # names, spaced
    page.get_by_label("bridge", exact=True).check()
    page.get_by_label("mill", exact=True).check()
    assert page.locator("input[name=mark]:checked").count() == 2  # checkboxes: more than one option
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
    tracker = page.locator("#receipt").inner_text().strip()
    view = api.get(f"/api/questions/{QUESTION}/election").json()
    assert view["trackers"] == [tracker]
    _send(api, "clerk@ukraine", cmd="close_question", question=QUESTION)
    decided = decrypt_by_tellers(api, QUESTION, {t: keys[t] for t in TELLERS})
    assert decided["count"]["encrypted"]["totals"] == {"bridge": 1, "school": 0, "mill": 1}
    archived = api.get(f"/api/questions/{QUESTION}/archive")
    assert archived.ok, archived.text()
    assert verify_archive(archived.body()).result == [[1, 0, 1]]
    tool = shutil.which("belenios-tool")
    if tool is None:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed", pytrace=False)
        return
    (tmp_path / "question.bel").write_bytes(archived.body())
    run = subprocess.run([tool, "election", "verify", "--dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr + run.stdout  # the browser's approval ballot, checked by Belenios
