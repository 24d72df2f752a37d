"""The authorisation policy on its own: which account may send which command, and why not.

Built on a small world through public commands (tests/builders.py); the same policy is
exercised through HTTP in tests/interfaces/test_api_roles.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from councils.application.accounts import Account, Grant
from councils.application.authorisation import (
    AUTHORISATION,
    OWN_BALLOT,
    Forbidden,
    Unauthenticated,
    authorise,
    permissions,
)
from councils.application.governance import Governance
from councils.domain.commands import parse_command
from councils.domain.errors import Rule
from tests.builders import World

YEAR = 2026
CLERK_A = Account("clerk@a", "Clerk", grants=(Grant("clerk", "a"),))
CLERK_B = Account("clerk@b", "Clerk", grants=(Grant("clerk", "b"),))
TOWN_CLERK = Account("clerk@a-town", "Clerk", grants=(Grant("clerk", "a/town"),))
OFFICER = Account("officer", "Officer", grants=(Grant("clerk", "union"),))
OBSERVER = Account("observer@a", "Observer", grants=(Grant("observer", "a"),))
ADMIN = Account("admin", "Admin", grants=(Grant("admin", "*"),))
ELECTOR = Account("a-1", "Elector", person="a-1")
OUTSIDER = Account("b-1", "Elector", person="b-1")


@pytest.fixture
def world(gov: Governance) -> World:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    return w


def check(world: World, actor: Account | None, **raw: Any) -> None:
    authorise(world.gov.state, actor, parse_command(raw), YEAR)


def forbidden(world: World, actor: Account | None, rule: str, **raw: Any) -> str:
    with pytest.raises(Forbidden) as info:
        check(world, actor, **raw)
    assert info.value.rule_name == rule, str(info.value)
    return info.value.reason


MOTION = {"cmd": "open_question", "question": "q", "kind": "motion", "text": "t"}


def test_nobody_signed_in_sends_nothing(world: World) -> None:
    with pytest.raises(Unauthenticated):
        check(world, None, cmd="close_question", question="x")


def test_a_clerk_acts_in_every_body_of_their_republic_and_none_of_another(world: World) -> None:
    check(world, CLERK_A, **MOTION, body="a/town")
    check(world, CLERK_A, **MOTION, body="a/congress")
    check(world, CLERK_A, cmd="create_council", council="a/port", republic="a", kind="workplace")
    reason = forbidden(world, CLERK_A, Rule.R6.value, **MOTION, body="b/town")
    assert "another republic" in reason
    forbidden(world, CLERK_A, Rule.R6.value, cmd="register_person", person="x", council="b/town",
              nationality="n", born=1990, **{"class": "worker"})
    forbidden(world, CLERK_A, Rule.R6.value, cmd="convene_assembly", assembly="b/a", republic="b")


def test_a_body_clerk_acts_only_in_that_body(world: World) -> None:
    check(world, TOWN_CLERK, **MOTION, body="a/town")
    forbidden(world, TOWN_CLERK, AUTHORISATION, **MOTION, body="a/congress")
    forbidden(world, TOWN_CLERK, AUTHORISATION, cmd="create_council", council="a/x", republic="a",
              kind="town")


def test_a_union_officer_acts_in_union_bodies_but_not_in_a_members_congress(world: World) -> None:
    check(world, OFFICER, **MOTION, body="union/congress")
    reason = forbidden(world, OFFICER, Rule.R6.value, **MOTION, body="a/congress")
    assert "officer of the union union" in reason and "member republic a" in reason


def test_observers_and_the_admin_open_no_questions(world: World) -> None:
    assert "observers read" in forbidden(world, OBSERVER, AUTHORISATION, **MOTION, body="a/town")
    assert "admin founds" in forbidden(world, ADMIN, AUTHORISATION, **MOTION, body="a/town")
    check(world, ADMIN, cmd="found_republic", republic="c", name="C", constitution="rsfsr-1918")
    forbidden(world, CLERK_A, AUTHORISATION, cmd="found_union", union="u2", name="U",
              constitution="ussr-1924")


def test_a_ballot_is_cast_only_as_the_linked_person(world: World) -> None:
    check(world, ELECTOR, cmd="cast_ballot", question="q", voter="a-1", choice="yes")
    assert "votes only as a-1" in forbidden(world, ELECTOR, OWN_BALLOT, cmd="cast_ballot",
                                            question="q", voter="a-2", choice="yes")
    assert "not linked" in forbidden(world, CLERK_A, OWN_BALLOT, cmd="cast_ballot", question="q",
                                     voter="a-1", choice="yes")


def test_a_recall_is_called_by_the_constituencys_own_electors(world: World) -> None:
    recall = {"cmd": "open_question", "question": "r", "body": "a/town", "kind": "recall",
              "delegate": "a-0", "text": "recall"}
    check(world, ELECTOR, **recall)
    check(world, CLERK_A, **recall)
    forbidden(world, OUTSIDER, Rule.R8.value, **recall)
    forbidden(world, ELECTOR, AUTHORISATION, **{**recall, "kind": "motion"})


def test_permissions_offer_forms_only_to_those_who_may_use_them(world: World) -> None:
    state = world.gov.state
    assert permissions(state, CLERK_A, YEAR)("clerk", "a/town")
    assert not permissions(state, CLERK_A, YEAR)("clerk", "b/town")
    assert permissions(state, ELECTOR, YEAR)("recall", "a/town")
    assert not permissions(state, OUTSIDER, YEAR)("recall", "a/town")
    assert permissions(state, OBSERVER, YEAR)("read_register", "a")
    assert not permissions(state, OFFICER, YEAR)("read_register", "a")
    assert not permissions(state, None, YEAR)("clerk", "a/town")
