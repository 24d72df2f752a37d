"""k-of-n tellers in Chromium (issue 14, items 1 and 5): where two of three tellers decrypt, each
teller does the three Pedersen rounds (certificate, polynomial with the shares sealed to each
teller, verification key) on the tellers' page, its secret seed kept in its own browser; only
public parts are sent. Ballots are cast and the question closed; two tellers decrypt in the
browser, the question is decided, and both councils' verifier and Debian's belenios-tool accept
its archive. A second question mixes: the key file a browser saved is taken over by the CLI, and
a key file the CLI made is taken up by a browser for the last round."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page, expect
from typer.testing import CliRunner

from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential
from councils.bootstrap import governance
from councils.constitution.loader import resolve_document
from councils.interfaces.api import create_app
from councils.interfaces.cli import app as cli
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, PASSWORD, add_demo_accounts

pytestmark = pytest.mark.browser
TELLERS = {"pl-anna": "Anna", "pl-boris": "Boris", "pl-vera": "Vera"}
VOTERS = {"pl-gleb": "Gleb", "pl-dina": "Dina", "pl-egor": "Egor"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A union of its own: a republic whose constitution needs 2 of 3 tellers to decrypt."""
    path = tmp_path_factory.mktemp("threshold") / "councils.db"
    gov = governance(f"sqlite:///{path}", clock=FixedClock())
    doc = resolve_document("rsfsr-1918")
    doc.setdefault("ballots", {})["tellers_needed"] = 2
    gov.handle({"cmd": "found_republic", "republic": "pl", "name": "Pland", "constitution": doc})
    gov.handle({"cmd": "create_council", "council": "pl/town", "republic": "pl", "kind": "town", "name": "Pltown"})
    for person, name in {**TELLERS, **VOTERS}.items():
        gov.handle({"cmd": "register_person", "person": person, "council": "pl/town", "nationality": "x",
                    "class": "worker", "born": 1980, "name": name})
    app = create_app(gov, add_demo_accounts(gov), hasher=FAST)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                            lifespan="off", access_log=False))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)
    gov.ledger.dispose()


def _send(api: APIRequestContext, url: str, login: str, command: dict[str, Any]) -> None:
    token = api.post(f"{url}/api/session", data={"login": login, "password": PASSWORD}).json()["token"]
    done = api.post(f"{url}/api/commands", data=command, headers={"Authorization": f"Bearer {token}"})
    assert done.ok, done.text()


def _teller(browser: Browser, url: str, login: str) -> tuple[BrowserContext, Page]:
    """A teller's own browser (its own localStorage), signed in."""
    context = browser.new_context(base_url=url, accept_downloads=True)
    page = context.new_page()
    page.goto("/signin")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"Signed in as {login}")).to_be_visible()
    return context, page


def _browser_round(page: Page, question: str, awaited: str, goto: bool = True) -> dict[str, Any]:
    """One round on the tellers' page: done in the browser, then sent; returns the key file kept there."""
    if goto:
        page.goto("/tellers")
    duty = page.locator(f"section#{question}")
    expect(duty.locator(".awaiting")).to_contain_text(awaited)
    duty.get_by_role("button", name="Do this round in this browser").click()
    expect(duty.locator(".browser-status")).to_contain_text("Round done in this browser", timeout=30_000)
    kept = json.loads(page.evaluate(f"localStorage.getItem('councils-teller-key-{question}')"))
    sent = duty.locator("textarea[name=submission]").input_value()
    assert kept["seed"] not in sent and ("private_key" not in kept or kept["private_key"] not in sent)  # public only
    assert json.loads(sent)["cmd"] == "submit_teller_key"
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your key is recorded.")
    result: dict[str, Any] = kept
    return result


def _browser_decrypt(page: Page, question: str) -> None:
    page.goto("/tellers")
    duty = page.locator(f"section#{question}")
    expect(duty.locator(".awaiting")).to_contain_text("your partial decryption")
    duty.get_by_role("button", name="Decrypt in this browser").click()
    expect(duty.locator(".browser-status")).to_contain_text("Decrypted with proofs", timeout=30_000)
    duty.get_by_role("button", name="Send as").click()
    expect(page.locator(".flash")).to_contain_text("Your partial decryption is recorded")


def _open_and_vote(api: APIRequestContext, url: str, question: str) -> None:
    _send(api, url, "clerk@pl", {"cmd": "open_question", "question": question, "body": "pl/town", "kind": "motion",
                                 "text": "Build the bridge over the Pla", "tellers": list(TELLERS)})


def _cast_and_close(api: APIRequestContext, url: str, question: str) -> Election:
    view = api.get(f"{url}/api/questions/{question}/election").json()
    assert view["step"] is None and view["election"], view  # every round done: the election is fixed
    election = Election.parse(view["election"])
    for voter, marks in zip(VOTERS, ([1, 0, 0], [1, 0, 0], [0, 1, 0]), strict=True):
        _send(api, url, voter, {"cmd": "cast_encrypted_ballot", "question": question, "voter": voter,
                                "ballot": encrypt_ballot(election, new_credential(), [marks]).ballot})
    _send(api, url, "clerk@pl", {"cmd": "close_question", "question": question})
    return election


