"""The tellers' page in Chromium (issue 14): a teller sees the encrypted questions it tells and
what is awaited of it, makes its key in the browser (the private key stays there; only the public
key and its proof are sent), has a pasted text that is not a teller's command refused in words,
and after the close decrypts in the browser; with the other teller's part, the question is decided."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from councils.ballot import trustees as tr
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from tests.browser.support import assert_accessible, sign_in
from tests.browser.test_encrypted_question_page import _events, _send

pytestmark = pytest.mark.browser
GROUP = group_named("BELENIOS-2048")
QUESTION = "kharkiv-teller-page"


def test_a_teller_makes_its_key_and_decrypts_in_the_browser_without_sending_the_private_key(page: Page) -> None:
    api = page.request
    _send(api, "clerk@ukraine", cmd="open_question", question=QUESTION, body="ukraine/kharkiv", kind="motion",
          text="Open a reading room at the depot", tellers=["ukraine-olena", "ukraine-taras"])
    sign_in(page, "ukraine-olena")
    page.goto(f"/questions/{QUESTION}")
    page.locator("#teller-link").click()
    duty = page.locator(f"section#{QUESTION}")
    expect(duty.locator(".awaiting")).to_contain_text("Awaited of you: your public key.")
    expect(duty).to_contain_text(f"councils teller submit-key {QUESTION} --teller ukraine-olena --key teller.key")
    assert_accessible(page)  # axe-core: the tellers' page
    duty.get_by_label("The command to send (one line of JSON)").fill("not a command")
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".refusal")).to_contain_text("not JSON")  # refused in words, nothing recorded
    duty = page.locator(f"section#{QUESTION}")
    duty.get_by_role("button", name="Make my key in this browser").click()
    expect(duty.locator(".key-file")).to_be_visible(timeout=30_000)
    private = json.loads(page.evaluate(f"localStorage.getItem('councils-teller-key-{QUESTION}')"))
    assert private["group"] == "BELENIOS-2048" and int(private["private_key"]) > 0
    assert (duty.locator(".key-file a").get_attribute("href") or "").startswith("blob:")  # saved from the page
    sent = duty.locator("textarea[name=submission]").input_value()
    assert private["private_key"] not in sent and json.loads(sent)["cmd"] == "submit_teller_key"
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your key is recorded.")
    expect(page.locator(f"section#{QUESTION} .awaiting")).to_contain_text("waiting for: Taras")
    taras = GROUP.random_scalar()
    _send(api, "ukraine-taras", cmd="submit_teller_key", question=QUESTION, teller="ukraine-taras",
          key=json.dumps(tr.single_key(GROUP, taras)))
    keys = [e["data"]["key"] for e in _events(api)
            if e["type"] == "TellerKeySubmitted" and e["data"]["question"] == QUESTION]
    assert len(keys) == 2 and not any(private["private_key"] in k for k in keys)  # only public halves
    view = api.get(f"/api/questions/{QUESTION}/election").json()
    election = Election.parse(view["election"])
    for voter, marks in (("ukraine-mykola", [1, 0, 0]), ("ukraine-oksana", [1, 0, 0]), ("ukraine-taras", [0, 1, 0])):
        _send(api, voter, cmd="cast_encrypted_ballot", question=QUESTION, voter=voter,
              ballot=encrypt_ballot(election, new_credential(), [marks]).ballot)
    page.reload()
    expect(page.locator(f"section#{QUESTION} .awaiting")).to_contain_text("open for ballots")
    _send(api, "clerk@ukraine", cmd="close_question", question=QUESTION)
    page.reload()
    duty = page.locator(f"section#{QUESTION}")
    expect(duty.locator(".awaiting")).to_contain_text("your partial decryption")
    duty.get_by_role("button", name="Decrypt in this browser").click()
    expect(duty.locator(".browser-status")).to_contain_text("Decrypted with proofs", timeout=30_000)
    sent = duty.locator("textarea[name=submission]").input_value()
    assert private["private_key"] not in sent
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your partial decryption is recorded")
    expect(page.locator(f"section#{QUESTION} .awaiting")).to_contain_text("waiting for: Taras")
    tally = read_tally(GROUP, api.get(f"/api/questions/{QUESTION}/election").json()["encrypted_tally"])
    _send(api, "ukraine-taras", cmd="submit_partial_decryption", question=QUESTION, teller="ukraine-taras",
          decryption=tr.partial_decryption(election, tally, taras))
    decided = api.get(f"/api/questions/{QUESTION}").json()
    assert decided["count"]["encrypted"]["totals"] == {"yes": 2, "no": 1, "abstain": 0}
    page.goto("/me")
    page.get_by_role("link", name="My duties as a teller").click()
    expect(page.locator(f"section#{QUESTION} .awaiting")).to_contain_text("Done: the question is decided.")
    sign_in(page, "ukraine-mykola")  # no teller
    page.goto("/tellers")
    expect(page.locator("#no-duties")).to_have_text("You are not a teller of any encrypted question.")
