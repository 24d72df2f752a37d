"""R9 at the application level: export a republic's records, import them as an independent republic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from councils.application.governance import Governance
from councils.application.ports import Archive, ArchiveError, Checkpoint, Signer
from councils.domain.events import Event
from councils.domain.state import State


def export(gov: Governance, republic: str, path: Path, signer: Signer | None = None,
           checkpoints: Sequence[Checkpoint] = ()) -> Archive:
    """Write the republic's archive, signed by `signer` if given, carrying `checkpoints` (the
    republic's own signed heads) under that signature."""
    if republic not in gov.state.polities or gov.state.polities[republic].kind != "republic":
        raise ArchiveError(f"no republic {republic!r} in this ledger")
    return gov.files.export_republic(gov.ledger, republic, path, signer, checkpoints)


def import_archive(gov: Governance, path: Path, trusted: Sequence[str] = (),
                   polity_key: Callable[[str], str | None] | None = None) -> Archive:
    """Verify the archive (signed by a `trusted` key, if any is given), then append its events and a
    closing ArchiveImported, atomically.

    With `polity_key` (a republic's id -> its public key, from a key directory), the archive
    must be signed by the key of the very republic it holds (or a key handed over from it by
    a rotation it carries): not by the union's, nor any other polity's. A republic that
    leaves proves its history with its own key alone."""
    archive = gov.files.read_archive(path, trusted)
    if polity_key is not None:
        key = polity_key(archive.republic)
        if key is None:
            raise ArchiveError(f"{path}: no public key of {archive.republic} to check it against "
                               f"(put {archive.republic}.pub or .key in the key directory)")
        try:
            archive = gov.files.read_archive(path, [key])
        except ArchiveError as exc:
            raise ArchiveError(f"{exc} [it must be signed by {archive.republic}'s own key, "
                               f"{key[:16]}...]") from None
    with gov.pipeline.batch() as batch:  # checked under the write lock it is appended under
        _check_fits(batch.state, archive, path)
        batch.append(_events(archive, batch.now.isoformat(timespec="seconds")))
    return archive


def _check_fits(state: State, archive: Archive, path: Path) -> None:
    if archive.republic in state.polities:
        raise ArchiveError(f"{path}: this ledger already holds {archive.republic!r}")
    clashes = _clashes(state, archive)
    if clashes:
        raise ArchiveError(f"{path}: ids already used in this ledger: {', '.join(clashes[:5])}")


def _events(archive: Archive, now: str) -> list[Event]:
    events = [Event(r.event.type, r.event.data, r.event.stream, r.event.scope, r.event.at,
                    {**r.event.meta, "source": {"position": r.position, "hash": r.hash}})
              for r in archive.events]
    events.append(Event("ArchiveImported", {
        "republic": archive.republic, "source_head": archive.source_head["hash"],
        "source_position": archive.source_head["position"], "events": len(archive.events),
        "digest": archive.digest, "signed_by": archive.signed_by}, archive.republic, archive.republic,
        now))
    return events


def _clashes(state: State, archive: Archive) -> list[str]:
    found = []
    for r in archive.events:
        d = r.event.data
        for key, table in (("body", state.bodies), ("person", state.persons),
                           ("question", state.questions)):
            ident = d.get(key)
            if r.event.type in ("BodyCreated", "PersonRegistered", "QuestionOpened") and \
                    isinstance(ident, str) and ident in table:
                found.append(ident)
    return found
