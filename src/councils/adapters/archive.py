"""R9: a republic's records as a self-verifying archive, and their import elsewhere.

Each event keeps the hashes it had in the union's ledger, and each is checked on its
own (its hash covers its contents and its link); the archive digest, a hash over the
sequence of event hashes, catches lines removed, added or reordered. An archive that
fails either check is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from councils.adapters.checkpoint_log import checkpoint_json, parse_checkpoint
from councils.adapters.codec import chain_hash, from_json
from councils.adapters.signing import verify_signature
from councils.application.ports import (
    Archive,
    ArchiveError,
    Checkpoint,
    EventStore,
    RecordedEvent,
    Signer,
    SigningError,
)
from councils.application.records import ROTATED, follow_rotations
from councils.domain.rules.r9_records import CarriedRecords, belongs_to

__all__ = ["Archive", "ArchiveError", "export_republic", "read_archive"]

FORMAT = "councils-archive"
VERSION = 1


def digest_of(hashes: Iterator[str] | list[str]) -> str:
    h = hashlib.sha256()
    for value in hashes:
        h.update(value.encode())
    return h.hexdigest()


def signed_text(header: dict[str, Any], digest: str) -> bytes:
    """What an archive's signature covers: its header (republic, source head, count) and digest."""
    return ("councils-archive:" + json.dumps({"header": header, "digest": digest}, sort_keys=True,
                                             separators=(",", ":"))).encode()


def export_republic(ledger: EventStore, republic: str, path: Path, signer: Signer | None = None,
                    checkpoints: Sequence[Checkpoint] = ()) -> Archive:
    position, head_hash = ledger.head()
    chosen, rotations = [], []
    carried = _separations(ledger, republic)  # a unit that separated carries its records (issue 12)
    for r in ledger.read():
        if belongs_to(r.event, republic) or any(c.carries(r.event, r.position) for c in carried):
            chosen.append(r)
        elif r.event.type == ROTATED:  # the hand-overs of the signing key: a verifier follows them
            rotations.append({"position": r.position, **r.event.data})
    if not any(r.event.type == "RepublicFounded" for r in chosen):
        raise ArchiveError(f"no republic {republic!r} in this ledger")
    digest = digest_of(r.hash for r in chosen)
    header: dict[str, Any] = {"format": FORMAT, "version": VERSION, "republic": republic,
              "source_head": {"position": position, "hash": head_hash}, "events": len(chosen)}
    if rotations:
        header["rotations"] = rotations
    if checkpoints:  # the republic's own signed heads, under the archive's signature: checked on import
        header["checkpoints"] = [json.loads(checkpoint_json(c)) for c in checkpoints]
    if carried:  # the old republic's events it carries, and up to where: the reader accepts only those
        header["carried"] = [{"from": c.parent, "unit": c.unit, "until": c.until} for c in carried]
    footer: dict[str, Any] = {"digest": digest}
    if signer is not None:  # the ledger's key vouches for the header and the digest of the events
        header["signed_by"] = signer.public_key
        footer["signature"] = signer.sign(signed_text(header, digest))
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, sort_keys=True) + "\n")
        for r in chosen:
            out.write(json.dumps(r.to_json(), sort_keys=True) + "\n")
        out.write(json.dumps(footer, sort_keys=True) + "\n")
    return Archive(republic, header["source_head"], chosen, digest, header.get("signed_by"))


def _separations(ledger: EventStore, republic: str) -> list[CarriedRecords]:
    """The separations of autonomous units that founded `republic` (at most one, in practice)."""
    return [CarriedRecords(republic, r.event, r.position) for r in ledger.read()
            if CarriedRecords.separation(r.event, republic)]


def _carried_scopes(path: Path, header: dict[str, Any]) -> list[tuple[str, int]]:
    """(old republic, position of the separation) for each unit's records the archive says it carries."""
    carried = header.get("carried", [])
    if not isinstance(carried, list) or not all(
            isinstance(c, dict) and isinstance(c.get("from"), str) and isinstance(c.get("until"), int)
            for c in carried):
        raise ArchiveError(f"{path}: line 1: 'carried' is not a list of the records a separated unit carries")
    return [(c["from"], c["until"]) for c in carried]


