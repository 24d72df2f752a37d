"""Any k of n tellers decrypt the tally, fewer cannot, and a wrong partial decryption is caught."""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from councils.ballot import trustees as tr
from councils.ballot.archive import tally_of
from councils.ballot.election import BallotError, dumps, encrypt_ballot
from councils.ballot.group import BELENIOS_2048, group_named
from tests.unit.ballot.conftest import Setup

VOTES = [[[1, 0], [1, 1, 0]], [[0, 1], [0, 0, 0]], [[1, 0], [1, 1, 1]], [[1, 0], [0, 1, 0]]]
EXPECTED = [[3, 1], [2, 3, 1]]


@pytest.mark.parametrize("setup_name", ["ff_setup", "ec_setup", "ristretto_setup"])
def test_any_two_of_three_tellers_decrypt_the_homomorphic_tally(setup_name: str,
                                                                request: pytest.FixtureRequest) -> None:
    setup: Setup = request.getfixturevalue(setup_name)
    e = setup.election
    ballots = [encrypt_ballot(e, c, v).ballot for c, v in zip(setup.credentials, VOTES, strict=True)]
    tally, n = tally_of(e, ballots)
    assert n == 4
    keys = tr.decryption_keys(setup.trustees, e.group)
    for pair in combinations(range(3), 2):
        decs = {i + 1: tr.partial_decryption(e, tally, setup.dealing.keys[i]) for i in pair}
        for owner, raw in decs.items():
            assert tr.partial_decryption_problem(e, tally, keys[owner - 1], raw) is None
        assert tr.combine(e, tally, setup.trustees, decs, n) == EXPECTED


def test_one_teller_of_a_two_of_three_group_cannot_decrypt(ff_setup: Setup) -> None:
    e = ff_setup.election
    tally, n = tally_of(e, [encrypt_ballot(e, ff_setup.credentials[0], VOTES[0]).ballot])
    decs = {2: tr.partial_decryption(e, tally, ff_setup.dealing.keys[1])}
    with pytest.raises(BallotError, match="1 partial decryptions of a 2-of-3 group: 2 are needed"):
        tr.combine(e, tally, ff_setup.trustees, decs, n)


def test_a_partial_decryption_made_with_another_key_is_caught(ff_setup: Setup) -> None:
    e = ff_setup.election
    tally, _ = tally_of(e, [encrypt_ballot(e, ff_setup.credentials[0], VOTES[0]).ballot])
    keys = tr.decryption_keys(ff_setup.trustees, e.group)
    forged = tr.partial_decryption(e, tally, ff_setup.dealing.keys[0] + 1)
    problem = tr.partial_decryption_problem(e, tally, keys[0], forged)
    assert problem is not None and "question 1, answer 1" in problem


def test_a_tampered_decryption_factor_is_caught(ff_setup: Setup) -> None:
    e = ff_setup.election
    tally, _ = tally_of(e, [encrypt_ballot(e, ff_setup.credentials[0], VOTES[0]).ballot])
    keys = tr.decryption_keys(ff_setup.trustees, e.group)
    data = json.loads(tr.partial_decryption(e, tally, ff_setup.dealing.keys[0]))
    g = BELENIOS_2048
    data["decryption_factors"][1][2] = str(g.mul(g.from_str(data["decryption_factors"][1][2]), g.g))
    assert tr.partial_decryption_problem(e, tally, keys[0], dumps(data)) is not None


def test_pedersen_parameters_with_a_wrong_verification_key_are_refused() -> None:
    g = group_named("Ed25519")
    dealing = tr.deal_pedersen(g, 3, 2)
    params = dict(dealing.params)
    keys = list(params["verification_keys"])  # type: ignore[call-overload]
    keys[1] = tr.single_key(g, 12345)  # a valid proof, for a key the commitments do not give
    params["verification_keys"] = keys
    assert "teller 2's verification key does not follow" in (tr.pedersen_problem(g, params) or "")


def test_shares_are_checked_against_the_published_commitments() -> None:
    g = BELENIOS_2048
    poly = tr.Polynomial.random(g, 2)
    commitments = [g.pow_g(a) for a in poly.coefficients]
    assert tr.share_is_consistent(g, poly.share(g, 3), 3, commitments)
    assert not tr.share_is_consistent(g, poly.share(g, 3) + 1, 3, commitments)
