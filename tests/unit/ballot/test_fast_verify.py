"""The verifier's fast paths (libdecaf's double exponentiations, the pool of processes) give the same
bytes as the plain path and still catch a single forged proof among many valid ballots, naming it."""

from __future__ import annotations

import itertools
import json
import secrets
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pytest

from councils.ballot import mixnet, proofs
from councils.ballot import trustees as tr
from councils.ballot.archive import Closed, build_archive, tally_of, verify_archive
from councils.ballot.election import (
    Election,
    RankedQuestion,
    credential_secret,
    dumps,
    encrypt_ballot,
    sha256_b64,
)
from councils.ballot.group import BELENIOS_2048, RFC_3526_2048, GroupError
from councils.ballot.parallel import verify_parallel
from tests.unit.ballot.conftest import YES_NO, Setup, make_setup, ristretto_with_decaf, yes_no_archive


def test_libdecaf_double_exponentiations_give_libsodiums_bytes() -> None:
    g = ristretto_with_decaf()
    decaf = g._decaf
    points = [g.one, g.g, g.inv(g.g), g.pow_g(g.q - 1)] + [g.pow_g(secrets.randbelow(g.q)) for _ in range(2)]
    scalars = [0, 1, g.q - 1, (g.q - 1) // 2] + [secrets.randbelow(g.q) for _ in range(2)]
    cases = list(itertools.product(points, points, scalars, scalars))
    fast = [(g.mexp_g(s, b, c), g.mexp(a, s, b, c)) for a, b, s, c in cases]
    sums = [g.product(points[:i]) for i in range(len(points) + 1)]
    g._decaf = None
    try:
        plain = [(g.mul(g.pow_g(s), g.pow(b, c)), g.mul(g.pow(a, s), g.pow(b, c))) for a, b, s, c in cases]
        plain_sums = [g.product(points[:i]) for i in range(len(points) + 1)]
    finally:
        g._decaf = decaf
    assert fast == plain
    assert sums == plain_sums


def test_libdecaf_refuses_what_is_not_a_ristretto255_element() -> None:
    g = ristretto_with_decaf()
    not_an_element = b"\xff" * 32  # above the field's prime: not a canonical encoding
    assert not g.check(not_an_element)
    with pytest.raises(GroupError):
        g.mexp_g(1, not_an_element, 1)
    with pytest.raises(GroupError):
        g.product([g.g, not_an_element])


def _forged(setup: Setup, credential: str) -> str:
    """A ballot for "yes" whose first 0-or-1 proof has one response changed, signed again with the
    voter's own credential: the signature holds, the proof does not."""
    election = setup.election
    group = election.group
    data: dict[str, Any] = json.loads(encrypt_ballot(election, credential, [[1, 0]]).ballot)
    proof = data["answers"][0]["individual_proofs"][0][1]
    proof["response"] = str((int(proof["response"]) + 1) % group.q)
    body = {k: v for k, v in data.items() if k != "signature"}
    s_hash = sha256_b64(dumps(body))
    sk = credential_secret(group, election.uuid, credential)
    challenge, response = proofs.dlog_prove(group, sk, f"sig|{s_hash}|")
    data["signature"] = {"hash": s_hash, "proof": {"challenge": str(challenge), "response": str(response)}}
    return dumps(data)


def test_one_forged_proof_among_many_ballots_is_caught_by_every_core_and_named() -> None:
    group = ristretto_with_decaf()
    setup = make_setup(group, (YES_NO,), voters=24)
    election = Election.parse(setup.election.raw)
    ballots = [encrypt_ballot(election, c, [[i % 2, 1 - i % 2]]).ballot for i, c in enumerate(setup.credentials)]
    ballots[16] = _forged(setup, setup.credentials[16])
    tally, _ = tally_of(election, ballots)
    decs = {1: tr.partial_decryption(election, tally, setup.dealing.keys[0]),
            2: tr.partial_decryption(election, tally, setup.dealing.keys[1])}
    blob = build_archive(Closed(election, setup.trustees, setup.public, ballots, decs, 1_700_000_000))

    report = verify_parallel(blob, jobs=2, chunk=5)
    assert report.problems == ["ballot 17: ballot: question 1, answer 1: the proof that it is 0 or 1 fails"]

    decaf = group._decaf
    group._decaf = None
    try:
        plain = verify_archive(blob)
    finally:
        group._decaf = decaf
    assert plain.problems == report.problems


def test_the_tally_of_valid_ballots_verifies_on_every_core_with_the_result() -> None:
    _, _, blob = yes_no_archive(ristretto_with_decaf(), voters=12, yes=7, tellers=(2, 3))
    report = verify_parallel(blob, jobs=2, chunk=4)
    assert report.ok, report.problems
    assert report.result == [[7, 5]]


def test_multi_exponentiation_is_the_product_of_the_powers() -> None:
    for g, terms in ((BELENIOS_2048, 70), (RFC_3526_2048, 65)):  # 256-bit and 2047-bit exponents
        bases = [g.one, g.g, g.inv(g.g)] + [g.pow_g(secrets.randbelow(2**64)) for _ in range(terms - 3)]
        exponents = [0, 1, g.q - 1, -5, g.q + 3] + [secrets.randbelow(g.q) for _ in range(terms - 5)]
        for n in (0, 3, terms):  # a few terms one by one, many in buckets
            expected = g.product(g.pow(x, e) for x, e in zip(bases[:n], exponents[:n], strict=True))
            assert g.multi_pow(bases[:n], exponents[:n]) == expected, (g.name, n)
        with pytest.raises(GroupError):
            g.multi_pow(bases, exponents[:-1])


def test_threads_verifying_at_once_never_share_libdecafs_buffers() -> None:
    g = ristretto_with_decaf()
    cases = [(secrets.randbelow(g.q), g.pow_g(secrets.randbelow(g.q)), secrets.randbelow(g.q)) for _ in range(40)]
    expected = [(g.mexp_g(s, b, c), g.mexp(g.g, c, b, s)) for s, b, c in cases]

    def work(_: int) -> list[tuple[bytes, bytes]]:
        return [(g.mexp_g(s, b, c), g.mexp(g.g, c, b, s)) for s, b, c in cases]

    with ThreadPoolExecutor(4) as pool:  # libdecaf runs without the GIL: the threads truly overlap
        results = list(pool.map(work, range(8)))
    assert all(r == expected for r in results)


RANKED = RankedQuestion("Commission (rank the candidates)", ("Ana", "Boris", "Chen"))
RANKINGS = [[1, 2, 3], [2, 1, 3], [3, 2, 1], [1, 3, 2], [2, 3, 1], [3, 1, 2]]


def test_a_mix_on_two_processes_proves_checks_and_decrypts_to_the_cast_rankings() -> None:
    setup = make_setup(RFC_3526_2048, (RANKED,), voters=len(RANKINGS))
    e = setup.election
    ballots = [encrypt_ballot(e, c, [v]).ballot for c, v in zip(setup.credentials, RANKINGS, strict=True)]
    tally, n = tally_of(e, ballots)
    with ProcessPoolExecutor(2) as pool:
        mixed, raw = mixnet.shuffle_tally(e, tally, pool.map)
        assert mixnet.apply_shuffle(e, tally, raw, pool.map) == (None, mixed)
        assert mixnet.apply_shuffle(e, tally, raw) == (None, mixed)  # the plain checker agrees
        data = json.loads(raw)
        data["ciphertexts"][0][0], data["ciphertexts"][0][1] = data["ciphertexts"][0][1], data["ciphertexts"][0][0]
        problem, _ = mixnet.apply_shuffle(e, tally, dumps(data), pool.map)
        assert problem == "shuffle: the proof for question 1 fails"
        decs = {1: tr.partial_decryption(e, mixed, setup.dealing.keys[0], pool.map),
                2: tr.partial_decryption(e, mixed, setup.dealing.keys[1])}
    for owner in (1, 2):
        assert tr.partial_decryption_problem(e, mixed, tr.decryption_keys(setup.trustees, e.group)[owner - 1],
                                             decs[owner]) is None
    result = tr.combine(e, mixed, setup.trustees, decs, n)
    assert sorted(result[0]) == sorted(RANKINGS)
