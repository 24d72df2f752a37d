"""The verifiable re-encryption mix-net of Belenios 2.0 (CHVote 1.3.2's shuffle, as `mixnet.ml`).

Ranked ballots cannot be added up: they are decrypted one by one, after each teller in turn
has re-encrypted and permuted them and proved it did nothing else. No teller then knows which
decrypted ballot came from which cast ballot unless every teller colluded. A shuffle proof
commits to the permutation with independent generators (`ggen|i`), binds the challenges to the
election's fingerprint and both lists of ciphertexts, and shows that the outputs are the inputs
re-encrypted under that permutation.

Finite-field groups only (the generators are hashes into the field, as Belenios makes them).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from councils.ballot.election import BallotError, Election, RankedQuestion, Tally, dumps
from councils.ballot.group import FiniteFieldGroup, GroupError, group_named

Ciphertext = tuple[Any, Any]
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]
"""`map`, or a process pool's `map`: how the per-ballot exponentiations are spread over cores."""


def _field_named(name: str) -> FiniteFieldGroup:
    group = group_named(name)
    assert isinstance(group, FiniteFieldGroup)
    return group


def _reencrypt_one(item: tuple[str, Any, Any, Any, int]) -> Ciphertext:
    """(a * g^r, b * y^r): one ciphertext re-encrypted (a unit of work for a pool)."""
    group = _field_named(item[0])
    y, a, b, r = item[1:]
    return group.mul(a, group.pow_g(r)), group.mul(b, group.fixed(y)(r))


def _commitment_one(item: tuple[str, int, Any, int]) -> Any:
    """g^wh * c^w: one of a shuffle proof's per-ballot commitments."""
    group = _field_named(item[0])
    return group.mul(group.pow_g(item[1]), group.pow(item[2], item[3]))


def _recomputed_one(item: tuple[str, Any, int, int, Any, int]) -> Any:
    """cc_hat^-c * g^s_hat * prev^s2: what a verifier compares with one per-ballot commitment."""
    group = _field_named(item[0])
    cc_hat, c, s_hat, prev, s2 = item[1:]
    return group.product([group.inv(group.pow(cc_hat, c)), group.pow_g(s_hat), group.pow(prev, s2)])
ShuffleProof = tuple[tuple[Any, Any, Any, tuple[Any, Any], list[Any]],
                     tuple[int, int, int, int, list[int], list[int]], list[Any], list[Any]]


def _challenges(group: FiniteFieldGroup, n: int, text: str) -> list[int]:
    h = hashlib.sha256(text.encode()).hexdigest()
    return [int(hashlib.sha256((h + hashlib.sha256(str(i).encode()).hexdigest()).encode()).hexdigest(), 16) % group.q
            for i in range(n)]


