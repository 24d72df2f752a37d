"""An encrypted question's page in Chromium (issue 14): the elector's browser encrypts the choice
with the package's JavaScript and posts only the ciphertext; the tracker is the receipt shown; the
ledger holds the ciphertext; the tellers' decryption gives the result the choices make."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from councils.ballot import trustees as tr
from councils.ballot.election import Election, Encrypted, audit_ballot, read_tally, sha256_b64
from councils.ballot.group import group_named
from tests.browser.support import assert_accessible, sign_in
from tests.interfaces.api_support import PASSWORD

pytestmark = pytest.mark.browser
GROUP = group_named("BELENIOS-2048")
TELLERS = ("ukraine-olena", "ukraine-taras")
QUESTION = "kharkiv-encrypted-web"


def _token(api: APIRequestContext, login: str) -> dict[str, str]:
    signed = api.post("/api/session", data={"login": login, "password": PASSWORD})
    assert signed.ok, signed.text()
    return {"Authorization": f"Bearer {signed.json()['token']}"}


def _send(api: APIRequestContext, login: str, **command: object) -> dict[str, object]:
    done = api.post("/api/commands", data=command, headers=_token(api, login))
    assert done.ok, done.text()
    result: dict[str, object] = done.json()
    return result


def _events(api: APIRequestContext) -> list[dict[str, Any]]:
    """The whole ledger, page by page."""
    events: list[dict[str, Any]] = []
    after: object = 0
    while after is not None:
        page = api.get(f"/api/ledger?limit=500&after={after}").json()
        events += page["events"]
        after = page.get("next_after")
    return events


def decrypt_by_tellers(api: APIRequestContext, question: str, keys: dict[str, int]) -> dict[str, Any]:
    """Each teller's partial decryption of the closed question's tally, sent as that teller; the
    question as the API then shows it (decided)."""
    view = api.get(f"/api/questions/{question}/election").json()
    election = Election.parse(view["election"])
    tally = read_tally(GROUP, view["encrypted_tally"])
    for t, key in keys.items():
        _send(api, t, cmd="submit_partial_decryption", question=question, teller=t,
              decryption=tr.partial_decryption(election, tally, key))
    decided: dict[str, Any] = api.get(f"/api/questions/{question}").json()
    return decided


def test_an_encrypted_ballot_is_encrypted_in_the_browser_and_counted(page: Page) -> None:
    api = page.request
    _send(api, "clerk@ukraine", cmd="open_question", question=QUESTION, body="ukraine/kharkiv", kind="motion",
          text="Light the tram depot at night", tellers=list(TELLERS))
    keys = {}
    for t in TELLERS:
        keys[t] = GROUP.random_scalar()
        _send(api, t, cmd="submit_teller_key", question=QUESTION, teller=t,
              key=json.dumps(tr.single_key(GROUP, keys[t])))
    sign_in(page, "ukraine-mykola")
    page.goto(f"/questions/{QUESTION}")
    expect(page.locator("#encrypted")).to_contain_text("Tellers:")
    page.get_by_label("yes", exact=True).check()
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
    tracker = page.locator("#receipt").inner_text().strip()
    view = api.get(f"/api/questions/{QUESTION}/election").json()
    assert view["trackers"] == [tracker]
    page.get_by_role("link", name="Check my receipt").click()  # the tracker may hold '+' or '/'
    expect(page.get_by_role("status")).to_contain_text("In the box, encrypted")
    ledger = api.get("/api/ledger?limit=500").json()
    cast = [e for e in ledger["events"] if e["type"] == "EncryptedBallotCast"]
    assert cast and sha256_b64(cast[-1]["data"]["ballot"]) == tracker  # the ciphertext itself is in the chain
    assert "yes" not in cast[-1]["data"]["ballot"]
    _send(api, "clerk@ukraine", cmd="close_question", question=QUESTION)
    page.goto(f"/questions/{QUESTION}")
    expect(page.locator("#tallying")).to_be_visible()  # closed, waiting for the tellers
    decided = decrypt_by_tellers(api, QUESTION, {t: keys[t] for t in TELLERS})
    assert decided["count"]["encrypted"]["totals"] == {"yes": 1, "no": 0, "abstain": 0}
    page.goto(f"/questions/{QUESTION}")
    expect(page.locator("#archive")).to_be_visible()


def test_benaloh_challenge_on_the_question_page_checks_and_the_cast_ballot_is_encrypted_afresh(page: Page) -> None:
    """Issue 14: encrypt, reveal the randomness, check (apart from the device, and again here
    with councils' own audit), then cast: the ballot cast is another ciphertext."""
    api = page.request
    question = "kharkiv-encrypted-challenge"
    _send(api, "clerk@ukraine", cmd="open_question", question=question, body="ukraine/kharkiv", kind="motion",
          text="Paint the tram depot green", tellers=list(TELLERS))
    for t in TELLERS:
        _send(api, t, cmd="submit_teller_key", question=question, teller=t,
              key=json.dumps(tr.single_key(GROUP, GROUP.random_scalar())))
    sign_in(page, "ukraine-mykola")
    page.goto(f"/questions/{question}")
    page.get_by_label("no", exact=True).check()
    page.locator("#challenge-box summary").click()
    page.get_by_role("button", name="Encrypt, reveal and check").click()
    result = page.locator("#challenge-result")
    expect(result).to_have_attribute("data-valid", "yes", timeout=60_000)
    expect(result).to_contain_text("(no)")
    assert_accessible(page)  # axe-core: the question page with the challenge shown
    spoiled_tracker = page.locator("#challenge-tracker code").inner_text().strip()
    revealed = json.loads(page.locator("#challenge-data").input_value())
    election = Election.parse(api.get(f"/api/questions/{question}/election").json()["election"])
    made = Encrypted(revealed["ballot"], sha256_b64(revealed["ballot"]),
                     tuple(tuple(int(x) for x in rs) for rs in revealed["randomness"]))
    assert made.tracker == spoiled_tracker
    assert audit_ballot(election, made, [[0, 1, 0]])  # it encrypts "no", as shown
    assert not audit_ballot(election, made, [[1, 0, 0]])
    lying = api.post(f"/api/questions/{question}/challenge", data={**revealed, "choices": [[1, 0, 0]]})
    assert lying.ok and lying.json()["valid"] is False  # the server's check can fail
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
    cast_tracker = page.locator("#receipt").inner_text().strip()
    view = api.get(f"/api/questions/{question}/election").json()
    assert view["trackers"] == [cast_tracker]
    assert cast_tracker != spoiled_tracker  # the spoiled ballot is never cast: encrypted afresh
    ballots = [e["data"]["ballot"] for e in _events(api)
               if e["type"] == "EncryptedBallotCast" and e["data"]["question"] == question]
    assert ballots and revealed["ballot"] not in ballots
    assert json.loads(ballots[0])["answers"] != json.loads(revealed["ballot"])["answers"]
