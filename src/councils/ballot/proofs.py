"""Fiat–Shamir zero-knowledge proofs, exactly as Belenios 2.0 makes and checks them.

A proof is a list of (challenge, response) pairs; the verifier recomputes every commitment
from them and checks that the hash of the commitments equals the sum of the challenges
(specification sections 4.3, 4.12–4.14, 4.16; `src/lib/v1/question_h.ml` and
`election.ml` of Belenios 2.0 for the exact strings hashed). Nothing here knows JSON;
`election` and `trustees` say what is proved.

- `disjunctive_*`: (alpha, beta) encrypts one of M_0..M_k under key y (`iprove`): each
  ballot entry is 0 or 1, each answer's total within [min, max].
- `blank_*`: the two proofs of a question that allows a blank vote.
- `dlog_*`: knowledge of x with X = g^x (a teller's key, a signature, a credential's
  signature on its ballot).
- `decryption_*`: a partial decryption alpha^x was made with the x of the teller's key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from councils.ballot.group import Group

E = TypeVar("E")
Proof = tuple[int, int]  # (challenge, response)


def _in_range(group: Group[E], proof: Proof) -> bool:
    return 0 <= proof[0] < group.q and 0 <= proof[1] < group.q


def disjunctive_prove(group: Group[E], y: E, shifts: Sequence[E], prefix: str, index: int, r: int,
                      alpha: E, beta: E, pow_y: Callable[[int], E] | None = None) -> list[Proof]:
    """Prove (alpha, beta) = (g^r, y^r / shifts[index]): Belenios's `eg_disj_prove`.

    `shifts[i]` is g^-M_i, so the proof says the plaintext is one of the M_i without saying which."""
    q = group.q
    py = pow_y or group.fixed(y)
    n = len(shifts)
    proofs: list[Proof] = [(0, 0)] * n
    commitments: list[E] = [group.one] * (2 * n)
    total = 0
    for i in range(n):
        if i == index:
            continue
        challenge, response = group.random_scalar(), group.random_scalar()
        proofs[i] = (challenge, response)
        commitments[2 * i] = group.pow_g((response + r * challenge) % q)
        commitments[2 * i + 1] = group.mul(py(response), group.pow(group.mul(beta, shifts[i]), challenge))
        total += challenge
    w = group.random_scalar()
    commitments[2 * index] = group.pow_g(w)
    commitments[2 * index + 1] = py(w)
    head = f"prove|{prefix}|{group.to_str(alpha)},{group.to_str(beta)}|"
    challenge = (group.hash(head, commitments) - total) % q
    proofs[index] = (challenge, (w - r * challenge) % q)
    return proofs


def disjunctive_verify(group: Group[E], y: E, shifts: Sequence[E], prefix: str, proofs: Sequence[Proof],
                       alpha: E, beta: E, pow_y: Callable[[int], E] | None = None, low: int | None = None) -> bool:
    """Belenios's `eg_disj_verify` (the elements' membership is checked by the caller, once). `low`, when
    given, says `shifts` is `shifts_between(group, low, ...)`: a group may then fold each shift g^-m into
    its multiplication instead of forming beta * g^-m."""
    if len(proofs) != len(shifts):
        return False
    q = group.q
    total = 0
    for challenge, response in proofs:
        if not (0 <= challenge < q and 0 <= response < q):
            return False
        total += challenge
    commitments = group.disjunctive_commitments(y, pow_y or group.fixed(y), alpha, beta, shifts, low, proofs)
    head = f"prove|{prefix}|{group.to_str(alpha)},{group.to_str(beta)}|"
    return group.hash(head, commitments) == total % group.q


_SHIFTS: dict[tuple[int, int, int], list[Any]] = {}


def shifts_between(group: Group[E], low: int, high: int) -> list[E]:
    """[g^-low, ..., g^-high]: the `d` of Belenios's `make_d` (and [1, g^-1] for 0..1); kept per group
    and range, since every ballot of a question uses the same ones."""
    key = (id(group), low, high)
    cached = _SHIFTS.get(key)
    if cached is None:
        cached = _SHIFTS[key] = _shifts(group, low, high)
    return cached


def _shifts(group: Group[E], low: int, high: int) -> list[E]:
    inv_g = group.inv(group.g)
    first = group.one if low == 0 else group.inv(group.pow_g(low))
    out = [first]
    for _ in range(high - low):
        out.append(group.mul(out[-1], inv_g))
    return out


def blank_prove(group: Group[E], y: E, prefix: str, low: int, high: int, m0: int, c0: tuple[E, E], r0: int,
                m_sum: int, c_sum: tuple[E, E], r_sum: int) -> tuple[list[Proof], list[Proof]]:
    """(overall_proof, blank_proof) of a question allowing a blank vote: Belenios's `make_blank_proof`."""
    q = group.q
    py = group.fixed(y)
    rand = group.random_scalar
    g_ = group.pow_g
    if m0 == 0:
        c1, s1 = rand(), rand()
        a1 = g_((s1 + r_sum * c1) % q)
        b1 = group.mul(py(s1), group.pow(c_sum[1], c1))
        w = rand()
        a0, b0 = g_(w), py(w)
        h = group.hash(f"bproof0|{prefix}|", [a0, b0, a1, b1])
        c0_ = (h - c1) % q
        blank = [(c0_, (w - r0 * c0_) % q), (c1, s1)]
        size = high - low + 2
        cz, sz = rand(), rand()
        overall: list[Proof] = [(cz, sz)] * size
        commitments: list[E] = [group.one] * (2 * size)
        total = cz
        commitments[0] = g_((sz + r0 * cz) % q)
        commitments[1] = group.mul(py(sz), group.pow(group.div(c0[1], group.g), cz))
        true_index = m_sum - low + 1
        for i in range(1, size):
            if i == true_index:
                continue
            c, s = rand(), rand()
            shifted = group.div(c_sum[1], group.pow_g(low + i - 1))
            overall[i] = (c, s)
            commitments[2 * i] = g_((s + r_sum * c) % q)
            commitments[2 * i + 1] = group.mul(py(s), group.pow(shifted, c))
            total += c
        w = rand()
        commitments[2 * true_index] = g_(w)
        commitments[2 * true_index + 1] = py(w)
        c = (group.hash(f"bproof1|{prefix}|", commitments) - total) % q
        overall[true_index] = (c, (w - r_sum * c) % q)
        return overall, blank
    c0_, s0 = rand(), rand()
    a0 = g_((s0 + r0 * c0_) % q)
    b0 = group.mul(py(s0), group.pow(c0[1], c0_))
    w = rand()
    a1, b1 = g_(w), py(w)
    h = group.hash(f"bproof0|{prefix}|", [a0, b0, a1, b1])
    c1 = (h - c0_) % q
    blank = [(c0_, s0), (c1, (w - r_sum * c1) % q)]
    size = high - low + 2
    overall = [(0, 0)] * size
    commitments = [group.one] * (2 * size)
    total = 0
    for i in range(1, size):
        c, s = rand(), rand()
        shifted = group.div(c_sum[1], group.pow_g(low + i - 1))
        overall[i] = (c, s)
        commitments[2 * i] = g_((s + r_sum * c) % q)
        commitments[2 * i + 1] = group.mul(py(s), group.pow(shifted, c))
        total += c
    w = rand()
    commitments[0], commitments[1] = g_(w), py(w)
    c = (group.hash(f"bproof1|{prefix}|", commitments) - total) % q
    overall[0] = (c, (w - r0 * c) % q)
    return overall, blank


