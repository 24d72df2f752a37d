"""Signed checkpoints of the ledger's head in a JSON Lines file, outside the database."""

from __future__ import annotations

import json
from pathlib import Path

from councils.adapters.signing import verify_signature
from councils.application.ports import Checkpoint, SigningError

FIELDS = ("position", "hash", "at", "public_key", "signature")


class CheckpointFile:
    """`CheckpointLog` as a file: one JSON object a line, only ever appended to."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({f: getattr(checkpoint, f) for f in FIELDS}, sort_keys=True) + "\n")
            out.flush()

    def read(self) -> list[Checkpoint]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            raise SigningError(f"{self.path}: cannot be read ({exc})") from None
        found = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                found.append(Checkpoint(int(row["position"]), str(row["hash"]), str(row["at"]),
                                        str(row["public_key"]), str(row["signature"])))
            except (ValueError, KeyError, TypeError) as exc:
                raise SigningError(f"{self.path}:{number}: not a checkpoint ({exc})") from None
        return found

    def valid(self, checkpoint: Checkpoint) -> bool:
        return verify_signature(checkpoint.public_key, checkpoint.message(), checkpoint.signature)
