"""The Ristretto255 verifier's libdecaf paths (a table of multiples of the election key, the shift
folded into the variable-time multiplication, decoding as the membership check, the signed text cut
from the ballot) give exactly the bytes and verdicts of the plain libsodium path, on random inputs and
on the edges: zero scalars, the identity, the generator, q - 1, and encodings RFC 9496 refuses."""

from __future__ import annotations

import json
import secrets
from hashlib import sha256

import pytest

from councils.ballot import election as election_module
from councils.ballot import proofs
from councils.ballot.archive import verify_archive
from councils.ballot.election import (
    BallotError,
    Election,
    ballot_problem,
    discrete_log,
    dumps,
    encrypt_ballot,
    sha256_b64,
)
from councils.ballot.group import BELENIOS_2048, group_named
from tests.unit.ballot.conftest import APPROVAL, YES_NO, make_setup, ristretto_with_decaf, yes_no_archive
from tests.unit.ballot.test_archive import _rewrite

# RFC 9496, appendix A.2: encodings that are not Ristretto255 elements (non-canonical field elements,
# negative field elements, a non-square x^2, a negative xy, s = -1).
RFC9496_BAD = [
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
]



def test_fixed_key_disjunctive_commitments_equal_libsodiums_on_random_and_edge_inputs() -> None:
    g = ristretto_with_decaf()
    q = g.q
    y = g.pow_g(secrets.randbelow(q))
    points = [g.one, g.g, g.pow_g(q - 1)] + [g.pow_g(secrets.randbelow(q)) for _ in range(2)]
    scalars = [0, 1, q - 1] + [secrets.randbelow(q) for _ in range(2)]
    pairs = [(c, s) for c in scalars for s in scalars]
    cases = []
    for low, width in ((0, 2), (1, 1), (0, 4), (2, 3)):
        shifts = proofs.shifts_between(g, low, low + width - 1)
        for i, alpha in enumerate(points):
            for beta in points[i:]:
                chosen = [pairs[secrets.randbelow(len(pairs))] for _ in range(width)]
                cases.append((alpha, beta, low, shifts, chosen))
        cases.append((points[3], points[4], low, shifts, pairs[:width]))  # zero challenge and response
    py = g.fixed(y)
    fast = [g.disjunctive_commitments(y, py, a, b, sh, low, ps) for a, b, low, sh, ps in cases]
    keyed = [[g.mexp(y, s, b, c, py) for c, s in pairs] for b in points]
    powers = [py(e) for e in scalars] + [g.pow_g(e) for e in scalars]
    decaf, g._decaf = g._decaf, None
    try:
        plain = [g.disjunctive_commitments(y, g.fixed(y), a, b, sh, None, ps) for a, b, low, sh, ps in cases]
        plain_keyed = [[g.mul(g.pow(y, s), g.pow(b, c)) for c, s in pairs] for b in points]
        plain_powers = [g.pow(y, e) for e in scalars] + [g.pow_g(e) for e in scalars]
    finally:
        g._decaf = decaf
    assert fast == plain
    assert keyed == plain_keyed
    assert powers == plain_powers


def test_a_zero_challenge_keeps_the_g_term_libdecafs_variable_time_path_would_drop() -> None:
    g = ristretto_with_decaf()
    s, b = secrets.randbelow(g.q), g.pow_g(secrets.randbelow(g.q))
    assert g.mexp_g(s, b, 0) == g.pow_g(s) != g.one
    y = g.pow_g(secrets.randbelow(g.q))
    assert g.disjunctive_commitments(y, g.fixed(y), b, b, [g.one], 0, [(0, s)]) == [g.pow_g(s), g.pow(y, s)]


def test_decoding_refuses_exactly_what_the_plain_check_refuses() -> None:
    """libdecaf's decoding is the membership check; the plain path asks libsodium, which (1.0.18) ignores
    the top bit of the last byte, so it refuses that bit itself: both follow RFC 9496."""
    g = ristretto_with_decaf()
    samples = [bytes.fromhex(h) for h in RFC9496_BAD] + [secrets.token_bytes(32) for _ in range(300)]
    samples += [g.one, g.g, g.pow_g(g.q - 1)] + [g.pow_g(secrets.randbelow(g.q)) for _ in range(20)]
    samples += [x[:31] + bytes([x[31] | 0x80]) for x in samples[-23:]]  # libsodium alone accepts these
    fast = [g.check(x) for x in samples]
    decaf, g._decaf = g._decaf, None
    try:
        plain = [g.check(x) for x in samples]
    finally:
        g._decaf = decaf
    assert fast == plain
    assert not any(fast[:len(RFC9496_BAD)])
    assert all(fast[-46:-23]) and not any(fast[-23:])
    assert not g.check(g.g[:31])


def test_a_ballot_changed_after_signing_is_refused_by_the_signed_text_cut_from_it() -> None:
    group = ristretto_with_decaf()
    setup = make_setup(group, (YES_NO, APPROVAL), voters=2)
    election = Election.parse(setup.election.raw)
    raw = encrypt_ballot(election, setup.credentials[0], [[1, 0], [1, 0, 1]]).ballot
    assert ballot_problem(election, raw) is None
    data = json.loads(raw)
    data["answers"][1]["choices"][0], data["answers"][1]["choices"][2] = (data["answers"][1]["choices"][2],
                                                                         data["answers"][1]["choices"][0])
    assert ballot_problem(election, dumps(data)) == "ballot: the signature's hash is not the ballot's"
    data = json.loads(raw)
    data["signature"]["hash"] = data["signature"]["hash"][::-1]
    assert ballot_problem(election, dumps(data)) == "ballot: the signature's hash is not the ballot's"


