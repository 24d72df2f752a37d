"""A living register: residents move, change class, die or leave, lose and regain the vote.

Each change is a command in the ledger; questions already open keep their frozen roll;
the next roll and the next apportionment (R7) read the new figures.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from councils.application.governance import Governance
from councils.domain.apportionment import electors_in
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import FixedClock, must_refuse

YEAR = 2026


def _world(gov: Governance) -> World:
    w = World(gov).republic("rep", electors=3)
    w.council("rep", "village", kind="village")
    w.republic("other", electors=1)
    return w


def _motion(gov: Governance, question: str, body: str) -> list[str]:
    gov.handle({"cmd": "open_question", "question": question, "body": body, "kind": "motion",
                "text": question})
    return list(gov.state.questions[question].roll)


def test_a_move_within_a_republic_changes_the_next_roll_not_the_open_one(gov: Governance) -> None:
    _world(gov)
    assert _motion(gov, "before", "rep/town") == ["rep-0", "rep-1", "rep-2"]
    gov.handle({"cmd": "move_resident", "person": "rep-2", "council": "rep/village"})
    assert gov.state.persons["rep-2"].council == "rep/village"
    assert list(gov.state.questions["before"].roll) == ["rep-0", "rep-1", "rep-2"]  # frozen
    gov.handle({"cmd": "cast_ballot", "question": "before", "voter": "rep-2", "choice": "yes"})
    assert _motion(gov, "after", "rep/town") == ["rep-0", "rep-1"]
    assert _motion(gov, "village", "rep/village") == ["rep-2"]
    must_refuse(gov, {"cmd": "move_resident", "person": "rep-2", "council": "rep/village"}, "register")
    must_refuse(gov, {"cmd": "move_resident", "person": "rep-2", "council": "rep/nowhere"}, "unknown")


def test_r6_a_move_to_another_republic_needs_both_republics_records(gov: Governance) -> None:
    _world(gov)
    message = must_refuse(gov, {"cmd": "receive_resident", "person": "rep-1",
                                "council": "other/town"}, "R6")
    assert "only with both republics' records" in message
    applied = gov.handle({"cmd": "move_resident", "person": "rep-1", "council": "other/town"})
    assert [(r.event.type, r.event.scope) for r in applied.events] == [("ResidentLeaving", "rep")]
    assert gov.state.persons["rep-1"].republic == "rep"  # not yet received
    must_refuse(gov, {"cmd": "move_resident", "person": "rep-1", "council": "rep/village"}, "register")
    gov.handle({"cmd": "create_council", "council": "other/mill", "republic": "other", "kind": "workplace"})
    assert "not to other/mill" in must_refuse(
        gov, {"cmd": "receive_resident", "person": "rep-1", "council": "other/mill"}, "R6")
    applied = gov.handle({"cmd": "receive_resident", "person": "rep-1", "council": "other/town"})
    assert [(r.event.type, r.event.scope) for r in applied.events] == [("ResidentMoved", "other")]
    person = gov.state.persons["rep-1"]
    assert (person.council, person.republic) == ("other/town", "other")
    assert _motion(gov, "other-q", "other/town") == ["other-0", "rep-1"]
    assert _motion(gov, "rep-q", "rep/town") == ["rep-0", "rep-2"]


def test_a_change_of_class_follows_the_franchise_at_the_next_roll(gov: Governance) -> None:
    _world(gov)
    _motion(gov, "before", "rep/town")
    gov.handle({"cmd": "change_class", "person": "rep-0", "class": "trader"})  # R1: Art. 65 (c)
    assert list(gov.state.questions["before"].roll) == ["rep-0", "rep-1", "rep-2"]
    assert _motion(gov, "after", "rep/town") == ["rep-1", "rep-2"]
    with pytest.raises(InvalidCommand, match="did you mean 'worker'"):
        gov.handle({"cmd": "change_class", "person": "rep-1", "class": "wroker"})
    must_refuse(gov, {"cmd": "change_class", "person": "rep-1", "class": "worker"}, "register")


def test_a_death_takes_a_resident_off_the_register_and_the_apportionment(gov: Governance) -> None:
    _world(gov)
    republic = gov.state.polities["rep"]
    assert electors_in(gov.state, republic, None, YEAR) == (3, 3)
    gov.handle({"cmd": "record_departure", "person": "rep-2", "reason": "died"})
    assert "rep-2" not in gov.state.persons and gov.state.former["rep-2"].council == "rep/town"
    assert electors_in(gov.state, republic, None, YEAR) == (2, 2)
    assert _motion(gov, "after", "rep/town") == ["rep-0", "rep-1"]
    message = must_refuse(gov, {"cmd": "change_class", "person": "rep-2", "class": "peasant"}, "register")
    assert "no longer on the register" in message
    with pytest.raises(InvalidCommand, match="must be one of died, left"):
        gov.handle({"cmd": "record_departure", "person": "rep-1", "reason": "vanished"})


def test_rsfsr_1918_art_65_rights_are_taken_and_restored_by_a_dated_decision(gov: Governance) -> None:
    _world(gov)
    republic = gov.state.polities["rep"]
    deprive = {"cmd": "deprive_rights", "person": "rep-1", "ground": "sentence",
               "decision": "Kharkiv people's court, case 12", "decided": "2026-03-01",
               "until": "2027-03-01"}
    applied = gov.handle(deprive)
    data = applied.events[0].event.data
    assert "Art. 65 (g)" in data["ground"] and data["decided"] == "2026-03-01"
    assert electors_in(gov.state, republic, None, YEAR) == (2, 3)  # an inhabitant, not an elector
    assert _motion(gov, "q1", "rep/town") == ["rep-0", "rep-2"]
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "q1", "voter": "rep-1",
                                "choice": "yes"}, "R1")
    assert "deprived of the right to vote" in message and "Art. 65 (g)" in message
    must_refuse(gov, deprive, "register")  # already deprived
    gov.handle({"cmd": "restore_rights", "person": "rep-1", "decision": "amnesty of 7 November",
                "decided": "2026-11-07"})
    assert _motion(gov, "q2", "rep/town") == ["rep-0", "rep-1", "rep-2"]
    must_refuse(gov, {"cmd": "restore_rights", "person": "rep-1", "decision": "again",
                      "decided": "2026-11-08"}, "register")


@pytest.mark.parametrize(("change", "error"), [
    ({"ground": "bad-temper"}, "must be one of insanity, guardianship, sentence"),
    ({"decided": "last spring"}, "must be an ISO 8601 date"),
    ({"until": "2025-01-01"}, "must come after 'decided'"),
])
def test_a_deprivation_cites_a_known_ground_and_real_dates(gov: Governance, change: dict[str, str],
                                                           error: str) -> None:
    _world(gov)
    with pytest.raises(InvalidCommand, match=error):
        gov.handle({"cmd": "deprive_rights", "person": "rep-1", "ground": "insanity",
                    "decision": "d", "decided": "2026-03-01", **change})


def test_a_decision_dated_in_the_future_is_refused(gov: Governance) -> None:
    _world(gov)
    must_refuse(gov, {"cmd": "deprive_rights", "person": "rep-1", "ground": "guardianship",
                      "decision": "d", "decided": "2030-01-01"}, "register")


def test_the_living_register_replays_to_the_same_state(gov: Governance) -> None:
    _world(gov)
    gov.handle({"cmd": "move_resident", "person": "rep-2", "council": "rep/village"})
    gov.handle({"cmd": "move_resident", "person": "rep-1", "council": "other/town"})
    gov.handle({"cmd": "receive_resident", "person": "rep-1", "council": "other/town"})
    gov.handle({"cmd": "change_class", "person": "rep-0", "class": "peasant"})
    gov.handle({"cmd": "deprive_rights", "person": "rep-0", "ground": "insanity", "decision": "d",
                "decided": "2026-01-01"})
    gov.handle({"cmd": "record_departure", "person": "other-0", "reason": "left"})
    fresh = Governance(gov.ledger, clock=gov.clock)
    assert fresh.state.persons == gov.state.persons
    assert fresh.state.residents == gov.state.residents
    assert fresh.state.former == gov.state.former
    assert fresh.snapshot() == gov.snapshot()


def test_rsfsr_1918_art_65_g_the_vote_comes_back_when_the_sentences_period_ends(
        gov: Governance, clock: FixedClock) -> None:
    _world(gov)
    gov.handle({"cmd": "deprive_rights", "person": "rep-1", "ground": "sentence",
                "decision": "people's court, case 7", "decided": "2026-11-01", "until": "2026-12-25"})
    assert gov.next_due() == datetime(2026, 12, 25, tzinfo=UTC)
    clock.now = datetime(2026, 12, 24, 12, tzinfo=UTC)
    assert gov.tick() == [] and gov.state.persons["rep-1"].deprived is not None
    clock.now = datetime(2026, 12, 26, tzinfo=UTC)
    [restored] = gov.tick()
    assert (restored.event.type, restored.event.at) == ("RightsRestored", "2026-12-25T00:00:00+00:00")
    assert "people's court, case 7" in restored.event.data["decision"]
    assert gov.state.persons["rep-1"].deprived is None and gov.next_due() is None
    assert _motion(gov, "after", "rep/town") == ["rep-0", "rep-1", "rep-2"]