def _challenge(group: FiniteFieldGroup, text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % group.q


def _str_egs(group: FiniteFieldGroup, cs: Sequence[Ciphertext]) -> str:
    return "".join(f"{group.to_str(a)},{group.to_str(b)}," for a, b in cs)


def _str_elts(group: FiniteFieldGroup, xs: Sequence[Any]) -> str:
    return "".join(f"{group.to_str(x)}," for x in xs)


def _generators(group: FiniteFieldGroup, n: int) -> tuple[Any, list[Any]]:
    h = group.generator(-1)
    hh = [group.generator(i) for i in range(n)]
    if len({int(x) for x in [h, *hh]}) != n + 1:
        raise ValueError("two independent generators collide")
    return h, hh


def shuffle(group: FiniteFieldGroup, y: Any, cs: Sequence[Ciphertext], mapper: Mapper = map
            ) -> tuple[list[Ciphertext], list[int], list[int]]:
    """Re-encrypt every ciphertext and permute them: (outputs, randomness, permutation psi),
    output i being input psi[i] re-encrypted (Belenios's `gen_shuffle`)."""
    n = len(cs)
    tmp = list(range(n))
    psi = [0] * n
    for i in range(n):
        k = i + secrets.randbelow(n - i)
        psi[i] = tmp[k]
        tmp[k] = tmp[i]
    rs = [group.random_scalar() for _ in range(n)]
    re = list(mapper(_reencrypt_one, [(group.name, y, a, b, r) for (a, b), r in zip(cs, rs, strict=True)]))
    return [re[psi[i]] for i in range(n)], rs, psi


def prove_shuffle(group: FiniteFieldGroup, y: Any, fingerprint: str, ee: Sequence[Ciphertext],
                  ee2: Sequence[Ciphertext], rr2: Sequence[int], psi: Sequence[int], mapper: Mapper = map
                  ) -> ShuffleProof:
    """Belenios's `gen_shuffle_proof`."""
    q, g_ = group.q, group.pow_g
    n = len(ee)
    h, hh = _generators(group, n)
    cc: list[Any] = [group.one] * n
    rr = [0] * n
    for i in range(n):
        r = group.random_scalar()
        rr[psi[i]] = r
        cc[psi[i]] = group.mul(g_(r), hh[i])
    str1 = _str_egs(group, ee) + _str_egs(group, ee2) + _str_elts(group, cc)
    uu = _challenges(group, n, f"shuffle-challenges|{fingerprint}|{str1}")
    uu2 = [uu[psi[i]] for i in range(n)]
    rr_hat = [group.random_scalar() for _ in range(n)]
    cc_hat: list[Any] = []
    prev = h
    for i in range(n):
        prev = group.mul(g_(rr_hat[i]), group.pow(prev, uu2[i]))
        cc_hat.append(prev)
    w1, w2, w3, w4 = (group.random_scalar() for _ in range(4))
    ww_hat = [group.random_scalar() for _ in range(n)]
    ww2 = [group.random_scalar() for _ in range(n)]
    t1, t2 = g_(w1), g_(w2)
    t3 = group.mul(g_(w3), group.multi_pow(hh, ww2))
    t41 = group.mul(group.inv(group.pow(y, w4)), group.multi_pow([b for _, b in ee2], ww2))
    t42 = group.mul(group.inv(g_(w4)), group.multi_pow([a for a, _ in ee2], ww2))
    cc_hat_prev = [h, *cc_hat[:-1]]
    tt_hat = list(mapper(_commitment_one, [(group.name, wh, c, w)
                                           for wh, w, c in zip(ww_hat, ww2, cc_hat_prev, strict=True)]))
    str2 = _str_elts(group, [t1, t2, t3, t41, t42]) + _str_elts(group, tt_hat)
    str3 = str1 + _str_elts(group, cc_hat) + group.to_str(y)
    c = _challenge(group, f"shuffle-challenge|{fingerprint}|{str2}{str3}")
    s1 = (w1 + c * sum(rr)) % q
    vv = [1] * n
    for i in range(n - 2, -1, -1):
        vv[i] = uu2[i + 1] * vv[i + 1] % q
    s2 = (w2 + c * sum(a * b for a, b in zip(rr_hat, vv, strict=True))) % q
    s3 = (w3 + c * sum(a * b for a, b in zip(rr, uu, strict=True))) % q
    s4 = (w4 + c * sum(a * b for a, b in zip(rr2, uu, strict=True))) % q
    ss_hat = [(w + c * r) % q for w, r in zip(ww_hat, rr_hat, strict=True)]
    ss2 = [(w + c * u) % q for w, u in zip(ww2, uu2, strict=True)]
    return (t1, t2, t3, (t41, t42), tt_hat), (s1, s2, s3, s4, ss_hat, ss2), cc, cc_hat


def check_shuffle(group: FiniteFieldGroup, y: Any, fingerprint: str, ee: Sequence[Ciphertext],
                  ee2: Sequence[Ciphertext], proof: ShuffleProof, mapper: Mapper = map) -> bool:
    """Belenios's `check_shuffle_proof`: True when `ee2` is `ee` re-encrypted and permuted."""
    q, g_ = group.q, group.pow_g
    n = len(ee)
    (t1, t2, t3, (t41, t42), tt_hat), (s1, s2, s3, s4, ss_hat, ss2), cc, cc_hat = proof
    if len(ee2) != n or not len(cc) == len(cc_hat) == len(tt_hat) == len(ss_hat) == len(ss2) == n:
        return False
    if not all(group.check(x) for x in [t1, t2, t3, t41, t42, *cc, *cc_hat, *tt_hat]):
        return False
    if not all(0 <= s < q for s in [s1, s2, s3, s4, *ss_hat, *ss2]):
        return False
    h, hh = _generators(group, n)
    str1 = _str_egs(group, ee) + _str_egs(group, ee2) + _str_elts(group, cc)
    uu = _challenges(group, n, f"shuffle-challenges|{fingerprint}|{str1}")
    str2 = _str_elts(group, [t1, t2, t3, t41, t42]) + _str_elts(group, tt_hat)
    str3 = str1 + _str_elts(group, cc_hat) + group.to_str(y)
    c = _challenge(group, f"shuffle-challenge|{fingerprint}|{str2}{str3}")
    c_bar = group.div(group.product(cc), group.product(hh))
    u = 1
    for x in uu:
        u = u * x % q
    c_hat = group.div(cc_hat[-1] if n else h, group.pow(h, u))
    c_tilde = group.multi_pow(cc, uu)
    a2 = group.multi_pow([b for _, b in ee], uu)
    b2 = group.multi_pow([a for a, _ in ee], uu)
    checks = [
        (t1, group.mul(group.inv(group.pow(c_bar, c)), g_(s1))),
        (t2, group.mul(group.inv(group.pow(c_hat, c)), g_(s2))),
        (t3, group.mul(group.inv(group.pow(c_tilde, c)), group.mul(g_(s3), group.multi_pow(hh, ss2)))),
        (t41, group.mul(group.inv(group.mul(group.pow(a2, c), group.pow(y, s4))),
                        group.multi_pow([b for _, b in ee2], ss2))),
        (t42, group.mul(group.inv(group.mul(group.pow(b2, c), g_(s4))),
                        group.multi_pow([a for a, _ in ee2], ss2))),
    ]
    prev = [h, *cc_hat[:-1]]
    recomputed = mapper(_recomputed_one, [(group.name, cc_hat[i], c, ss_hat[i], prev[i], ss2[i]) for i in range(n)])
    checks.extend(zip(tt_hat, recomputed, strict=True))
    return all(group.eq(a, b) for a, b in checks)


def proof_json(group: FiniteFieldGroup, proof: ShuffleProof) -> list[object]:
    (t1, t2, t3, (t41, t42), tt_hat), (s1, s2, s3, s4, ss_hat, ss2), cc, cc_hat = proof
    e = group.to_str
    return [[e(t1), e(t2), e(t3), [e(t41), e(t42)], [e(x) for x in tt_hat]],
            [str(s1), str(s2), str(s3), str(s4), [str(x) for x in ss_hat], [str(x) for x in ss2]],
            [e(x) for x in cc], [e(x) for x in cc_hat]]


def read_proof(group: FiniteFieldGroup, data: Any) -> ShuffleProof:
    (t1, t2, t3, (t41, t42), tt_hat), (s1, s2, s3, s4, ss_hat, ss2), cc, cc_hat = data
    e = group.from_str
    return ((e(t1), e(t2), e(t3), (e(t41), e(t42)), [e(x) for x in tt_hat]),
            (int(s1), int(s2), int(s3), int(s4), [int(x) for x in ss_hat], [int(x) for x in ss2]),
            [e(x) for x in cc], [e(x) for x in cc_hat])


# ----------------------------------------------------------------------------- on a question's tally


def _ranked_rows(election: Election) -> list[int]:
    return [i for i, q in enumerate(election.questions) if isinstance(q, RankedQuestion)]


def _field(election: Election) -> FiniteFieldGroup:
    if not isinstance(election.group, FiniteFieldGroup):
        raise BallotError(f"the mix-net needs a finite-field group, not {election.group.name}")
    return election.group


def shuffle_tally(election: Election, tally: Tally, mapper: Mapper = map) -> tuple[Tally, str]:
    """A teller's turn: shuffle every ranked question's ciphertexts; returns the new tally and the
    Belenios `shuffle` JSON (ciphertexts and proofs, ranked questions only, in order). `mapper`, a
    process pool's `map`, spreads the per-ballot exponentiations over cores."""
    group = _field(election)
    rows = list(tally)
    out_cs, out_proofs = [], []
    for i in _ranked_rows(election):
        new, rs, psi = shuffle(group, election.public_key, rows[i], mapper)
        proof = prove_shuffle(group, election.public_key, election.fingerprint, rows[i], new, rs, psi, mapper)
        rows[i] = tuple(new)
        out_cs.append([{"alpha": group.to_str(a), "beta": group.to_str(b)} for a, b in new])
        out_proofs.append(proof_json(group, proof))
    return tuple(rows), dumps({"ciphertexts": out_cs, "proofs": out_proofs})


def apply_shuffle(election: Election, tally: Tally, raw: str, mapper: Mapper = map) -> tuple[str | None, Tally]:
    """Check a shuffle against the tally it claims to shuffle: (problem or None, the shuffled tally)."""
    group = _field(election)
    ranked = _ranked_rows(election)
    try:
        data = json.loads(raw)
        cs = [[(group.from_str(c["alpha"]), group.from_str(c["beta"])) for c in row] for row in data["ciphertexts"]]
        prs = [read_proof(group, p) for p in data["proofs"]]
    except (KeyError, TypeError, ValueError, GroupError) as exc:
        return f"shuffle malformed ({exc})", tally
    if len(cs) != len(ranked) or len(prs) != len(ranked):
        return "shuffle: one list of ciphertexts and one proof per ranked question", tally
    rows = list(tally)
    for k, i in enumerate(ranked):
        if not check_shuffle(group, election.public_key, election.fingerprint, rows[i], cs[k], prs[k], mapper):
            return f"shuffle: the proof for question {i + 1} fails", tally
        rows[i] = tuple(cs[k])
    return None, tuple(rows)