def test_the_tally_from_the_chunks_products_catches_a_changed_tally() -> None:
    """The workers send back each chunk's product of ciphertexts; their product must still be the
    published tally, and a changed tally (every hash recomputed) is still caught."""
    group = ristretto_with_decaf()
    ballots, tally, blob = yes_no_archive(group, voters=7, yes=4, tellers=(1, 2))
    report = verify_archive(blob, chunk=2)
    assert report.ok, report.problems
    assert report.result == [[4, 3]]
    assert report.trackers == {sha256_b64(b): True for b in ballots}
    alpha = group.to_str(tally[0][0][0])
    changed = verify_archive(_rewrite(blob, {alpha: group.to_str(group.mul(tally[0][0][0], group.g))}), chunk=2)
    assert "tally: the encrypted tally is not the product of the last ballots" in changed.problems


@pytest.mark.parametrize("name", ["Ristretto255", "Ed25519", BELENIOS_2048.name])
def test_the_decrypted_total_is_found_by_baby_and_giant_steps_up_to_its_bound_and_not_beyond(name: str) -> None:
    group = ristretto_with_decaf() if name == "Ristretto255" else group_named(name)
    for bound in (0, 1, 2, 8, 99, 100, 1000):
        for m in {m for m in (0, 1, bound // 2, bound - 1, bound) if 0 <= m <= bound}:
            assert discrete_log(group, group.pow_g(m), bound) == m, (bound, m)
        with pytest.raises(BallotError, match=f"exceeds {bound}"):
            discrete_log(group, group.pow_g(bound + 1), bound)
    with pytest.raises(BallotError):
        discrete_log(group, group.pow_g(group.q - 1), 10_000)  # g^-1: no small total


def test_dumps_writes_what_json_dumps_writes_for_every_kind_of_value() -> None:
    values: list[object] = [
        {"a": [1, 2.5, 1e16, -0.0, 10**40, True, None, "é\u2028\x7f\"\\\n\x01"], "b": {}, "c": []},
        [], {}, "x\u00e9", 3, None, [1.5e-7, float("inf"), float("nan")], {"ü": {"z": [[]]}},
    ]
    for value in values:
        assert dumps(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def test_the_ristretto_hash_is_belenios_hash_of_the_hex_elements() -> None:
    g = ristretto_with_decaf()
    elements = [g.one, g.g, g.pow_g(12345)]
    text = "prove|x|" + ",".join(e.hex() for e in elements)
    assert g.hash("prove|x|", elements) == int(sha256(text.encode()).hexdigest(), 16) % g.q


def test_the_fast_reading_accepts_exactly_the_canonical_texts_json_accepts() -> None:
    """msgspec reads a ballot and writes it back; only an exact match skips `json` (None: json decides),
    and then it is json.loads + dumps's verdict and object, on texts built to differ (floats, big
    integers, a duplicate key, spaces, escapes, every kind of character, NaN, a lone surrogate)."""
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    texts = [
        '{"a":1}', '{"a":1.5}', '{"a":1e16}', '{"a":-0.0}', '{"a":10000000000000000000000000000000000000000}',
        '{"a":1,"a":2}', '{"a": 1}', ' {"a":1}', '{"a":"\\u00e9"}', '{"a":"é"}', '{"a":"\\u007f"}',
        '{"a":"\\n\\u0001\\"\\\\/"}', '{"a":"\\/"}', '{"a":NaN}', '{"a":"\\ud800"}', '[1]', '"x"', '{"a":',
        '{"a":[true,false,null,{}]}', dumps({"all": chars}), dumps({"a": [1, "b", {"c": None}]}),
    ]
    for text in texts:
        try:
            value = json.loads(text)
            expected = value if isinstance(value, dict) and dumps(value) == text else None
        except ValueError:
            expected = None
        fast = election_module._canonical_object(text)
        assert fast is None or (expected is not None and fast == expected), text  # None: json decides
        if expected is not None and not any(f in text for f in (".", "e1", "NaN")):  # no float: the fast path
            assert fast == expected, text
    assert election_module._canonical_object(dumps({"all": chars})) == {"all": chars}  # served fast


def test_a_product_of_powers_made_on_the_fly_is_the_product_of_the_powers() -> None:
    """`product` over a generator that itself calls libdecaf (powers of g, a fresh key's table) gives
    the plain product: the sum's slot is taken only once the items are made."""
    g = ristretto_with_decaf()
    keys = [g.pow_g(secrets.randbelow(g.q)) for _ in range(3)]
    exponents = [secrets.randbelow(g.q) for _ in range(3)]
    made = g.product(g.fixed(k)(e) for k, e in zip(keys, exponents, strict=True))
    again = g.product(g.pow_g(e) for e in exponents)
    later = [g.mexp_g(5, k, 7) for k in keys]  # the keys' decoded points are still theirs
    decaf, g._decaf = g._decaf, None
    try:
        assert made == g.product([g.pow(k, e) for k, e in zip(keys, exponents, strict=True)])
        assert again == g.product([g.pow_g(e) for e in exponents])
        assert later == [g.mexp_g(5, k, 7) for k in keys]
    finally:
        g._decaf = decaf
