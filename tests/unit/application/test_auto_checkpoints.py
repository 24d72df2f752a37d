"""A server signs checkpoints as the ledger grows: after each decision of a polity, and every N of
its events, each with the key of the polity whose records grew."""

from __future__ import annotations

from pathlib import Path

import pytest

from councils.adapters.signing import KeyFile, verify_signature
from councils.application.governance import Governance
from councils.application.ports import Checkpoint
from councils.application.records import AutoCheckpoints
from tests.builders import World


class ListLog:
    """A checkpoint log in a list (the file log has its own tests)."""

    def __init__(self) -> None:
        self.found: list[Checkpoint] = []

    def append(self, checkpoint: Checkpoint) -> None:
        self.found.append(checkpoint)

    def read(self) -> list[Checkpoint]:
        return list(self.found)

    def valid(self, checkpoint: Checkpoint) -> bool:
        return verify_signature(checkpoint.public_key, checkpoint.message(), checkpoint.signature)


def test_a_decision_is_signed_at_once_by_its_own_polity_s_key(gov: Governance, tmp_path: Path) -> None:
    w = World(gov).republic("rep").republic("other")
    keys = {p: KeyFile.create(tmp_path / f"{p}.key") for p in ("rep", "other")}
    log = ListLog()
    auto = AutoCheckpoints(keys, log, every=1000)
    assert auto.run(gov) == []  # starts from the head as it stands
    w.decide("m", "rep/town", "motion", ["rep-0", "rep-1"])
    made = auto.run(gov)
    assert [(c.polity, c.public_key) for c in made] == [("rep", keys["rep"].public_key)]
    assert made[0].position == gov.ledger.head()[0] and log.valid(made[0])
    assert auto.run(gov) == []  # nothing new, nothing signed


def test_every_n_events_of_a_polity_are_signed_without_a_decision(gov: Governance, tmp_path: Path) -> None:
    w = World(gov).republic("rep")
    auto = AutoCheckpoints({"rep": KeyFile.create(tmp_path / "rep.key")}, ListLog(), every=3)
    auto.run(gov)
    w.person("p1", "rep/town")
    w.person("p2", "rep/town")
    assert auto.run(gov) == []  # two events: not yet
    w.person("p3", "rep/town")
    assert [c.polity for c in auto.run(gov)] == ["rep"]


def test_a_polity_without_a_key_here_is_not_signed_for(gov: Governance, tmp_path: Path) -> None:
    w = World(gov).republic("rep").republic("other")
    auto = AutoCheckpoints({"other": KeyFile.create(tmp_path / "other.key")}, ListLog(), every=1)
    auto.run(gov)
    w.decide("m", "rep/town", "motion", ["rep-0", "rep-1"])
    assert auto.run(gov) == []
    with pytest.raises(ValueError):
        AutoCheckpoints({}, ListLog(), every=0)
