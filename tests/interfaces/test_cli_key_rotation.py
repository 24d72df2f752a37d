"""Key rotation is a signed event: the ledger records the new public key signed by the old one,
and a verifier who trusts the old key trusts the chain of keys handed over from it, and
nothing else."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from councils.adapters.archive import signed_text
from councils.adapters.signing import KeyFile
from councils.application.records import rotation_message
from tests.interfaces.test_cli import run
from tests.interfaces.test_cli_signed_records import _rewrite_from, db, key  # noqa: F401  (fixtures)


def _checkpoint(db: Path, key: Path, log: Path) -> None:  # noqa: F811
    made = run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(log))
    assert made.returncode == 0, made.stderr


def test_a_rotated_key_is_recorded_signed_by_the_old_and_trusted_through_it(
        db: Path, key: Path, tmp_path: Path) -> None:  # noqa: F811
    log = tmp_path / "log.jsonl"
    old = KeyFile(key).public_key
    _checkpoint(db, key, log)
    rotated = run(db, "keys", "rotate", "--key", str(key))
    assert rotated.returncode == 0, rotated.stderr
    new = KeyFile(key).public_key
    assert new != old and KeyFile(key.with_name(f"{key.name}.retired-{old[:16]}")).public_key == old
    with sqlite3.connect(db) as conn:
        payload = conn.execute("SELECT payload FROM events WHERE type = 'SigningKeyRotated'").fetchone()[0]
    assert json.loads(payload)["old"] == old and json.loads(payload)["new"] == new

    _checkpoint(db, key, log)  # signed by the new key
    kept = tmp_path / "kept.json"
    kept.write_text(run(db, "ledger", "checkpoint", "--key", str(key), "--checkpoints", str(log)).stdout)
    ok = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", old)
    assert ok.returncode == 0 and "checkpoints ok: 3 signed head(s) still hold" in ok.stdout, ok.stderr
    assert run(db, "ledger", "verify", "--against", str(kept), "--trust", old).returncode == 0


def test_a_key_not_handed_over_from_the_trusted_one_is_still_refused(
        db: Path, key: Path, tmp_path: Path) -> None:  # noqa: F811
    log = tmp_path / "log.jsonl"
    other = KeyFile.create(tmp_path / "other.key")
    assert run(db, "keys", "rotate", "--key", str(key)).returncode == 0
    _checkpoint(db, key, log)
    refused = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", other.public_key)
    assert refused.returncode == 3 and "not a trusted key" in refused.stderr


def test_a_rotation_not_signed_by_the_key_before_it_is_refused(db: Path, key: Path, tmp_path: Path) -> None:  # noqa: F811
    """Someone holding the database writes a rotation from the trusted key to theirs, signed by their
    own key: the hand-over is refused by name, and their checkpoints with it."""
    log = tmp_path / "log.jsonl"
    trusted = KeyFile(key).public_key
    assert run(db, "keys", "rotate", "--key", str(key)).returncode == 0
    forger = KeyFile.create(tmp_path / "forger.key")
    with sqlite3.connect(db) as conn:
        position, payload = conn.execute(
            "SELECT position, payload FROM events WHERE type = 'SigningKeyRotated'").fetchone()
    data = json.loads(payload)
    forged = forger.sign(rotation_message(trusted, forger.public_key, data["at"]))
    _rewrite_from(db, data["new"], forger.public_key)  # every later hash and the head recomputed
    _rewrite_from(db, data["signature"], forged)
    assert run(db, "ledger", "verify").returncode == 0  # the chain alone cannot tell
    _checkpoint(db, tmp_path / "forger.key", log)
    refused = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", trusted)
    assert refused.returncode == 3 and f"key rotation at position {position}" in refused.stderr
    assert "not signed by the key before it" in refused.stderr


def test_rotating_without_a_key_is_refused_and_changes_nothing(db: Path, tmp_path: Path) -> None:  # noqa: F811
    refused = run(db, "keys", "rotate", "--key", str(tmp_path / "none.key"))
    assert refused.returncode == 1 and "no signing key here" in refused.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events WHERE type = 'SigningKeyRotated'").fetchone()[0] == 0
    assert not (tmp_path / "none.key.new").exists()


def test_an_archive_signed_after_a_rotation_imports_trusting_the_old_key(
        db: Path, key: Path, tmp_path: Path) -> None:  # noqa: F811
    trusted = KeyFile(key).public_key
    assert run(db, "keys", "rotate", "--key", str(key)).returncode == 0
    archive = tmp_path / "r.archive"
    assert run(db, "republic", "export", "r", str(archive), "--key", str(key)).returncode == 0
    assert json.loads(archive.read_text().splitlines()[0])["rotations"][0]["old"] == trusted
    imported = run(tmp_path / "ok.db", "republic", "import", str(archive), "--trust", trusted)
    assert imported.returncode == 0, imported.stderr
    assert f"signed by {KeyFile(key).public_key}" in imported.stdout


def test_an_archive_carrying_a_forged_rotation_is_refused(db: Path, key: Path, tmp_path: Path) -> None:  # noqa: F811
    """The forger signs the archive with their key and adds a hand-over from the trusted key to
    theirs, which they can only sign with their own."""
    trusted = KeyFile(key).public_key
    assert run(db, "keys", "rotate", "--key", str(key)).returncode == 0
    archive = tmp_path / "r.archive"
    assert run(db, "republic", "export", "r", str(archive)).returncode == 0
    forger = KeyFile.create(tmp_path / "forger.key")
    lines = [json.loads(line) for line in archive.read_text().splitlines()]
    header, footer = lines[0], lines[-1]
    at = header["rotations"][0]["at"]
    header["rotations"] = [{"position": 1, "old": trusted, "new": forger.public_key, "at": at,
                            "signature": forger.sign(rotation_message(trusted, forger.public_key, at))}]
    header["signed_by"] = forger.public_key
    footer["signature"] = forger.sign(signed_text(header, footer["digest"]))
    archive.write_text("\n".join(json.dumps(x, sort_keys=True) for x in [header, *lines[1:-1], footer]) + "\n")
    refused = run(tmp_path / "x.db", "republic", "import", str(archive), "--trust", trusted)
    assert refused.returncode == 1 and "not signed by the key before it" in refused.stderr
