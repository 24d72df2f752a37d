"""The demo makes its keys: `make run`'s two commands on a fresh directory leave a signing key per
union and republic beside the database (never inside it), each having signed a checkpoint, so
the served pages' footer shows a signed checkpoint from the first run and `GET /api/keys`
lists the polities' keys."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.interfaces.test_cli import BASE
from tests.support.serve import COUNCILS, Start, serving


@pytest.fixture
def serve() -> Iterator[Start]:
    with serving(200) as start:
        yield start


def test_make_run_on_a_fresh_directory_serves_pages_whose_footer_shows_a_signed_checkpoint(
        serve: Start, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {k: v for k, v in os.environ.items() if k not in ("COUNCILS_KEYS", "COUNCILS_SIGNING_KEY",
                                                          "COUNCILS_CHECKPOINTS", "COUNCILS_DATABASE_URL")}
    made = subprocess.run([COUNCILS, "--db", f"sqlite:///{db}", "demo", "--fresh", "--quiet"],
                          capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    keys = tmp_path / "demo.db.keys"
    secrets = {p.stem: p.read_text().strip() for p in keys.glob("*.key")}
    assert {"ussr", "ukraine", "rsfsr"} <= set(secrets)  # the union and its republics
    stored = db.read_bytes()
    assert not [polity for polity, secret in secrets.items() if secret.encode() in stored]
    _, port, _ = serve(db)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        footer = http.get("/").text.split('class="checkpoint"', 1)[1]
        assert "Signed: its signature holds." in footer
        published = http.get("/api/keys").json()
        by_polity = {p["polity"]: p for p in published["polities"]}
        ukraine = json.loads((keys / "ukraine.checkpoints.jsonl").read_text().splitlines()[-1])
        assert by_polity["ukraine"]["public_key"] == ukraine["public_key"]
        assert by_polity["ukraine"]["checkpoints"] == 1
        latest = http.get("/api/checkpoints").json()["latest"]
        assert latest["valid"] and latest["polity"] in secrets

    again = subprocess.run([COUNCILS, "--db", f"sqlite:///{db}", "demo", "--fresh", "--quiet"],
                           capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert again.returncode != 0 and "being served" in again.stderr  # make run's server still holds it
    assert (keys / "ukraine.key").read_text().strip() == secrets["ukraine"]


def test_a_served_ledger_is_signed_by_the_polity_whose_records_grew_without_cron(
        serve: Start, tmp_path: Path) -> None:
    """Every decision and every N events of a polity append a checkpoint by its own key."""
    db = tmp_path / "c.db"
    councils = [COUNCILS, "--db", f"sqlite:///{db}"]
    lines = [json.dumps(c) for c in BASE[:3]]
    (tmp_path / "base.jsonl").write_text("\n".join(lines) + "\n")
    assert subprocess.run([*councils, "apply", str(tmp_path / "base.jsonl")], timeout=120).returncode == 0
    assert subprocess.run([*councils, "keys", "init", "--polity", "r"], capture_output=True,
                          timeout=120).returncode == 0
    log = tmp_path / "c.db.keys" / "r.checkpoints.jsonl"
    serve(db, "--checkpoint-every", "2")
    person = {"cmd": "register_person", "council": "r/town", "nationality": "n", "class": "worker", "born": 1990}
    (tmp_path / "more.jsonl").write_text("".join(json.dumps({**person, "person": f"p{n}"}) + "\n"
                                                 for n in range(2)))
    assert subprocess.run([*councils, "apply", str(tmp_path / "more.jsonl")], timeout=120).returncode == 0
    deadline = time.monotonic() + 30
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert log.exists(), "no checkpoint signed after two of r's events"
    signed = json.loads(log.read_text().splitlines()[-1])
    with sqlite3.connect(db) as conn:
        head = conn.execute("SELECT max(position) FROM events").fetchone()[0]
    assert signed["polity"] == "r" and signed["position"] == head  # the head after r's new events
    verified = subprocess.run([*councils, "ledger", "verify", "--checkpoints", str(log), "--trust",
                               (tmp_path / "c.db.keys" / "r.pub").read_text().strip()],
                              capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stderr