def blank_verify(group: Group[E], y: E, prefix: str, low: int, high: int, c0: tuple[E, E], c_sum: tuple[E, E],
                 overall: Sequence[Proof], blank: Sequence[Proof]) -> bool:
    """Belenios's `verify_blank_proof`: blank (m0 = 0 or the sum = 0) and overall (m0 = 1 or min <= sum <= max)."""
    py = group.fixed(y)
    if len(blank) != 2 or len(overall) != high - low + 2:
        return False
    if not all(_in_range(group, p) for p in (*blank, *overall)):
        return False
    (ca, sa), (cb, sb) = blank
    commitments = [
        group.mexp_g(sa, c0[0], ca), group.mexp(y, sa, c0[1], ca, py),
        group.mexp_g(sb, c_sum[0], cb), group.mexp(y, sb, c_sum[1], cb, py),
    ]
    if group.hash(f"bproof0|{prefix}|", commitments) != (ca + cb) % group.q:
        return False
    c, s = overall[0]
    commitments = [group.mexp_g(s, c0[0], c), group.mexp(y, s, group.div(c0[1], group.g), c, py)]
    total = c
    for i in range(1, len(overall)):
        c, s = overall[i]
        shifted = group.div(c_sum[1], group.pow_g(low + i - 1))
        commitments.append(group.mexp_g(s, c_sum[0], c))
        commitments.append(group.mexp(y, s, shifted, c, py))
        total += c
    return group.hash(f"bproof1|{prefix}|", commitments) == total % group.q


def dlog_prove(group: Group[E], x: int, prefix: str) -> Proof:
    """Knowledge of x with X = g^x, bound to `prefix` (Schnorr; Belenios's `fs_prove [|g|]`)."""
    w = group.random_scalar()
    challenge = group.hash(prefix, [group.pow_g(w)])
    return challenge, (w - x * challenge) % group.q


def dlog_verify(group: Group[E], public: E, prefix: str, proof: Proof) -> bool:
    challenge, response = proof
    if not _in_range(group, proof):
        return False
    return group.hash(prefix, [group.mexp_g(response, public, challenge)]) == challenge


def key_prefix(group: Group[E], public: E) -> str:
    """What a teller's proof of knowledge of its key is bound to: `pok|GROUP|X|`."""
    return f"pok|{group.name}|{group.to_str(public)}|"


def decryption_prove(group: Group[E], x: int, alpha: E, fingerprint: str, public: E | None = None
                     ) -> tuple[E, Proof]:
    """alpha^x and the proof it used the x of X = g^x (`decrypt|fingerprint|X|`); `public`, X when the
    caller already has it (a teller decrypting thousands of ranked ballots computes it once)."""
    head = f"decrypt|{fingerprint}|{group.to_str(public if public is not None else group.pow_g(x))}|"
    w = group.random_scalar()
    challenge = group.hash(head, [group.pow_g(w), group.pow(alpha, w)])
    return group.pow(alpha, x), (challenge, (w - x * challenge) % group.q)


def decryption_verify(group: Group[E], public: E, alpha: E, factor: E, proof: Proof, fingerprint: str,
                      pow_public: Callable[[int], E] | None = None) -> bool:
    if not _in_range(group, proof) or not group.check(factor):
        return False
    challenge, response = proof
    head = f"decrypt|{fingerprint}|{group.to_str(public)}|"
    commitments = [group.mul(group.pow_g(response), pow_public(challenge)) if pow_public is not None
                   else group.mexp_g(response, public, challenge),
                   group.mexp(alpha, response, factor, challenge)]
    return group.hash(head, commitments) == challenge
