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
