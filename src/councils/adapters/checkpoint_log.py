"""Signed checkpoints of the ledger's head in a JSON Lines file, outside the database."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from councils.adapters.signing import verify_signature
from councils.application.ports import Checkpoint, SigningError

FIELDS = ("position", "hash", "at", "public_key", "signature")


class CheckpointFile:
    """`CheckpointLog` as a file: one JSON object a line, only ever appended to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[tuple[int, int], list[Checkpoint]] | None = None  # (mtime, size) -> parsed

    def append(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(checkpoint_json(checkpoint) + "\n")
            out.flush()

    def read(self) -> list[Checkpoint]:
        """Parsed again only when the file changed: a server shows the latest on every page."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise SigningError(f"{self.path}: cannot be read ({exc})") from None
        mark = (stat.st_mtime_ns, stat.st_size)
        if self._seen is not None and self._seen[0] == mark:
            return list(self._seen[1])
        found = self._parse()
        self._seen = (mark, found)
        return list(found)

    def _parse(self) -> list[Checkpoint]:
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
            found.append(parse_checkpoint(line, f"{self.path}:{number}"))
        return found

    def valid(self, checkpoint: Checkpoint) -> bool:
        return verify_signature(checkpoint.public_key, checkpoint.message(), checkpoint.signature)


def checkpoint_json(checkpoint: Checkpoint) -> str:
    """One checkpoint as one line of JSON: what the log holds and `ledger checkpoint` prints, so a
    person can keep it and later give it to `ledger verify --against`."""
    row = {f: getattr(checkpoint, f) for f in FIELDS}
    if checkpoint.polity:
        row["polity"] = checkpoint.polity
    return json.dumps(row, sort_keys=True)


def parse_checkpoint(text: str, where: str) -> Checkpoint:
    """A checkpoint from its JSON; `SigningError` naming `where` and the fault if it is not one."""
    try:
        row = json.loads(text)
        if not isinstance(row, dict):
            raise TypeError("not a JSON object")
        position = row["position"]
        if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < 2**63:
            raise ValueError(f"position {position!r} is not a ledger position")
        return Checkpoint(position, str(row["hash"]), str(row["at"]), str(row["public_key"]),
                          str(row["signature"]), str(row.get("polity", "")))
    except KeyError as exc:
        raise SigningError(f"{where}: not a checkpoint (no {exc} field)") from None
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{where}: not a checkpoint ({exc})") from None


def read_kept(path: Path) -> tuple[Checkpoint, bool]:
    """The one checkpoint a person kept in `path` (as `ledger checkpoint` printed it; the last line
    if it holds several), and whether its signature holds."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"{path}: cannot be read ({exc})") from None
    if not lines:
        raise SigningError(f"{path}: empty, not a checkpoint")
    try:  # one JSON object, on one line or pretty-printed
        json.loads("\n".join(lines))
        text = "\n".join(lines)
    except ValueError:  # or lines of a log: the latest
        text = lines[-1]
    kept = parse_checkpoint(text, str(path))
    return kept, verify_signature(kept.public_key, kept.message(), kept.signature)


class PolityCheckpoints:
    """The checkpoints of every polity whose key is in a key directory (`signing.KeyDirectory`),
    read as one log, in order of position (then time): what a server publishes and shows in its
    footer. Each names its polity. Appending goes to one polity's own log (`CheckpointFile`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: dict[Path, CheckpointFile] = {}
        self._keys: dict[str, tuple[int, set[str]]] = {}  # polity -> (directory's mtime, its keys)

    def append(self, checkpoint: Checkpoint) -> None:
        if not checkpoint.polity:
            raise SigningError("a checkpoint in a key directory names its polity")
        self._file(self.directory / f"{checkpoint.polity}.checkpoints.jsonl").append(checkpoint)

    def _file(self, path: Path) -> CheckpointFile:
        if path not in self._files:
            self._files[path] = CheckpointFile(path)
        return self._files[path]

    def read(self) -> list[Checkpoint]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("*.checkpoints.jsonl")):
            polity = path.name.removesuffix(".checkpoints.jsonl")
            found += [c if c.polity else replace(c, polity=polity) for c in self._file(path).read()]
        return sorted(found, key=lambda c: (c.position, c.at))

    def valid(self, checkpoint: Checkpoint) -> bool:
        """Its signature holds and was made by a key of the polity it names: the polity's key in the
        directory, or one it retired (`keys rotate` keeps them), not just any key someone put in
        the polity's log."""
        if not verify_signature(checkpoint.public_key, checkpoint.message(), checkpoint.signature):
            return False
        return not checkpoint.polity or checkpoint.public_key in self.keys_of(checkpoint.polity)

    def keys_of(self, polity: str) -> set[str]:
        """The polity's keys here, current and retired; read again only when the directory changed
        (a key made, rotated or removed)."""
        from councils.adapters.signing import KeyDirectory, KeyFile

        try:
            mark = self.directory.stat().st_mtime_ns
        except OSError:
            return set()
        cached = self._keys.get(polity)
        if cached is not None and cached[0] == mark:
            return cached[1]
        directory = KeyDirectory(self.directory)
        try:
            found = {directory.public_key(polity)}
            found |= {KeyFile(p).public_key for p in self.directory.glob(f"{polity}.key.retired-*")}
        except SigningError:
            found = set()
        keys = {key for key in found if key}
        self._keys[polity] = (mark, keys)
        return keys
