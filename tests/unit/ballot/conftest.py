"""Shared makings of the ballot tests: a 2-of-3 teller group and a small election on it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from councils.ballot import trustees as tr
from councils.ballot.election import AnyQuestion, Election, Question, new_credential, new_uuid, public_credential
from councils.ballot.group import BELENIOS_2048, Group, GroupError, Ristretto255Group, group_named

YES_NO = Question("Adopt the budget?", ("yes", "no"), 1, 1)
APPROVAL = Question("Who sits on the commission?", ("Ana", "Boris", "Chen"), 0, 3)


@dataclass
class Setup:
    election: Election
    trustees: list[Any]
    dealing: tr.Dealing
    credentials: list[str]
    public: list[str]


def make_setup(group: Group[Any], questions: tuple[AnyQuestion, ...] = (YES_NO, APPROVAL), voters: int = 4,
               n: int = 3, k: int = 2) -> Setup:
    dealing = tr.deal_pedersen(group, n, k)
    trustees: list[Any] = [["Pedersen", dealing.params]]
    uuid = new_uuid()
    election = Election.make(uuid=uuid, name="Council of Ivanovo", description="test", group=group,
                             public_key=tr.election_key(group, trustees), questions=questions)
    creds = [new_credential() for _ in range(voters)]
    return Setup(election, trustees, dealing, creds, [public_credential(group, uuid, c) for c in creds])


@pytest.fixture(scope="module")
def ff_setup() -> Setup:
    return make_setup(BELENIOS_2048)


@pytest.fixture(scope="module")
def ec_setup() -> Setup:
    return make_setup(group_named("Ed25519"))


@pytest.fixture(scope="module")
def ristretto_setup() -> Setup:
    """Ristretto255 needs the system libsodium: skipped without it, unless COUNCILS_REQUIRE_BELENIOS=1
    (`make test`, whose scripts/services.sh installs libsodium23 beside belenios-tool)."""
    try:
        group = group_named("Ristretto255")
    except GroupError:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            raise
        pytest.skip("no system libsodium (apt-get install libsodium23)")
    return make_setup(group)


def ristretto_with_decaf() -> Ristretto255Group:
    """The Ristretto255 group with libdecaf; skipped without it unless COUNCILS_REQUIRE_BELENIOS=1
    (`make test`, whose scripts/services.sh installs libdecaf0)."""
    try:
        group = group_named("Ristretto255")
    except GroupError:
        group = None
    if not isinstance(group, Ristretto255Group) or group._decaf is None:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            raise AssertionError("libdecaf0 (and libsodium23) must be installed: scripts/services.sh start")
        pytest.skip("no system libdecaf (apt-get install libdecaf0)")
    return group


def yes_no_archive(group: Group[Any], voters: int, yes: int, tellers: tuple[int, int]) -> tuple[list[str], Any, bytes]:
    """A closed yes/no question's ballots, encrypted tally and archive: `yes` of `voters` vote yes, the others no,
    decrypted by the two tellers numbered `tellers` (of 3, 2 needed)."""
    from councils.ballot.archive import Closed, build_archive, tally_of
    from councils.ballot.election import encrypt_ballot

    setup = make_setup(group, (YES_NO,), voters=voters)
    election = Election.parse(setup.election.raw)
    ballots = [encrypt_ballot(election, c, [[1, 0] if i < yes else [0, 1]]).ballot
               for i, c in enumerate(setup.credentials)]
    tally, _ = tally_of(election, ballots)
    decs = {t: tr.partial_decryption(election, tally, setup.dealing.keys[t - 1]) for t in tellers}
    return ballots, tally, build_archive(Closed(election, setup.trustees, setup.public, ballots, decs, 1_700_000_000))
