"""R9 for a nation that separates (issue 12 item 3): an autonomous unit that becomes a republic
carries its records, the events of its councils, residents, questions and delegates recorded while
it was its old republic's; its archive verifies and imports as that republic, and it carries nothing
else of the old republic's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from councils.adapters.archive import ArchiveError, digest_of, read_archive
from councils.application.archives import export, import_archive
from councils.application.governance import Governance
from councils.bootstrap import governance
from councils.domain.rules.r9_records import CarriedRecords
from tests.builders import World


def _separated(gov: Governance) -> World:
    """Republic r, its autonomous region `hill` (councils tor and dale), an election to the region's
    congress, another to r's congress, and the region's congress deciding to separate."""
    w = World(gov).republic("r")
    w.do("found_autonomy", republic="r", autonomy="hill", kind="autonomous_region", name="Hill Region",
         nationalities=["hillfolk"], languages=["hl"])
    w.council("r", "tor", within="r/hill")
    w.council("r", "dale", kind="village", within="r/hill")
    for person in ("h-0", "h-1"):
        w.person(person, "r/tor")
    w.person("h-2", "r/dale")
    w.elect("tor-elects", "r/tor", "r/hill-congress", "h-0", ["h-0", "h-1"])
    w.elect("hill-to-r", "r/hill-congress", "r/congress", "h-0", ["h-0"])
    w.decide("hill-separates", "r/hill-congress", "secession", ["h-0"])
    return w


def test_r9_a_separated_units_archive_carries_its_councils_residents_and_delegates(
        gov: Governance, tmp_path: Path) -> None:
    _separated(gov)
    archive = tmp_path / "hill.jsonl"
    exported = export(gov, "hill", archive)
    assert {r.event.scope for r in exported.events} == {"hill", "r"}  # the region's records, scoped r then
    assert read_archive(archive).digest == exported.digest  # it verifies
    fresh = governance(f"sqlite:///{tmp_path}/hill.db")
    import_archive(fresh, archive)
    after = fresh.state
    assert {b for b, body in after.bodies.items() if body.polity == "hill"} == {
        "hill/congress", "r/hill", "r/hill-congress", "r/tor", "r/dale"}
    assert {p: person.republic for p, person in after.persons.items()} == {"h-0": "hill", "h-1": "hill",
                                                                           "h-2": "hill"}
    assert [(s.person, s.constituency) for s in after.bodies["hill/congress"].seats] == [("h-0", "r/tor")]
    assert after.questions["tor-elects"].outcome == "h-0"  # its election, with its result
    assert fresh.ledger.verify().ok


def test_r9_a_separated_unit_carries_nothing_else_of_its_old_republic(gov: Governance, tmp_path: Path) -> None:
    _separated(gov)
    exported = export(gov, "hill", tmp_path / "hill.jsonl")
    streams = {r.event.stream for r in exported.events}
    assert "r/congress" not in streams and "r/town" not in streams  # the seat it filled in r's congress stays r's
    assert not any(r.event.data.get("person") in ("r-0", "r-1", "r-2") for r in exported.events)
    fresh = governance(f"sqlite:///{tmp_path}/hill.db")
    import_archive(fresh, tmp_path / "hill.jsonl")
    assert "r" not in fresh.state.polities and "r/congress" not in fresh.state.bodies


def test_r9_an_archive_that_slips_in_a_later_event_of_the_old_republic_is_refused(
        gov: Governance, tmp_path: Path) -> None:
    w = _separated(gov)
    w.person("r-late", "r/town")  # the old republic's own record, after the separation
    archive = tmp_path / "hill.jsonl"
    export(gov, "hill", archive)
    late = next(r for r in gov.ledger.read() if r.event.data.get("person") == "r-late")
    lines = archive.read_text().splitlines()
    header, rows = json.loads(lines[0]), [json.loads(line) for line in lines[1:-1]]
    rows.append(late.to_json())  # a genuine event, its hash intact, the count and digest made to match
    header["events"] = len(rows)
    footer = {"digest": digest_of(row["hash"] for row in rows)}
    archive.write_text("\n".join(json.dumps(x) for x in (header, *rows, footer)) + "\n")
    with pytest.raises(ArchiveError, match="belongs to 'r'"):
        read_archive(archive)


def test_r9_carried_records_stop_at_the_separation() -> None:
    from councils.domain.events import Event

    data = {"unit": "r/hill", "republic": "hill", "from": "r", "congress": "hill/congress", "question": "q"}
    separated = Event("AutonomySeparated", data, "hill", "hill", "2026-01-01T00:00:00+00:00")
    carried = CarriedRecords("hill", separated, 100)
    born = Event("BodyCreated", {"body": "r/tor", "within": "r/hill"}, "r/tor", "r", "2026-01-01T00:00:00+00:00")
    assert carried.carries(born, 50) and not carried.carries(born, 101)