def read_archive(path: Path, trusted: Sequence[str] = ()) -> Archive:
    """Parse and verify an archive; raise ArchiveError naming the first line that fails.

    Without a signature, an archive proves only that its events agree with each other:
    anyone can edit one and recompute every hash. Signed, it proves who exported it; with
    `trusted` keys given, only an archive signed by one of them is accepted.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{path}: cannot be read: {exc}") from None
    if len(lines) < 2:
        raise ArchiveError(f"{path}: not a councils archive (too short)")
    rows = []
    for n, line in enumerate(lines, 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ArchiveError(f"{path}: line {n}: not valid JSON ({exc.msg})") from None
    header, body, footer = rows[0], rows[1:-1], rows[-1]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ArchiveError(f"{path}: line 1: not a councils archive header")
    if header.get("version") != VERSION:
        raise ArchiveError(f"{path}: line 1: unsupported archive version {header.get('version')!r}")
    if header.get("events") != len(body):
        raise ArchiveError(f"{path}: the header announces {header.get('events')} events but the "
                           f"archive holds {len(body)}: events were removed or added")
    events: list[RecordedEvent] = []
    carried = _carried_scopes(path, header)
    for n, row in enumerate(body, 2):
        try:
            r = from_json(row)
        except (KeyError, TypeError, ValueError) as exc:
            raise ArchiveError(f"{path}: line {n}: not an event ({exc})") from None
        if chain_hash(r.prev_hash, r.body()) != r.hash:
            raise ArchiveError(f"{path}: line {n}: event at source position {r.position} does not "
                               "match its hash: the archive was tampered with")
        if r.event.scope != header.get("republic") and not any(
                r.event.scope == parent and r.position < until for parent, until in carried):
            raise ArchiveError(f"{path}: line {n}: event belongs to {r.event.scope!r}, "
                               f"not to {header.get('republic')!r}")
        if events and r.position <= events[-1].position:
            raise ArchiveError(f"{path}: line {n}: events are out of order")
        events.append(r)
    if not isinstance(footer, dict) or footer.get("digest") != digest_of(r.hash for r in events):
        raise ArchiveError(f"{path}: the archive digest does not match its events: the archive "
                           "was tampered with (events removed, added or reordered)")
    signed_by, signature = header.get("signed_by"), footer.get("signature")
    signed = signature is not None or signed_by is not None
    if signed and not (isinstance(signed_by, str) and isinstance(signature, str)
                       and verify_signature(signed_by, signed_text(header, footer["digest"]), signature)):
        raise ArchiveError(f"{path}: the archive's signature does not match it: it was altered "
                           "after it was signed")
    if trusted:
        trusted = _follow(path, header, trusted)
    if trusted and signed_by not in trusted:
        who = f"signed by {str(signed_by)[:16]}..." if signed_by else "not signed"
        raise ArchiveError(f"{path}: the archive is {who}, not by a key you trust "
                           f"({', '.join(k[:16] + '...' for k in trusted)})")
    _check_checkpoints(path, header, events, signed_by)
    return Archive(header["republic"], header["source_head"], events, footer["digest"],
                   signed_by if isinstance(signed_by, str) else None)


def _check_checkpoints(path: Path, header: dict[str, Any], events: Sequence[RecordedEvent],
                       signed_by: object) -> None:
    """The republic's checkpoints an archive carries: each signed by the archive's signer or a key
    it rotated from, and, where its position is one of the archive's events, naming that very
    event: the republic's own signatures, made as its history happened, hold its history."""
    found = header.get("checkpoints", [])
    if not isinstance(found, list):
        raise ArchiveError(f"{path}: the header's checkpoints are not a list")
    own = {signed_by} | {r.get("old") for r in header.get("rotations", []) if isinstance(r, dict)}
    at = {r.position: r.hash for r in events}
    for n, row in enumerate(found, 1):
        try:
            cp = parse_checkpoint(json.dumps(row), f"{path}: checkpoint {n}")
        except SigningError as exc:
            raise ArchiveError(str(exc)) from None
        where = f"{path}: the checkpoint of position {cp.position} signed at {cp.at}"
        if cp.public_key not in own or not verify_signature(cp.public_key, cp.message(), cp.signature):
            raise ArchiveError(f"{where}: not signed by the archive's key or one it rotated from")
        if cp.position in at and at[cp.position] != cp.hash:
            raise ArchiveError(f"{where}: the archive's event there is not the one that was signed")


def _follow(path: Path, header: dict[str, Any], trusted: Sequence[str]) -> tuple[str, ...]:
    """The trusted keys and those they handed over to by the rotations the archive carries; a
    rotation not signed by the key before it refuses the archive."""
    rotations = header.get("rotations", [])
    if not isinstance(rotations, list) or not all(isinstance(r, dict) for r in rotations):
        raise ArchiveError(f"{path}: the header's rotations are not a list of key rotations")
    keys, problem = follow_rotations(((r.get("position", "?"), r) for r in rotations), trusted, verify_signature)
    if problem:
        raise ArchiveError(f"{path}: {problem}")
    return keys
