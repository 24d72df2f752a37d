"""One signing key per polity (union, republic), in a key directory outside the database: each
polity signs checkpoints with its own key, a republic's archive is signed by its own key (so
the republic that leaves proves its history without the union's), an import with a key
directory refuses an archive signed by any other key, and each polity rotates its own key."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from councils.adapters.signing import KeyFile
from councils.interfaces.cli import app
from tests.interfaces.test_cli import BASE, write_lines


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str) -> Ran:
    """The CLI in this process (as `councils --db sqlite:///DB ...`): the same commands, without a
    process start for each."""
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", *args], env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A union `u` and a republic `r` in a SQLite file."""
    path = tmp_path / "c.db"
    assert run(path, "apply", str(write_lines(tmp_path / "base.jsonl", BASE))).returncode == 0
    return path


def _init(db: Path, polity: str) -> str:
    made = run(db, "keys", "init", "--polity", polity)
    assert made.returncode == 0, made.stderr
    return KeyFile(Path(f"{db}.keys") / f"{polity}.key").public_key


def test_each_polity_gets_its_own_key_beside_the_database_not_in_it(db: Path) -> None:
    union, republic = _init(db, "u"), _init(db, "r")
    keys = Path(f"{db}.keys")
    assert union != republic
    assert (keys / "r.key").stat().st_mode & 0o777 == 0o600
    assert (keys / "r.pub").read_text().strip() == republic  # the public half, to hand out
    listed = run(db, "keys", "list")
    assert f"r  {republic}" in listed.stdout and f"u  {union}" in listed.stdout
    assert run(db, "keys", "show", "--polity", "r").stdout.strip() == republic
    secret = (keys / "r.key").read_text().strip()
    assert secret.encode() not in db.read_bytes()  # the database never holds a key
    again = run(db, "keys", "init", "--polity", "r")
    assert again.returncode != 0 and "never overwritten" in again.stderr
    assert (keys / "r.pub").read_text().strip() == republic
    unknown = run(db, "keys", "init", "--polity", "atlantis")
    assert unknown.returncode != 0 and "no polity 'atlantis' in this ledger" in unknown.stderr
    bad = run(db, "keys", "init", "--polity", "../escape")
    assert bad.returncode != 0 and "not a polity id" in bad.stderr


def test_a_polity_signs_checkpoints_with_its_own_key_and_verify_holds_them_to_it(
        db: Path, tmp_path: Path) -> None:
    union, republic = _init(db, "u"), _init(db, "r")
    made = run(db, "ledger", "checkpoint", "--polity", "r")
    assert made.returncode == 0, made.stderr
    kept = json.loads(made.stdout)
    assert kept["polity"] == "r" and kept["public_key"] == republic
    log = Path(f"{db}.keys") / "r.checkpoints.jsonl"
    assert json.loads(log.read_text().splitlines()[-1]) == kept
    ok = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", republic)
    assert ok.returncode == 0 and "1 signed head(s) still hold" in ok.stdout, ok.stderr
    wrong = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", union)
    assert wrong.returncode == 3 and "not a trusted key" in wrong.stderr
    (tmp_path / "kept.json").write_text(made.stdout)
    assert run(db, "ledger", "verify", "--against", str(tmp_path / "kept.json"), "--trust", republic).returncode == 0


def test_a_republic_s_archive_is_signed_by_its_own_key_and_import_refuses_any_other(
        db: Path, tmp_path: Path) -> None:
    _init(db, "u")
    republic = _init(db, "r")
    archive = tmp_path / "r.jsonl"
    exported = run(db, "republic", "export", "r", str(archive))
    assert exported.returncode == 0, exported.stderr
    assert f"signed by {republic}" in exported.stdout  # by default, with the republic's own key
    verifier = tmp_path / "verifier-keys"  # what the importing side holds: the republic's public key only
    verifier.mkdir()
    (verifier / "r.pub").write_text(republic + "\n")
    fresh = tmp_path / "new.db"
    imported = run(fresh, "republic", "import", str(archive), "--keys", str(verifier))
    assert imported.returncode == 0, imported.stderr
    assert f"signed by {republic}" in imported.stdout and "not checked" not in imported.stdout

    by_union = tmp_path / "r-by-union.jsonl"  # the union signing a republic's archive: not the republic's word
    assert run(db, "republic", "export", "r", str(by_union), "--key",
               str(Path(f"{db}.keys") / "u.key")).returncode == 0
    refused = run(tmp_path / "other.db", "republic", "import", str(by_union), "--keys", str(verifier))
    assert refused.returncode != 0
    assert "not by a key you trust" in refused.stderr and "r's own key" in refused.stderr
    nobody = tmp_path / "empty-keys"
    nobody.mkdir()
    missing = run(tmp_path / "third.db", "republic", "import", str(archive), "--keys", str(nobody))
    assert missing.returncode != 0 and "no public key of r" in missing.stderr
    with sqlite3.connect(tmp_path / "other.db") as conn:  # refused before anything was written
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_each_polity_rotates_its_own_key_and_the_chains_are_followed_apart(
        db: Path) -> None:
    union, republic = _init(db, "u"), _init(db, "r")
    keys = Path(f"{db}.keys")
    for polity in ("u", "r"):
        rotated = run(db, "keys", "rotate", "--polity", polity)
        assert rotated.returncode == 0, rotated.stderr
    new_republic = KeyFile(keys / "r.key").public_key
    assert new_republic != republic and (keys / "r.pub").read_text().strip() == new_republic
    assert (keys / f"r.key.retired-{republic[:16]}").exists()
    with sqlite3.connect(db) as conn:
        rotations = [json.loads(p) for (p,) in conn.execute(
            "SELECT payload FROM events WHERE type = 'SigningKeyRotated' ORDER BY position")]
    assert [(r["polity"], r["old"]) for r in rotations] == [("u", union), ("r", republic)]
    assert run(db, "ledger", "checkpoint", "--polity", "r").returncode == 0
    log = keys / "r.checkpoints.jsonl"
    ok = run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", republic)
    assert ok.returncode == 0, ok.stderr  # r's chain, not broken by u's rotation between
    assert run(db, "ledger", "verify", "--checkpoints", str(log), "--trust", union).returncode == 3


