"""Records no one can rewrite unseen: signed checkpoints of the ledger's head.

The hash chain catches any edit that leaves the later hashes as they were; it cannot
catch someone who rewrites the whole chain from the edit on, or cuts events off the end
and moves the recorded head back, since they can recompute every hash. A checkpoint is
the head (position and hash) at a time, signed with a key kept outside the database and
written to a log outside it too (`councils ledger checkpoint`, from cron or by hand).
`councils ledger verify --checkpoints` then checks that the ledger still holds, at every
signed position, the very event that was signed: a rewrite or a cut is named with the
checkpoint it contradicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

from councils.application.governance import Governance
from councils.application.ports import Checkpoint, CheckpointLog, Signer, SigningError
from councils.domain.events import Event

ROTATED = "SigningKeyRotated"
Verify = Callable[[str, bytes, str], bool]  # (public key, message, signature) -> whether it holds


def checkpoint(gov: Governance, signer: Signer, log: CheckpointLog, polity: str = "") -> Checkpoint:
    """Sign the ledger's head as it stands now and append it to the log (with `polity`, the head as
    that polity's key vouches for it: each polity can later prove, with its own key alone, that
    the ledger holding its records was not rewritten or cut)."""
    if polity and polity not in gov.state.polities:
        raise SigningError(f"no polity {polity!r} in this ledger")
    position, head = gov.ledger.head()
    draft = Checkpoint(position, head, gov.clock().isoformat(timespec="seconds"), signer.public_key, "",
                       polity)
    signed = replace(draft, signature=signer.sign(draft.message()))
    log.append(signed)
    return signed


@dataclass(frozen=True)
class CheckpointReport:
    """What checking the checkpoints found: how many held, or the first that did not and why."""

    ok: bool
    checked: int
    problem: str = ""
    signers: tuple[str, ...] = ()


def check_checkpoints(gov: Governance, log: CheckpointLog, trusted: Sequence[str] = ()) -> CheckpointReport:
    """Each checkpoint's signature, its signer (among `trusted`, if any are given), and the ledger's
    event at its position."""
    checkpoints = log.read()
    signers = tuple(dict.fromkeys(c.public_key for c in checkpoints))
    head, _ = gov.ledger.head()
    for n, cp in enumerate(checkpoints):
        problem = _contradiction(gov, cp, head, log.valid(cp), trusted)
        if problem:
            return CheckpointReport(False, n, problem, signers)
    return CheckpointReport(True, len(checkpoints), "", signers)


def check_against(gov: Governance, kept: Checkpoint, valid: bool, trusted: Sequence[str] = ()) -> CheckpointReport:
    """Whether the ledger still extends one checkpoint that a person kept (`valid`: whether its
    signature holds, checked by the adapter that read it): the same questions as for the log."""
    head, _ = gov.ledger.head()
    problem = _contradiction(gov, kept, head, valid, trusted)
    return CheckpointReport(not problem, 0 if problem else 1, problem, (kept.public_key,))


def _contradiction(gov: Governance, cp: Checkpoint, head: int, valid: bool, trusted: Sequence[str]) -> str:
    """What is wrong with one checkpoint against the ledger as it stands, or "" if it holds."""
    where = f"the checkpoint of position {cp.position} signed at {cp.at}"
    if not valid:
        return f"{where}: its signature does not match (the checkpoint was altered)"
    if trusted and cp.public_key not in trusted:
        return f"{where}: signed by {cp.public_key[:16]}..., not a trusted key"
    if cp.position == 0:
        return ""
    if cp.position > head:
        return (f"{where}: the ledger now ends at position {head}: events were removed after they "
                "were signed (truncated)")
    found = next(iter(gov.ledger.read(after=cp.position - 1, limit=1)), None)
    if found is None or found.position != cp.position or found.hash != cp.hash:
        held = found.hash[:16] + "..." if found is not None and found.position == cp.position else "nothing"
        return (f"{where}: the ledger holds another event there (hash {held}, signed "
                f"{cp.hash[:16]}...): the chain was rewritten after it was signed")
    return ""


def checkpoint_dict(cp: Checkpoint, valid: bool) -> dict[str, Any]:
    """A checkpoint as the JSON anyone can keep (and give to `ledger verify --against`), with
    whether its signature holds."""
    found = {"position": cp.position, "hash": cp.hash, "at": cp.at, "public_key": cp.public_key,
             "signature": cp.signature, "valid": valid}
    if cp.polity:
        found["polity"] = cp.polity
    return found


def published_checkpoints(log: CheckpointLog | None) -> dict[str, Any]:
    """The signed checkpoints a server publishes: the latest and all of them, oldest first; none
    where the server keeps no log. A log that cannot be read is said, not hidden."""
    if log is None:
        return {"latest": None, "checkpoints": [], "problem": None}
    try:
        found = [checkpoint_dict(cp, log.valid(cp)) for cp in log.read()]
    except SigningError as exc:
        return {"latest": None, "checkpoints": [], "problem": str(exc)}
    return {"latest": found[-1] if found else None, "checkpoints": found, "problem": None}


def published_keys(log: CheckpointLog | None, configured: Sequence[str] = (),
                   rotations: Sequence[dict[str, Any]] = (),
                   polities: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """The public keys that sign this ledger's records: the server's own signing key and every key
    that signed a checkpoint in its log, each with how many checkpoints it signed. Whom to
    trust is still the verifier's choice, made out of band: a key is evidence only if it is
    the one the polity published elsewhere."""
    counts: dict[str, list[int]] = {key: [] for key in configured}
    by_key = {key: polity for polity, key in polities}
    try:
        for cp in log.read() if log is not None else []:
            counts.setdefault(cp.public_key, []).append(cp.position)
            if cp.polity:
                by_key.setdefault(cp.public_key, cp.polity)
    except SigningError:
        pass
    current = set(configured) | {key for _, key in polities}
    for key in current:
        counts.setdefault(key, [])
    listed = [{"public_key": key, "polity": by_key.get(key), "current": key in current,
               "checkpoints": len(positions), "latest_position": max(positions) if positions else None}
              for key, positions in counts.items()]
    return {"keys": listed,
            "polities": [{"polity": polity, "public_key": key,
                          "checkpoints": len(counts.get(key, [])),
                          "latest_position": max(counts[key]) if counts.get(key) else None}
                         for polity, key in polities],
            "rotations": list(rotations)}


class Rotations:
    """The key rotations recorded in the ledger, read once and then only the events after the last
    one read: a public endpoint that publishes them must not read the whole ledger per request."""

    def __init__(self) -> None:
        self._after = 0
        self._found: list[dict[str, Any]] = []
        self._lock = Lock()

    def of(self, gov: Governance) -> list[dict[str, Any]]:
        with self._lock:
            for recorded in gov.ledger.read(after=self._after):
                if recorded.event.type == ROTATED:
                    self._found.append({"position": recorded.position, **recorded.event.data})
                self._after = recorded.position
            return list(self._found)


def latest_checkpoint(log: CheckpointLog | None) -> dict[str, Any] | None:
    """The latest signed checkpoint (as `checkpoint_dict`), for a page's footer; None where there is
    none or the log cannot be read (the API's `problem` says why)."""
    try:
        found = log.read() if log is not None else []
    except SigningError:
        return None
    return checkpoint_dict(found[-1], log.valid(found[-1])) if found and log is not None else None


def rotation_message(old: str, new: str, at: str) -> bytes:
    """What the key before signs when it hands over to the new one, in one fixed spelling."""
    return f"councils-key-rotation:{old}:{new}:{at}".encode()


def rotate(gov: Governance, old: Signer, new: Signer, polity: str = "") -> dict[str, Any]:
    """Record in the ledger that `new` replaces `old`, signed by `old`: a verifier who trusts the
    old key can then trust the new one without being told out of band, and no one without the
    old key can hand its trust to a key of their own."""
    if old.public_key == new.public_key:
        raise SigningError("the new key is the old key: nothing to rotate")
    if polity and polity not in gov.state.polities:
        raise SigningError(f"no polity {polity!r} in this ledger")
    with gov.pipeline.batch() as batch:
        at = batch.now.isoformat(timespec="seconds")
        data = {"old": old.public_key, "new": new.public_key, "at": at,
                "signature": old.sign(rotation_message(old.public_key, new.public_key, at))}
        if polity:  # whose key chain it continues (verification follows each polity's apart)
            data["polity"] = polity
        batch.append([Event(ROTATED, data, "signing-key", "ledger", at)])
    return data


def trusted_chain(gov: Governance, trusted: Sequence[str], verify: Verify) -> tuple[tuple[str, ...], str]:
    """The keys a verifier who trusts `trusted` may trust, from the rotations in the ledger (see
    `follow_rotations`)."""
    return follow_rotations(((r.position, r.event.data) for r in gov.ledger.read() if r.event.type == ROTATED),
                            trusted, verify)


def follow_rotations(rotations: Iterable[tuple[int, dict[str, Any]]], trusted: Sequence[str],
                     verify: Verify) -> tuple[tuple[str, ...], str]:
    """The keys a verifier who trusts `trusted` may trust: those and every key a trusted key handed
    over to by a rotation (position, data), in order; and the problem, if a rotation is not
    signed by the key before it (then the keys trusted up to it, and the problem named)."""
    keys = list(dict.fromkeys(trusted))
    latest: dict[str, str] = {}  # each polity's key chain apart ("" the ledger's own key)
    for position, d in rotations:
        where = f"the key rotation at position {position}"
        old, new = str(d.get("old", "")), str(d.get("new", ""))
        chain = str(d.get("polity", ""))
        before = latest.get(chain)
        if before is not None and old != before:
            return tuple(keys), (f"{where} hands over from {old[:16]}..., but the key before it was "
                                 f"{before[:16]}...: not signed by the key before it")
        if not verify(old, rotation_message(old, new, str(d.get("at", ""))), str(d.get("signature", ""))):
            return tuple(keys), f"{where}: its signature is not the old key's: not signed by the key before it"
        if old in keys and new not in keys:
            keys.append(new)
        latest[chain] = new
    return tuple(keys), ""


DECISIONS = ("QuestionDecided", "AccessionDecided", "SecessionDecided")
CHECKPOINT_EVERY = 100  # a polity's events between two of its automatic checkpoints


class AutoCheckpoints:
    """Checkpoints appended as the ledger grows, each by the key of the polity whose records grew:
    after every decision of a polity (its `QuestionDecided`, `AccessionDecided` or
    `SecessionDecided`), and after every `every` events of it otherwise. Run by a server that
    holds the polities' keys (`councils serve`, every few seconds), so the window a rewrite
    could hide in is a polity's last few events, not a cron interval. Reads only the events
    after those it read last; starts from the head as it stands."""

    def __init__(self, signers: Mapping[str, Signer], log: CheckpointLog, every: int = CHECKPOINT_EVERY) -> None:
        if every < 1:
            raise ValueError("a checkpoint comes after at least one event")
        self.signers = dict(signers)
        self.log = log
        self.every = every
        self._after: int | None = None
        self._pending: dict[str, int] = {}
        self._lock = Lock()

    def run(self, gov: Governance) -> list[Checkpoint]:
        """Sign what is due now; the checkpoints made (none if nothing is due)."""
        with self._lock:
            if self._after is None:
                self._after = gov.ledger.head()[0]
                return []
            due: list[str] = []
            for recorded in gov.ledger.read(after=self._after):
                self._after = recorded.position
                polity = recorded.event.scope
                if polity not in self.signers:
                    continue
                self._pending[polity] = self._pending.get(polity, 0) + 1
                if (recorded.event.type in DECISIONS or self._pending[polity] >= self.every) \
                        and polity not in due:
                    due.append(polity)
            made = []
            for polity in due:
                made.append(checkpoint(gov, self.signers[polity], self.log, polity))
                self._pending[polity] = 0
            return made
