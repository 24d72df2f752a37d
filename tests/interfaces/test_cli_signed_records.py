"""Records no one can forge: signed checkpoints and signed archives, tried as an attacker would.

The attacker holds the database (or an exported archive) and the project's own chain
function, but not the signing key: every hash they recompute still verifies on its own,
and only the signatures made before the forgery catch it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from councils.adapters.archive import digest_of, signed_text
from councils.adapters.codec import GENESIS, chain_hash, from_json, row_hash
from councils.adapters.signing import KeyFile
from tests.interfaces.test_cli import BASE, run, write_lines


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert run(path, "apply", str(write_lines(tmp_path / "base.jsonl", BASE))).returncode == 0
    return path


@pytest.fixture
def key(tmp_path: Path, db: Path) -> Path:
    path = tmp_path / "keys" / "ledger.key"
    made = run(db, "keys", "init", "--key", str(path))
    assert made.returncode == 0, made.stderr
    assert (path.stat().st_mode & 0o777) == 0o600
    return path


def _rewrite_from(db: Path, change: str, new: str) -> None:
    """Edit the first event that holds `change` and recompute every later hash and the head, as the
    attacker would."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT position, stream, version, type, scope, at, payload, meta, prev_hash, "
                            "hash FROM events ORDER BY position").fetchall()
        position = next(row[0] for row in rows if change in row[6])
        prev = GENESIS
        for row in rows:
            payload = row[6].replace(change, new) if row[0] == position else row[6]
            digest = row_hash(prev, (*row[:6], payload, row[7]))
            conn.execute("UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE position = ?",
                         (payload, prev, digest, row[0]))
            prev = digest
        conn.execute("UPDATE ledger_head SET hash = ? WHERE id = 1", (prev,))


def test_a_chain_rewritten_after_a_checkpoint_is_caught(db: Path, key: Path, tmp_path: Path) -> None:
    log = tmp_path / "checkpoints.jsonl"
    signed = run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(log))
    assert signed.returncode == 0, signed.stderr
    public = run(db, "keys", "show", "--key", str(key)).stdout.strip()
    ok = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", public)
    assert ok.returncode == 0 and "checkpoints ok: 1 signed head(s) still hold" in ok.stdout

    _rewrite_from(db, '"class":"worker"', '"class":"rentier"')
    assert run(db, "ledger", "verify").returncode == 0  # the chain alone cannot tell
    caught = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", public)
    assert caught.returncode == 3
    assert "rewritten after it was signed" in caught.stderr


def test_events_cut_off_the_end_after_a_checkpoint_are_caught(db: Path, key: Path, tmp_path: Path) -> None:
    log = tmp_path / "checkpoints.jsonl"
    assert run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(log)).returncode == 0
    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT MAX(position) FROM events").fetchone()[0]
        conn.execute("DELETE FROM events WHERE position > ?", (last - 3,))
        conn.execute("UPDATE ledger_head SET position = ?, hash = (SELECT hash FROM events WHERE "
                     "position = ?) WHERE id = 1", (last - 3, last - 3))
    assert run(db, "ledger", "verify").returncode == 0
    caught = run(db, "ledger", "verify", "--checkpoints", str(log))
    assert caught.returncode == 3 and "events were removed after they were signed" in caught.stderr


def test_a_checkpoint_log_signed_by_another_key_is_not_trusted(db: Path, key: Path, tmp_path: Path) -> None:
    log = tmp_path / "checkpoints.jsonl"
    other = KeyFile.create(tmp_path / "other.key")
    assert run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(log)).returncode == 0
    refused = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", other.public_key)
    assert refused.returncode == 3 and "not a trusted key" in refused.stderr


def _forge(archive: Path, signer: KeyFile | None = None) -> None:
    """Flip a person's class in an archive and recompute its hashes and digest (and sign it anew)."""
    lines = [json.loads(line) for line in archive.read_text().splitlines()]
    header, events, footer = lines[0], lines[1:-1], lines[-1]
    for row in events:
        if row["type"] == "PersonRegistered" and row["data"]["person"] == "a":
            row["data"]["class"] = "rentier"
            row["hash"] = chain_hash(row["prev_hash"], from_json(row).body())
    footer["digest"] = digest_of([r["hash"] for r in events])
    if signer is not None:
        header["signed_by"] = signer.public_key
        footer["signature"] = signer.sign(signed_text(header, footer["digest"]))
    archive.write_text("\n".join(json.dumps(x, sort_keys=True) for x in [header, *events, footer]) + "\n")


def test_a_forged_archive_is_refused_when_its_signature_is_checked(db: Path, key: Path, tmp_path: Path) -> None:
    archive = tmp_path / "r.archive"
    exported = run(db, "republic", "export", "r", str(archive), "--key", str(key))
    assert exported.returncode == 0 and "signed by" in exported.stdout
    public = run(db, "keys", "show", "--key", str(key)).stdout.strip()
    intact = run(tmp_path / "ok.db", "republic", "import", str(archive), "--trust", public)
    assert intact.returncode == 0 and f"signed by {public}" in intact.stdout

    _forge(archive)  # the hashes and the digest recomputed: only the signature stays as it was
    refused = run(tmp_path / "a.db", "republic", "import", str(archive), "--trust", public)
    assert refused.returncode == 1 and "signature does not match" in refused.stderr

    _forge(archive, KeyFile.create(tmp_path / "forger.key"))  # signed anew, by the forger's key
    refused = run(tmp_path / "b.db", "republic", "import", str(archive), "--trust", public)
    assert refused.returncode == 1 and "not by a key you trust" in refused.stderr


def test_an_unsigned_archive_is_refused_where_a_trusted_signature_is_asked_for(
        db: Path, key: Path, tmp_path: Path) -> None:
    archive = tmp_path / "r.archive"
    assert run(db, "republic", "export", "r", str(archive)).returncode == 0
    public = run(db, "keys", "show", "--key", str(key)).stdout.strip()
    refused = run(tmp_path / "x.db", "republic", "import", str(archive), "--trust", public)
    assert refused.returncode == 1 and "not signed" in refused.stderr
    plain = run(tmp_path / "y.db", "republic", "import", str(archive))
    assert plain.returncode == 0 and "unsigned" in plain.stdout