def test_a_checkpoint_put_in_a_polity_s_log_by_another_key_is_not_shown_as_valid(
        db: Path, tmp_path: Path) -> None:
    from councils.adapters.checkpoint_log import PolityCheckpoints, checkpoint_json

    _init(db, "r")
    assert run(db, "ledger", "checkpoint", "--polity", "r").returncode == 0
    assert run(db, "keys", "rotate", "--polity", "r").returncode == 0
    assert run(db, "ledger", "checkpoint", "--polity", "r").returncode == 0
    log = PolityCheckpoints(Path(f"{db}.keys"))
    assert [log.valid(c) for c in log.read()] == [True, True]  # the retired key's checkpoint too
    intruder = KeyFile.create(tmp_path / "intruder.key")
    real = log.read()[-1]
    forged = dataclasses.replace(real, public_key=intruder.public_key,
                                 signature=intruder.sign(real.message()))
    with (Path(f"{db}.keys") / "r.checkpoints.jsonl").open("a") as out:
        out.write(checkpoint_json(forged) + "\n")
    assert [log.valid(c) for c in log.read()] == [True, True, False]


def test_ledger_verify_holds_each_polity_s_checkpoints_to_its_own_key_unasked(db: Path) -> None:
    from tests.interfaces.test_cli_signed_records import _rewrite_from

    _init(db, "u")
    _init(db, "r")
    for polity in ("u", "r"):
        assert run(db, "ledger", "checkpoint", "--polity", polity).returncode == 0
    verified = run(db, "ledger", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "r: checkpoints ok: 1 signed head(s) still hold" in verified.stdout
    assert "u: checkpoints ok" in verified.stdout
    _rewrite_from(db, "1980", "1981")  # every hash and the head recomputed, as the attacker would
    caught = run(db, "ledger", "verify")
    assert caught.returncode == 3 and "signed by r" in caught.stderr and "rewritten" in caught.stderr


def test_a_republic_s_archive_carries_its_own_checkpoints_and_a_forged_one_is_refused(
        db: Path, tmp_path: Path) -> None:
    republic = _init(db, "r")
    signed = json.loads(run(db, "ledger", "checkpoint", "--polity", "r").stdout)
    archive = tmp_path / "r.jsonl"
    assert run(db, "republic", "export", "r", str(archive)).returncode == 0
    lines = archive.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["checkpoints"] == [signed] and header["signed_by"] == republic
    verifier = tmp_path / "verifier"
    verifier.mkdir()
    (verifier / "r.pub").write_text(republic + "\n")
    assert run(tmp_path / "a.db", "republic", "import", str(archive), "--keys", str(verifier)).returncode == 0

    intruder = KeyFile.create(tmp_path / "intruder.key")  # a checkpoint slipped into the archive
    body = {k: v for k, v in signed.items() if k != "signature"}
    slipped = {**body, "public_key": intruder.public_key,
               "signature": intruder.sign(f"councils-checkpoint:{body['position']}:{body['hash']}:"
                                          f"{body['at']}".encode())}
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join([json.dumps({**header, "checkpoints": [signed, slipped]}), *lines[1:]]) + "\n")
    refused = run(tmp_path / "b.db", "republic", "import", str(forged))
    assert refused.returncode != 0 and "signature does not match" in refused.stderr


def test_an_archive_exported_after_a_rewrite_contradicts_the_republic_s_own_checkpoint(
        db: Path, tmp_path: Path) -> None:
    """The operator recomputes the chain after an edit; the republic, exporting later with its own
    key, carries the checkpoint it signed before: the import names the contradiction."""
    from tests.interfaces.test_cli_signed_records import _rewrite_from

    _init(db, "r")
    assert run(db, "ledger", "checkpoint", "--polity", "r").returncode == 0
    _rewrite_from(db, "1980", "1981")
    archive = tmp_path / "r.jsonl"
    assert run(db, "republic", "export", "r", str(archive)).returncode == 0
    refused = run(tmp_path / "a.db", "republic", "import", str(archive))
    assert refused.returncode != 0 and "is not the one that was signed" in refused.stderr