def _decided_and_verified(api: APIRequestContext, url: str, question: str, tmp_path: Path) -> None:
    decided = api.get(f"{url}/api/questions/{question}").json()
    assert decided["status"] == "decided"
    assert decided["count"]["encrypted"]["totals"] == {"yes": 2, "no": 1, "abstain": 0}
    archive = api.get(f"{url}/api/questions/{question}/archive")
    checked = verify_archive(archive.body()).result
    assert archive.ok and checked is not None and checked[0][:2] == [2, 1]
    tool = shutil.which("belenios-tool")
    if tool is None:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed")
        return
    uuid = json.loads(api.get(f"{url}/api/questions/{question}/election").json()["election"])["uuid"]
    (tmp_path / f"{uuid}.bel").write_bytes(archive.body())
    run = subprocess.run([tool, "election", "verify", "--dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr


def test_two_of_three_tellers_do_every_round_in_the_browser_and_belenios_verifies(
        browser: Browser, server: str, tmp_path: Path) -> None:
    question = "pl-bridge-browser"
    api = browser.new_context().request
    _open_and_vote(api, server, question)
    tellers = {login: _teller(browser, server, login) for login in TELLERS}
    kept: dict[str, dict[str, Any]] = {}
    for awaited in ("your certificate", "your polynomial", "your verification key"):
        for login, (_, page) in tellers.items():
            kept[login] = _browser_round(page, question, awaited)
    assert all(int(k["private_key"]) > 0 and k["group"] == "BELENIOS-2048" for k in kept.values())
    keys = [json.loads(e["data"]["key"]) for e in api.get(f"{server}/api/ledger?limit=500").json()["events"]
            if e["type"] == "TellerKeySubmitted" and e["data"]["question"] == question]
    assert len(keys) == 9 and not any(k["seed"] in json.dumps(keys) for k in kept.values())  # seeds never sent
    _cast_and_close(api, server, question)
    for login in ("pl-anna", "pl-vera"):  # two of three suffice
        _browser_decrypt(tellers[login][1], question)
    _decided_and_verified(api, server, question, tmp_path)
    for context, _ in tellers.values():
        context.close()


def _cli(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


def test_a_key_file_saved_by_the_browser_is_taken_over_by_the_command_line_and_back(
        browser: Browser, server: str, tmp_path: Path) -> None:
    question = "pl-bridge-mixed"
    api = browser.new_context().request
    _open_and_vote(api, server, question)
    anna, boris = _teller(browser, server, "pl-anna"), _teller(browser, server, "pl-boris")
    vera_key = tmp_path / "vera.key"
    _cli("teller", "keygen", "--threshold", "--out", str(vera_key))  # Vera: the CLI throughout
    _browser_round(anna[1], question, "your certificate")
    boris_page = boris[1]
    boris_page.goto("/tellers")
    duty = boris_page.locator(f"section#{question}")
    duty.get_by_role("button", name="Do this round in this browser").click()
    expect(duty.locator(".key-file")).to_be_visible(timeout=30_000)
    with boris_page.expect_download() as saved:
        duty.locator(".key-file a").click()
    boris_key = tmp_path / "boris.key"
    saved.value.save_as(boris_key)
    assert set(json.loads(boris_key.read_text())) == {"group", "seed"}  # `teller keygen --threshold`'s format
    duty.get_by_role("button", name="Send as").click()
    expect(boris_page.locator(".flash")).to_contain_text("Your key is recorded.")
    view = tmp_path / "view.json"
    for round_ in ("certificate", "polynomial", "key"):
        view.write_text(api.get(f"{server}/api/questions/{question}/election").text())
        assert json.loads(view.read_text())["step"] == round_
        for login, key in (("pl-boris", boris_key), ("pl-vera", vera_key)):
            if round_ == "certificate" and login == "pl-boris":
                continue  # made in Boris's browser above
            if round_ == "key" and login == "pl-vera":
                continue  # Vera's last round: in her browser, from the CLI's key file (below)
            line = _cli("teller", "submit-key", question, "--teller", login, "--key", str(key), "--election",
                        str(view))
            _send(api, server, login, json.loads(line))
        if round_ != "key":
            _browser_round(anna[1], question, "your polynomial" if round_ == "certificate" else "your verification")
    vera = _teller(browser, server, "pl-vera")
    vera[1].goto("/tellers")
    vera[1].locator(f"section#{question} .key-input").set_input_files(str(vera_key))
    made = _browser_round(vera[1], question, "your verification key", goto=False)
    assert made["seed"] == json.loads(vera_key.read_text())["seed"] and int(made["private_key"]) > 0
    _cast_and_close(api, server, question)
    _browser_decrypt(anna[1], question)
    view.write_text(api.get(f"{server}/api/questions/{question}/election").text())
    line = _cli("teller", "submit-decryption", question, "--teller", "pl-boris", "--key", str(boris_key),
                "--election", str(view))  # the browser's key file, finished by the CLI's rounds
    _send(api, server, "pl-boris", json.loads(line))
    _decided_and_verified(api, server, question, tmp_path)
    for context, _ in (anna, boris, vera):
        context.close()
