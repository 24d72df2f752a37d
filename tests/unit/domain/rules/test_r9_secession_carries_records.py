"""R9: a seceding republic leaves with its whole history and the chain that proves it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from councils.adapters.archive import ArchiveError
from councils.application.archives import export, import_archive
from councils.application.governance import Governance
from councils.bootstrap import governance
from tests.builders import World


def _seceded(gov: Governance) -> World:
    w = World(gov).union().member("rep").member("other")
    w.decide("leave", "rep/congress", "secession", ["rep-0"])
    return w


def test_r9_archive_imports_as_the_same_independent_republic(gov: Governance, tmp_path: Path) -> None:
    _seceded(gov)
    archive = tmp_path / "rep.jsonl"
    exported = export(gov, "rep", archive)
    assert all(r.event.scope == "rep" for r in exported.events)
    fresh = governance(f"sqlite:///{tmp_path}/new.db")
    import_archive(fresh, archive)
    before, after = gov.state, fresh.state
    assert after.polities["rep"].union is None
    assert set(after.persons) == {p for p, person in before.persons.items() if person.republic == "rep"}
    assert {q: after.questions[q].outcome for q in after.questions} == {
        q: before.questions[q].outcome for q in before.questions if before.questions[q].polity == "rep"}
    assert "other" not in after.polities
    assert fresh.ledger.verify().ok


@pytest.mark.parametrize("tamper", ["edit", "delete", "swap", "append"])
def test_r9_tampered_archive_is_refused(gov: Governance, tmp_path: Path, tamper: str) -> None:
    _seceded(gov)
    archive = tmp_path / "rep.jsonl"
    export(gov, "rep", archive)
    lines = archive.read_text().splitlines()
    if tamper == "edit":
        row = json.loads(lines[5])
        row["data"]["born"] = 1800 if "born" in row["data"] else row["data"]
        row["at"] = "1917-11-07T00:00:00+00:00"
        lines[5] = json.dumps(row)
    elif tamper == "delete":
        del lines[4]
    elif tamper == "swap":
        lines[3], lines[4] = lines[4], lines[3]
    else:
        lines.insert(-1, lines[3])
    archive.write_text("\n".join(lines) + "\n")
    fresh = governance(f"sqlite:///{tmp_path}/new.db")
    with pytest.raises(ArchiveError, match=r"tampered|out of order|removed or added"):
        import_archive(fresh, archive)
    assert fresh.ledger.head()[0] == 0  # nothing was written


def test_r9_archive_cannot_be_imported_over_an_existing_republic(gov: Governance, tmp_path: Path) -> None:
    _seceded(gov)
    archive = tmp_path / "rep.jsonl"
    export(gov, "rep", archive)
    with pytest.raises(ArchiveError, match="already holds"):
        import_archive(gov, archive)
