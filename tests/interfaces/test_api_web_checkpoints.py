"""The server publishes its signed checkpoints and public keys (`GET /api/checkpoints`,
`GET /api/keys`) and every page's footer shows the latest: a person can keep one from
anywhere and later hold the ledger to it (`councils ledger verify --against`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from councils.adapters.checkpoint_log import CheckpointFile, read_kept
from councils.adapters.signing import KeyFile
from councils.application.governance import Governance
from councils.application.records import check_against, checkpoint, rotate
from councils.bootstrap import published_records, wire
from councils.interfaces.api import create_app
from tests.interfaces.api_support import FAST

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def key(tmp_path: Path) -> KeyFile:
    return KeyFile.create(tmp_path / "ledger.key")


@pytest.fixture
def log(tmp_path: Path) -> CheckpointFile:
    return CheckpointFile(tmp_path / "ledger.key.checkpoints.jsonl")


def _client(gov: Governance, log: CheckpointFile | None, keys: tuple[str, ...] = ()) -> TestClient:
    container = wire(gov, hasher=FAST, checkpoints=log, public_keys=keys)
    return TestClient(create_app(container, scheduler=False), follow_redirects=False)


def test_the_api_publishes_the_latest_and_every_checkpoint_as_json_anyone_can_keep(
        demo_gov: Governance, key: KeyFile, log: CheckpointFile, tmp_path: Path) -> None:
    first = checkpoint(demo_gov, key, log)
    second = checkpoint(demo_gov, key, log)
    answer = _client(demo_gov, log, (key.public_key,)).get("/api/checkpoints")
    assert answer.status_code == 200
    body = answer.json()
    assert [c["position"] for c in body["checkpoints"]] == [first.position, second.position]
    assert body["latest"]["signature"] == second.signature and body["latest"]["valid"] is True
    kept = tmp_path / "kept.json"  # a person keeps what the API gave, and holds the ledger to it later
    kept.write_text(json.dumps(body["latest"]))
    found, valid = read_kept(kept)
    assert valid and check_against(demo_gov, found, valid, [key.public_key]).ok


def test_a_checkpoint_altered_in_the_servers_log_is_published_as_invalid(
        demo_gov: Governance, key: KeyFile, log: CheckpointFile) -> None:
    checkpoint(demo_gov, key, log)
    row = json.loads(log.path.read_text())
    row["position"] -= 1
    log.path.write_text(json.dumps(row) + "\n")
    latest = _client(demo_gov, log).get("/api/checkpoints").json()["latest"]
    assert latest["position"] == row["position"] and latest["valid"] is False
    footer = _client(demo_gov, log).get("/").text.split("<footer>")[1]
    assert "Its signature does not hold." in footer and "Signed: its signature holds." not in footer


def test_the_api_publishes_the_signing_keys_with_what_each_signed(
        demo_gov: Governance, key: KeyFile, log: CheckpointFile, tmp_path: Path) -> None:
    older = KeyFile.create(tmp_path / "older.key")
    checkpoint(demo_gov, older, log)
    made = checkpoint(demo_gov, key, log)
    keys = _client(demo_gov, log, (key.public_key,)).get("/api/keys").json()["keys"]
    assert {k["public_key"]: (k["current"], k["checkpoints"]) for k in keys} == {
        older.public_key: (False, 1), key.public_key: (True, 1)}
    assert next(k for k in keys if k["current"])["latest_position"] == made.position


def test_a_server_without_a_checkpoint_log_publishes_none(demo_gov: Governance) -> None:
    client = _client(demo_gov, None)
    assert client.get("/api/checkpoints").json() == {"latest": None, "checkpoints": [], "problem": None}
    assert client.get("/api/keys").json() == {"keys": [], "polities": [], "rotations": []}
    assert "No signed checkpoint of the ledger yet." in client.get("/").text


def test_an_unreadable_log_is_said_not_a_server_error(demo_gov: Governance, log: CheckpointFile) -> None:
    log.path.write_text("not json\n")
    answer = _client(demo_gov, log).get("/api/checkpoints")
    assert answer.status_code == 200 and "not a checkpoint" in answer.json()["problem"]
    assert _client(demo_gov, log).get("/").status_code == 200


def test_every_page_footer_shows_the_latest_checkpoint_in_the_visitors_language(
        demo_gov: Governance, key: KeyFile, log: CheckpointFile) -> None:
    made = checkpoint(demo_gov, key, log)
    client = _client(demo_gov, log)
    for page in ("/", "/ledger", "/questions/kharkiv-tram"):
        footer = client.get(page, headers={"Accept-Language": "en"}).text.split("<footer>")[1]
        assert f"head {made.hash[:12]}…" in footer and "Signed: its signature holds." in footer
    ukrainian = client.get("/", headers={"Accept-Language": "uk"}).text.split("<footer>")[1]
    assert "Остання контрольна точка" in ukrainian and made.hash[:12] in ukrainian


def test_the_server_finds_its_log_and_key_from_the_environment(
        key: KeyFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNCILS_CHECKPOINTS", raising=False)
    monkeypatch.setenv("COUNCILS_SIGNING_KEY", str(key.path))
    found, keys = published_records()
    assert isinstance(found, CheckpointFile) and found.path == key.path.with_name("ledger.key.checkpoints.jsonl")
    assert keys == (key.public_key,)
    monkeypatch.delenv("COUNCILS_SIGNING_KEY")
    assert published_records() == (None, ())


def test_the_api_publishes_the_key_rotations_signed_by_the_key_before(
        demo_gov: Governance, key: KeyFile, log: CheckpointFile, tmp_path: Path) -> None:
    client = _client(demo_gov, log, (key.public_key,))
    assert client.get("/api/keys").json()["rotations"] == []  # read once, then only what follows
    new = KeyFile.create(tmp_path / "new.key")
    made = rotate(demo_gov, key, new)
    rotations = client.get("/api/keys").json()["rotations"]
    assert [(r["old"], r["new"], r["signature"]) for r in rotations] == [
        (key.public_key, new.public_key, made["signature"])]
    assert rotations[0]["position"] == demo_gov.ledger.head()[0]
