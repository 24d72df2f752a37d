"""A question's roll and turnout: set semantics in memory that does not grow with ballots."""

from __future__ import annotations

import sys
from collections.abc import Set

from hypothesis import given
from hypothesis import strategies as st

from councils.application.governance import Governance
from councils.domain.electorate import Roll, Turnout
from tests.builders import World

people = st.lists(st.sampled_from([f"p{i}" for i in range(40)]), max_size=60)


def as_set(value: Set[str]) -> Set[str]:
    """As the ABC they implement: a set compares equal to any set with the same members."""
    return value


@given(roll=people, voters=people, taken_back=people)
def test_a_participation_taken_back_leaves_the_turnout_as_before(
        roll: list[str], voters: list[str], taken_back: list[str]) -> None:
    turnout = Turnout(Roll(roll))
    for voter in voters:
        turnout.add(voter)
    new = [v for v in dict.fromkeys(taken_back) if v not in turnout]
    for voter in new:
        turnout.add(voter)
    for voter in reversed(new):
        turnout.discard(voter)
    assert as_set(turnout) == set(voters) and len(turnout) == len(set(voters))


@given(roll=people, voters=people)
def test_turnout_behaves_as_the_set_of_distinct_voters(roll: list[str], voters: list[str]) -> None:
    turnout = Turnout(Roll(roll))
    for voter in voters:
        turnout.add(voter)
    assert as_set(turnout) == set(voters)
    assert len(turnout) == len(set(voters))
    assert all(v in turnout for v in voters)
    assert all((p in turnout) == (p in voters) for p in roll)
    assert as_set(Roll(roll)) == set(roll)


def test_a_voter_counted_twice_is_counted_once() -> None:
    turnout = Turnout(Roll(["a", "b", "c"]))
    turnout.add("b")
    turnout.add("b")
    assert len(turnout) == 1 and list(turnout) == ["b"]


def test_a_voter_off_the_roll_recorded_by_an_archive_is_kept_not_lost() -> None:
    turnout = Turnout(Roll(["a"]))
    turnout.add("stranger")
    assert "stranger" in turnout and len(turnout) == 1 and "a" not in turnout


def test_turnout_memory_does_not_grow_with_ballots() -> None:
    roll = Roll(f"p{i}" for i in range(10_000))
    turnout = Turnout(roll)
    before = sys.getsizeof(turnout._bits)
    for i in range(10_000):
        turnout.add(f"p{i}")
    assert len(turnout) == 10_000
    assert sys.getsizeof(turnout._bits) == before  # a bit per elector, allocated at opening


def test_questions_opened_on_the_same_electorate_share_one_roll(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.person("ann", "rep/town")
    w.person("bob", "rep/town")
    w.do("open_question", question="q1", body="rep/town", kind="motion", text="tram")
    w.do("open_question", question="q2", body="rep/town", kind="motion", text="bridge")
    w.person("cat", "rep/town")
    w.do("open_question", question="q3", body="rep/town", kind="motion", text="school")
    q = gov.state.questions
    assert q["q1"].roll is q["q2"].roll
    assert q["q3"].roll is not q["q1"].roll
    assert set(q["q3"].roll) - set(q["q1"].roll) == {"cat"}
    w.do("cast_ballot", question="q1", voter="ann", choice="yes")
    assert "ann" in q["q1"].voted and "ann" not in q["q2"].voted  # the roll is shared, turnout is not
