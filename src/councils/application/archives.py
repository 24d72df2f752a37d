"""R9 at the application level: export a republic's records, import them as an independent republic."""

from __future__ import annotations

from pathlib import Path

from councils.adapters.archive import Archive, ArchiveError, export_republic, read_archive
from councils.application.governance import Governance
from councils.domain.events import Event


def export(gov: Governance, republic: str, path: Path) -> Archive:
    if republic not in gov.state.polities or gov.state.polities[republic].kind != "republic":
        raise ArchiveError(f"no republic {republic!r} in this ledger")
    return export_republic(gov.ledger, republic, path)


def import_archive(gov: Governance, path: Path) -> Archive:
    """Verify the archive, then append its events and a closing ArchiveImported, atomically."""
    archive = read_archive(path)
    state = gov.catch_up()
    if archive.republic in state.polities:
        raise ArchiveError(f"{path}: this ledger already holds {archive.republic!r}")
    clashes = _clashes(gov, archive)
    if clashes:
        raise ArchiveError(f"{path}: ids already used in this ledger: {', '.join(clashes[:5])}")
    events = [Event(r.event.type, r.event.data, r.event.stream, r.event.scope, r.event.at,
                    {**r.event.meta, "source": {"position": r.position, "hash": r.hash}})
              for r in archive.events]
    events.append(Event("ArchiveImported", {
        "republic": archive.republic, "source_head": archive.source_head["hash"],
        "source_position": archive.source_head["position"], "events": len(archive.events),
        "digest": archive.digest}, archive.republic, archive.republic,
        gov.clock().isoformat(timespec="seconds")))
    gov.append_prepared(events)
    return archive


def _clashes(gov: Governance, archive: Archive) -> list[str]:
    state = gov.state
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
