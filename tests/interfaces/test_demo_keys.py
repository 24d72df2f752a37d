"""The demo makes its keys: `make run`'s two commands on a fresh directory leave a signing key per
union and republic beside the database (never inside it), each having signed a checkpoint, so
the served pages' footer shows a signed checkpoint from the first run and `GET /api/keys`
lists the polities' keys."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.interfaces.test_api_serve import COUNCILS, Start, serving


@pytest.fixture
def serve() -> Iterator[Start]:
    yield from serving(200)


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
