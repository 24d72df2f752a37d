"""Ranked ballots: each teller's shuffle is proved; a shuffle that changes a ballot is caught."""

from __future__ import annotations

import json

import pytest

from councils.ballot import mixnet
from councils.ballot import trustees as tr
from councils.ballot.archive import Closed, build_archive, tally_of, verify_archive
from councils.ballot.election import BallotError, Election, RankedQuestion, ballot_problem, dumps, encrypt_ballot
from councils.ballot.group import BELENIOS_2048, RFC_3526_2048
from tests.unit.ballot.conftest import Setup, make_setup

RANKED = RankedQuestion("Commission (rank the candidates)", ("Ana", "Boris", "Chen", "Dara"))
VOTES = [[[1, 2, 3, 4]], [[2, 1, 4, 3]], [[4, 3, 2, 1]], [[1, 3, 2, 4]], [[3, 1, 2, 4]]]


@pytest.fixture(scope="module")
def ranked() -> Setup:
    return make_setup(RFC_3526_2048, (RANKED,), voters=5)


def test_a_ranked_ballot_proves_and_its_rank_vector_round_trips(ranked: Setup) -> None:
    made = encrypt_ballot(ranked.election, ranked.credentials[0], VOTES[0])
    assert ballot_problem(ranked.election, made.ballot) is None
    assert RFC_3526_2048.decode_ints(4, RFC_3526_2048.encode_ints([1, 2, 3, 4])) == [1, 2, 3, 4]


def test_ranked_questions_need_the_group_with_an_embedding() -> None:
    with pytest.raises(BallotError, match="needs the RFC-3526-2048 group"):
        Election.make(uuid="A" * 14, name="x", description="x", group=BELENIOS_2048,
                      public_key=BELENIOS_2048.g, questions=[RANKED])


def test_two_shuffles_then_two_of_three_tellers_give_the_ballots_unlinked(ranked: Setup) -> None:
    e = ranked.election
    ballots = [encrypt_ballot(e, c, v).ballot for c, v in zip(ranked.credentials, VOTES, strict=True)]
    tally, _ = tally_of(e, ballots)
    t1, s1 = mixnet.shuffle_tally(e, tally)
    t2, s2 = mixnet.shuffle_tally(e, t1)
    assert mixnet.apply_shuffle(e, tally, s1) == (None, t1)
    assert set(t2[0]) != set(tally[0])  # re-encrypted: no output ciphertext equals an input one
    decs = {1: tr.partial_decryption(e, t2, ranked.dealing.keys[0]),
            3: tr.partial_decryption(e, t2, ranked.dealing.keys[2])}
    report = verify_archive(build_archive(Closed(e, ranked.trustees, ranked.public, ballots, decs, 1_796_000_000,
                                                 shuffles=[(1, s1), (2, s2)])))
    assert report.problems == [] and report.shuffles == 2
    assert report.result is not None
    assert sorted(report.result[0]) == sorted(v[0] for v in VOTES)


def test_a_shuffle_that_replaces_a_ballot_is_caught(ranked: Setup) -> None:
    e = ranked.election
    ballots = [encrypt_ballot(e, c, v).ballot for c, v in zip(ranked.credentials, VOTES, strict=True)]
    tally, _ = tally_of(e, ballots)
    _, raw = mixnet.shuffle_tally(e, tally)
    data = json.loads(raw)
    g, y = RFC_3526_2048, e.public_key
    r = g.random_scalar()
    forged = (g.pow_g(r), g.mul(g.pow(y, r), g.encode_ints([1, 2, 3, 4])))  # a ballot of the teller's choosing
    data["ciphertexts"][0][2] = {"alpha": g.to_str(forged[0]), "beta": g.to_str(forged[1])}
    problem, _ = mixnet.apply_shuffle(e, tally, dumps(data))
    assert problem == "shuffle: the proof for question 1 fails"


def test_decrypting_ranked_ballots_without_a_shuffle_is_named(ranked: Setup) -> None:
    e = ranked.election
    ballots = [encrypt_ballot(e, c, v).ballot for c, v in zip(ranked.credentials, VOTES, strict=True)]
    tally, _ = tally_of(e, ballots)
    decs = {1: tr.partial_decryption(e, tally, ranked.dealing.keys[0]),
            2: tr.partial_decryption(e, tally, ranked.dealing.keys[1])}
    report = verify_archive(build_archive(Closed(e, ranked.trustees, ranked.public, ballots, decs, 1_796_000_000)))
    assert "ranked ballots decrypted without any shuffle: they would be linked to voters" in report.problems
