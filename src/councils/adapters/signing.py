"""Ed25519 signatures (PyNaCl): a ledger's signing key, kept outside its database.

The hash chain proves that events follow each other; it does not prove who wrote them,
since anyone holding the database can recompute every hash. A signature can only be
made with the key, and the key lives in a file the database operator does not hold
(`councils keys init` makes one, readable by its owner only). What is signed: the heads
of the ledger at checkpoints, and the archives a republic takes with it (R9). Anyone
verifies with the public key alone, published as 64 hex digits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

from councils.application.ports import Signer, SigningError

T = TypeVar("T")


class KeyFile:
    """A signing key stored as 64 hex digits in a file of its own (mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="ascii").strip()
            self._key = SigningKey(bytes.fromhex(text))
        except FileNotFoundError:
            raise SigningError(f"{path}: no signing key here (make one with `councils keys init`)") from None
        except (OSError, ValueError, CryptoError) as exc:
            raise SigningError(f"{path}: not a signing key ({exc})") from None

    @classmethod
    def create(cls, path: Path) -> KeyFile:
        if path.exists():
            raise SigningError(f"{path} exists already; a signing key is never overwritten")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(SigningKey.generate().encode().hex() + "\n")
        return cls(path)

    @property
    def public_key(self) -> str:
        return self._key.verify_key.encode().hex()

    def sign(self, message: bytes) -> str:
        return self._key.sign(message).signature.hex()


def verify_signature(public_key: str, message: bytes, signature: str) -> bool:
    """True if `signature` (hex) over `message` was made with the key whose public half is given."""
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(message, bytes.fromhex(signature))
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


def rotate_key_file(path: Path, record: Callable[[Signer, Signer], T]) -> T:
    """Replace the key in `path` by a new one, after `record(old, new)` has recorded the hand-over
    (in the ledger). The new key is made beside it first and kept only if the record succeeds;
    the old one is kept as `<file>.retired-<its public key's first 16 digits>`, never deleted."""
    old = KeyFile(path)
    staged = path.with_name(path.name + ".new")
    retired = path.with_name(f"{path.name}.retired-{old.public_key[:16]}")
    if retired.exists():
        raise SigningError(f"{retired} exists already; a retired key is never overwritten")
    new = KeyFile.create(staged)
    try:
        result = record(old, new)
    except BaseException:
        staged.unlink()
        raise
    path.rename(retired)
    staged.rename(path)
    return result


class KeyDirectory:
    """One signing key per polity (union, republic) in a directory outside the database:
    `<polity>.key` (the secret, mode 0600), `<polity>.pub` (its public half, to hand out) and
    `<polity>.checkpoints.jsonl` (the checkpoints it signed). Polity ids are the id grammar's
    letters, digits, `-` and `_`, so a name is never a path elsewhere."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def key_path(self, polity: str) -> Path:
        if not _POLITY.fullmatch(polity):
            raise SigningError(f"{polity!r} is not a polity id (letters, digits, - or _)")
        return self.path / f"{polity}.key"

    def log_path(self, polity: str) -> Path:
        return self.key_path(polity).with_suffix(".checkpoints.jsonl")

    def create(self, polity: str) -> KeyFile:
        made = KeyFile.create(self.key_path(polity))
        self.key_path(polity).with_suffix(".pub").write_text(made.public_key + "\n", encoding="ascii")
        return made

    def signer(self, polity: str) -> KeyFile:
        path = self.key_path(polity)
        if not path.exists():
            raise SigningError(f"{self.path}: no signing key of {polity} here (make one with "
                               f"`councils keys init --polity {polity}`)")
        return KeyFile(path)

    def public_key(self, polity: str) -> str | None:
        """The polity's public key: from its key file, or from a `.pub` file alone (a verifier's
        directory holds only the public halves); None if neither is here."""
        path = self.key_path(polity)
        if path.exists():
            return KeyFile(path).public_key
        public = path.with_suffix(".pub")
        if not public.exists():
            return None
        text = public.read_text(encoding="ascii").strip()
        if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
            raise SigningError(f"{public}: not a public key (64 hex digits)")
        return text

    def polities(self) -> dict[str, str]:
        """Each polity with a key (or public key) here, and its public key, by id."""
        if not self.path.is_dir():
            return {}
        names = sorted({p.name.removesuffix(".key").removesuffix(".pub") for p in self.path.iterdir()
                        if p.name.endswith((".key", ".pub")) and _POLITY.fullmatch(p.stem)})
        return {name: key for name in names if (key := self.public_key(name)) is not None}


_POLITY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
