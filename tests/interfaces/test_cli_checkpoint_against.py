"""`ledger verify --against FILE`: one checkpoint a person kept proves what the ledger was.

The attacker holds the database and the project's own chain function (they recompute
every hash and the head), but not the checkpoint the person kept, nor the signing key.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from councils.adapters.signing import KeyFile
from tests.interfaces.test_cli import run
from tests.interfaces.test_cli_signed_records import _rewrite_from, db, key  # noqa: F401  (fixtures)


@pytest.fixture
def kept(db: Path, key: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The JSON line `ledger checkpoint` printed, kept by a person in a file of their own."""
    signed = run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(tmp_path / "log.jsonl"))
    assert signed.returncode == 0, signed.stderr
    path = tmp_path / "kept.json"
    path.write_text(signed.stdout)
    return path


def test_checkpoint_prints_json_anyone_can_keep(kept: Path, key: Path) -> None:  # noqa: F811
    printed = json.loads(kept.read_text())
    assert set(printed) == {"position", "hash", "at", "public_key", "signature"}
    assert printed["public_key"] == KeyFile(key).public_key and printed["position"] > 0


def test_an_untouched_ledger_extends_the_kept_checkpoint(db: Path, key: Path, kept: Path) -> None:  # noqa: F811
    public = KeyFile(key).public_key
    ok = run(db, "ledger", "verify", "--against", str(kept), "--trust", public)
    assert ok.returncode == 0, ok.stderr
    assert "checkpoint ok: the ledger still extends position" in ok.stdout


def test_a_ledger_cut_short_after_the_kept_checkpoint_is_named_truncated(db: Path, kept: Path) -> None:  # noqa: F811
    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT MAX(position) FROM events").fetchone()[0]
        conn.execute("DELETE FROM events WHERE position > ?", (last - 2,))
        conn.execute("UPDATE ledger_head SET position = ?, hash = (SELECT hash FROM events WHERE "
                     "position = ?) WHERE id = 1", (last - 2, last - 2))
    assert run(db, "ledger", "verify").returncode == 0  # the chain alone cannot tell
    caught = run(db, "ledger", "verify", "--against", str(kept))
    assert caught.returncode == 3
    assert f"now ends at position {last - 2}" in caught.stderr and "truncated" in caught.stderr


def test_a_chain_recomputed_after_the_kept_checkpoint_is_named_rewritten(db: Path, kept: Path) -> None:  # noqa: F811
    _rewrite_from(db, '"class":"worker"', '"class":"rentier"')  # every hash and the head recomputed
    assert run(db, "ledger", "verify").returncode == 0
    caught = run(db, "ledger", "verify", "--against", str(kept))
    assert caught.returncode == 3 and "rewritten after it was signed" in caught.stderr


def test_a_kept_checkpoint_with_a_bad_signature_is_refused(db: Path, kept: Path) -> None:  # noqa: F811
    altered = json.loads(kept.read_text())
    altered["position"] -= 1  # moved back to fit a shorter ledger: the signature no longer covers it
    kept.write_text(json.dumps(altered))
    caught = run(db, "ledger", "verify", "--against", str(kept))
    assert caught.returncode == 3 and "signature does not match" in caught.stderr


def test_a_kept_checkpoint_signed_by_an_untrusted_key_is_refused(db: Path, kept: Path, tmp_path: Path) -> None:  # noqa: F811
    other = KeyFile.create(tmp_path / "other.key").public_key
    caught = run(db, "ledger", "verify", "--against", str(kept), "--trust", other)
    assert caught.returncode == 3 and "not a trusted key" in caught.stderr


def test_a_file_that_is_not_a_checkpoint_is_refused_with_the_reason(db: Path, tmp_path: Path) -> None:  # noqa: F811
    junk = tmp_path / "junk.json"
    junk.write_text('{"position": "x"}')
    refused = run(db, "ledger", "verify", "--against", str(junk))
    assert refused.returncode == 1 and "not a checkpoint" in refused.stderr and "Traceback" not in refused.stderr
