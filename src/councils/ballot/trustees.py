"""Tellers (Belenios's trustees): their keys, their partial decryptions, and the result.

Two kinds, as in Belenios 2.0 (specification 4.4–4.6, `src/lib/v1/trustees.ml`):

- `Single`: one teller's key X = g^x with a proof that the teller knows x; every Single teller
  must take part in the decryption.
- `Pedersen`: n tellers, any k of whom decrypt. Each teller i picks a random polynomial
  f_i of degree k-1 and publishes g^(coefficients) signed with the key of its certificate;
  teller j's decryption key is S_j = sum_i f_i(j), its public verification key g^S_j,
  which anyone recomputes from the published coefficients. The election key is the product
  of the g^f_i(0); no one ever holds its private half.

Each partial decryption alpha^x carries a proof that it used the teller's key; the result is
the product of the factors (Lagrange-weighted for a Pedersen group), removed from the tally,
and the discrete logarithm of what remains: the number of marks each answer received.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from councils.ballot import proofs
from councils.ballot.election import B58, BallotError, Election, RankedQuestion, Tally, discrete_log, dumps
from councils.ballot.group import Group, GroupError, group_named


def _proof_json(p: proofs.Proof) -> dict[str, str]:
    return {"challenge": str(p[0]), "response": str(p[1])}


def _read_proof(group: Group[Any], data: Any) -> proofs.Proof:
    try:
        return group.scalar(data["challenge"]), group.scalar(data["response"])
    except (KeyError, TypeError) as exc:
        raise BallotError(f"a proof is malformed ({exc})") from None


# ----------------------------------------------------------------------------- single keys

def single_key(group: Group[Any], x: int) -> dict[str, object]:
    """A `trustee_public_key`: {pok, public_key}, the proof bound to the group's name."""
    public = group.pow_g(x)
    return {"pok": _proof_json(proofs.dlog_prove(group, x, proofs.key_prefix(group, public))),
            "public_key": group.to_str(public)}


def check_single(group: Group[Any], key: Mapping[str, Any]) -> bool:
    try:
        public = group.from_str(key["public_key"])
        pok = _read_proof(group, key["pok"])
    except (KeyError, TypeError, GroupError, BallotError):
        return False
    return group.check(public) and proofs.dlog_verify(group, public, proofs.key_prefix(group, public), pok)


# ----------------------------------------------------------------------------- Pedersen (k of n)

def new_seed() -> str:
    """A teller's secret seed: 22 base-58 characters, from which its signing and decryption keys derive."""
    return "".join(secrets.choice(B58) for _ in range(22))


def _derive(prefix: str, seed: str) -> int:
    return int(hashlib.sha256(f"{prefix}|{seed}".encode()).hexdigest(), 16)


def sign_message(group: Group[Any], sk: int, message: str) -> dict[str, object]:
    """Belenios's `signed_msg`: a Schnorr signature bound to `sigmsg|message|`."""
    return {"message": message, "signature": _proof_json(proofs.dlog_prove(group, sk, f"sigmsg|{message}|"))}


def check_signed(group: Group[Any], vk: Any, signed: Mapping[str, Any]) -> bool:
    try:
        return proofs.dlog_verify(group, vk, f"sigmsg|{signed['message']}|", _read_proof(group, signed["signature"]))
    except (KeyError, TypeError, BallotError):
        return False


def certificate(group: Group[Any], seed: str) -> dict[str, object]:
    """A teller's certificate: its verification and encryption keys, signed with the first."""
    sk, dk = _derive("sk", seed), _derive("dk", seed)
    message = dumps({"verification": group.to_str(group.pow_g(sk)), "encryption": group.to_str(group.pow_g(dk))})
    return sign_message(group, sk, message)


@dataclass(frozen=True)
class Polynomial:
    """Teller i's secret polynomial: its coefficients stay on its machine; the signed
    coefficient commitments are published; share j goes (privately) to teller j."""

    coefficients: tuple[int, ...]

    @classmethod
    def random(cls, group: Group[Any], threshold: int) -> Polynomial:
        return cls(tuple(group.random_scalar() for _ in range(threshold)))

    def share(self, group: Group[Any], j: int) -> int:
        value = 0
        for a in reversed(self.coefficients):
            value = (value * j + a) % group.q
        return value

    def coefexps(self, group: Group[Any], seed: str) -> dict[str, object]:
        message = dumps({"coefexps": [group.to_str(group.pow_g(a)) for a in self.coefficients]})
        return sign_message(group, _derive("sk", seed), message)


def share_is_consistent(group: Group[Any], share: int, j: int, coefexps: Sequence[Any]) -> bool:
    """Teller j's check of a share it received: g^s_ij = prod_k A_ik^(j^k)."""
    expected = group.one
    power = 1
    for a in coefexps:
        expected = group.mul(expected, group.pow(a, power))
        power *= j
    return group.eq(group.pow_g(share), expected)


def verification_keys(group: Group[Any], coefexps: Sequence[Sequence[Any]]) -> list[Any]:
    """g^S_j for every teller j, from the published commitments alone (Belenios's `compute_verification_keys`)."""
    out = []
    for j in range(1, len(coefexps) + 1):
        vk = group.one
        for row in coefexps:
            power = 1
            for a in row:
                vk = group.mul(vk, group.pow(a, power))
                power *= j
        out.append(vk)
    return out


def _coefexps_of(group: Group[Any], signed: Mapping[str, Any]) -> list[Any]:
    return [group.from_str(x) for x in json.loads(signed["message"])["coefexps"]]


def _cert_keys(group: Group[Any], cert: Mapping[str, Any]) -> tuple[Any, Any]:
    keys = json.loads(cert["message"])
    return group.from_str(keys["verification"]), group.from_str(keys["encryption"])


def pedersen_parameters(group: Group[Any], threshold: int, certs: Sequence[Mapping[str, Any]],
                        coefexps: Sequence[Mapping[str, Any]], keys: Sequence[Mapping[str, Any]]) -> dict[str, object]:
    """Belenios's `threshold_parameters`, refused unless every signature and key checks."""
    params: dict[str, object] = {"threshold": threshold, "certs": list(certs), "coefexps": list(coefexps),
                                 "verification_keys": list(keys)}
    problem = pedersen_problem(group, params)
    if problem:
        raise BallotError(problem)
    return params


def pedersen_problem(group: Group[Any], params: Mapping[str, Any]) -> str | None:
    """Why a Pedersen group's public parameters are wrong, or None (Belenios's `check_pedersen`)."""
    try:
        certs, signed, keys = params["certs"], params["coefexps"], params["verification_keys"]
        if not len(certs) == len(signed) == len(keys) or not certs:
            return "Pedersen: as many certificates, commitments and verification keys as tellers"
        vks = [_cert_keys(group, c)[0] for c in certs]
        for i, (cert, vk) in enumerate(zip(certs, vks, strict=True)):
            if not check_signed(group, vk, cert):
                return f"Pedersen: teller {i + 1}'s certificate is not signed by its key"
        for i, (s, vk) in enumerate(zip(signed, vks, strict=True)):
            if not check_signed(group, vk, s):
                return f"Pedersen: teller {i + 1}'s commitments are not signed by its certificate's key"
        rows = [_coefexps_of(group, s) for s in signed]
        if any(len(r) != params["threshold"] for r in rows) or not 0 < params["threshold"] <= len(certs):
            return "Pedersen: every teller commits to a polynomial of degree threshold - 1"
        for i, key in enumerate(keys):
            if not check_single(group, key):
                return f"Pedersen: teller {i + 1}'s verification key has no valid proof of knowledge"
        for i, (key, vk) in enumerate(zip(keys, verification_keys(group, rows), strict=True)):
            if not group.eq(group.from_str(key["public_key"]), vk):
                return f"Pedersen: teller {i + 1}'s verification key does not follow from the commitments"
    except (KeyError, TypeError, ValueError) as exc:
        return f"Pedersen: parameters malformed ({exc})"
    return None


def trustees_problem(group: Group[Any], trustees: Sequence[Any]) -> str | None:
    for i, item in enumerate(trustees):
        if not isinstance(item, list) or len(item) != 2:
            return f"trustees: item {i + 1} is not [kind, parameters]"
        kind, body = item
        if kind == "Single":
            if not check_single(group, body):
                return f"trustees: the single key {i + 1} has no valid proof of knowledge"
        elif kind == "Pedersen":
            problem = pedersen_problem(group, body)
            if problem:
                return f"trustees: item {i + 1}: {problem}"
        else:
            return f"trustees: unknown kind {kind!r}"
    return None


def election_key(group: Group[Any], trustees: Sequence[Any]) -> Any:
    """The election's public key: the product of each Single key and each Pedersen group's g^f_i(0)."""
    key = group.one
    for kind, body in trustees:
        if kind == "Single":
            key = group.mul(key, group.from_str(body["public_key"]))
        else:
            for s in body["coefexps"]:
                key = group.mul(key, _coefexps_of(group, s)[0])
    return key


def decryption_keys(trustees: Sequence[Any], group: Group[Any]) -> list[Any]:
    """The public key each owner (numbered from 1 across all items) decrypts with."""
    out = []
    for kind, body in trustees:
        if kind == "Single":
            out.append(group.from_str(body["public_key"]))
        else:
            out.extend(group.from_str(k["public_key"]) for k in body["verification_keys"])
    return out


@dataclass(frozen=True)
class Dealing:
    """A whole Pedersen key setup run in one place: for tests and demonstrations only. In use,
    each teller runs its own part (`teller keygen`) and only the public parts travel."""

    params: dict[str, object]
    seeds: tuple[str, ...]
    keys: tuple[int, ...]  # S_j, each teller's decryption key


def deal_pedersen(group: Group[Any], n: int, threshold: int) -> Dealing:
    seeds = tuple(new_seed() for _ in range(n))
    certs = [certificate(group, s) for s in seeds]
    polys = [Polynomial.random(group, threshold) for _ in range(n)]
    shares = [sum(p.share(group, j) for p in polys) % group.q for j in range(1, n + 1)]
    params = pedersen_parameters(group, threshold, certs, [p.coefexps(group, s) for p, s in zip(polys, seeds,
                                                                                                strict=True)],
                                 [single_key(group, s) for s in shares])
    return Dealing(params, seeds, tuple(shares))


# ----------------------------------------------------------------------------- decryption and result

def _decryption_one(item: tuple[str, int, Any, str, Any]) -> tuple[Any, proofs.Proof]:
    """One factor alpha^x with its proof (a unit of work for a pool)."""
    name, x, alpha, fingerprint, public = item
    return proofs.decryption_prove(group_named(name), x, alpha, fingerprint, public)


def partial_decryption(election: Election, tally: Tally, x: int,
                       mapper: Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]] = map) -> str:
    """A teller's `partial_decryption` of the encrypted tally, each factor with its proof; `mapper`,
    a process pool's `map` of the teller's own machine, spreads thousands of ranked ballots over cores."""
    group = election.group
    public = group.pow_g(x)
    factors, proof_rows = [], []
    for row in tally:
        fs, ps = [], []
        for factor, proof in mapper(_decryption_one, [(group.name, x, alpha, election.fingerprint, public)
                                                      for alpha, _ in row]):
            fs.append(group.to_str(factor))
            ps.append(_proof_json(proof))
        factors.append(fs)
        proof_rows.append(ps)
    return dumps({"decryption_factors": factors, "decryption_proofs": proof_rows})


def partial_decryption_problem(election: Election, tally: Tally, public: Any, raw: str) -> str | None:
    group = election.group
    try:
        data = json.loads(raw)
        factors = [[group.from_str(f) for f in row] for row in data["decryption_factors"]]
        proof_rows = [[_read_proof(group, p) for p in row] for row in data["decryption_proofs"]]
    except (KeyError, TypeError, ValueError) as exc:
        return f"partial decryption malformed ({exc})"
    if [len(r) for r in factors] != [len(r) for r in tally] or [len(r) for r in proof_rows] != [len(r) for r in tally]:
        return "partial decryption: not the shape of the tally"
    pp = group.fixed(public)
    for i, (row, frow, prow) in enumerate(zip(tally, factors, proof_rows, strict=True)):
        for j, ((alpha, _), factor, proof) in enumerate(zip(row, frow, prow, strict=True)):
            if not proofs.decryption_verify(group, public, alpha, factor, proof, election.fingerprint, pp):
                return f"partial decryption: the proof of question {i + 1}, answer {j + 1} fails"
    return None


def lagrange(indexes: Sequence[int], j: int, q: int) -> int:
    out = 1
    for k in indexes:
        if k != j:
            out = out * k * pow(k - j, -1, q) % q
    return out


def combine(election: Election, tally: Tally, trustees: Sequence[Any], decryptions: Mapping[int, str],
            num_tallied: int) -> list[list[Any]]:
    """The result from the partial decryptions (owner number -> JSON, each already checked):
    every Single owner is needed; of a Pedersen group, its first `threshold` owners present.
    No count exceeds the total weight tallied, which bounds the discrete logarithm."""
    group = election.group
    parsed = {owner: [[group.from_str(f) for f in row] for row in json.loads(raw)["decryption_factors"]]
              for owner, raw in decryptions.items()}
    combined = [[group.one for _ in row] for row in tally]
    owner = 1
    for kind, body in trustees:
        if kind == "Single":
            if owner not in parsed:
                raise BallotError(f"teller {owner}'s partial decryption is missing (every single key is needed)")
            _multiply(group, combined, parsed[owner], 1)
            owner += 1
            continue
        count, threshold = len(body["verification_keys"]), int(body["threshold"])
        present = [j for j in range(1, count + 1) if owner + j - 1 in parsed][:threshold]
        if len(present) < threshold:
            raise BallotError(f"{len(present)} partial decryptions of a {threshold}-of-{count} group: "
                              f"{threshold} are needed")
        for j in present:
            _multiply(group, combined, parsed[owner + j - 1], lagrange(present, j, group.q))
        owner += count
    bound = max(1, num_tallied)
    result: list[list[Any]] = []
    for question, row, frow in zip(election.questions, tally, combined, strict=True):
        if isinstance(question, RankedQuestion):  # one decrypted ballot per ciphertext, unlinked by the shuffles
            result.append([group.decode_ints(len(question.answers), group.div(beta, f))  # type: ignore[attr-defined]
                           for (_, beta), f in zip(row, frow, strict=True)])
        else:
            result.append([discrete_log(group, group.div(beta, f), bound) for (_, beta), f in zip(row, frow,
                                                                                                 strict=True)])
    return result


def _multiply(group: Group[Any], acc: list[list[Any]], factors: list[list[Any]], exponent: int) -> None:
    for i, row in enumerate(factors):
        for j, f in enumerate(row):
            acc[i][j] = group.mul(acc[i][j], f if exponent == 1 else group.pow(f, exponent))


# ----------------------------------------------------------------------------- a teller's own steps (k of n)
#
# Each teller runs these on its own machine; only their public outputs travel, through
# whoever coordinates (the server). Shares travel sealed to their recipient's encryption key
# (the `encryption` key of its Belenios certificate): an ElGamal key exchange in the group,
# SHA-256 of the shared element as the key of NaCl's SecretBox. Belenios 2.0 seals with
# AES-CCM instead; these sealed messages never enter the archive, whose parts are Belenios's.


def seal(group: Group[Any], recipient: Any, message: str) -> dict[str, str]:
    from nacl.secret import SecretBox

    r = group.random_scalar()
    key = hashlib.sha256(f"key|{group.to_str(group.pow(recipient, r))}".encode()).digest()
    return {"alpha": group.to_str(group.pow_g(r)), "data": SecretBox(key).encrypt(message.encode()).hex()}


def unseal(group: Group[Any], dk: int, sealed: Mapping[str, str]) -> str:
    from nacl.exceptions import CryptoError
    from nacl.secret import SecretBox

    try:
        shared = group.pow(group.from_str(sealed["alpha"]), dk)
        key = hashlib.sha256(f"key|{group.to_str(shared)}".encode()).digest()
        return SecretBox(key).decrypt(bytes.fromhex(sealed["data"])).decode()
    except (KeyError, TypeError, ValueError, CryptoError) as exc:
        raise BallotError(f"a sealed share cannot be opened with this teller's key ({exc})") from None


def _own_index(group: Group[Any], seed: str, certs: Sequence[Mapping[str, Any]]) -> int:
    for i, cert in enumerate(certs):
        if not check_signed(group, _cert_keys(group, cert)[0], cert):
            raise BallotError(f"certificate {i + 1} is not signed by its own key")
    mine = group.pow_g(_derive("sk", seed))
    for i, cert in enumerate(certs):
        if group.eq(_cert_keys(group, cert)[0], mine):
            return i + 1
    raise BallotError("this teller's certificate is not among the certificates given")


def teller_polynomial(group: Group[Any], seed: str, certs: Sequence[Mapping[str, Any]],
                      threshold: int) -> dict[str, object]:
    """Step 2: a random polynomial; its signed commitments, and share j sealed to teller j."""
    _own_index(group, seed, certs)
    if not 0 < threshold <= len(certs):
        raise BallotError(f"threshold {threshold}: need 1 to {len(certs)} (the number of tellers)")
    poly = Polynomial.random(group, threshold)
    return {"coefexps": poly.coefexps(group, seed),
            "secrets": [seal(group, _cert_keys(group, c)[1], str(poly.share(group, j)))
                        for j, c in enumerate(certs, start=1)]}


def teller_share(group: Group[Any], seed: str, certs: Sequence[Mapping[str, Any]],
                 polynomials: Sequence[Mapping[str, Any]]) -> tuple[int, dict[str, object]]:
    """Step 3: open the shares sealed to this teller, check each against its sender's commitments,
    and sum them into this teller's decryption key S_j; returns it with its public verification key."""
    j = _own_index(group, seed, certs)
    if len(polynomials) != len(certs):
        raise BallotError(f"{len(polynomials)} polynomials for {len(certs)} tellers")
    dk = _derive("dk", seed)
    total = 0
    for i, (cert, poly) in enumerate(zip(certs, polynomials, strict=True), start=1):
        if not check_signed(group, _cert_keys(group, cert)[0], poly["coefexps"]):
            raise BallotError(f"teller {i}'s commitments are not signed by its certificate's key")
        share = int(unseal(group, dk, poly["secrets"][j - 1]))
        if not share_is_consistent(group, share, j, _coefexps_of(group, poly["coefexps"])):
            raise BallotError(f"the share teller {i} sent does not match its published commitments")
        total = (total + share) % group.q
    return total, single_key(group, total)


def assemble_pedersen(group: Group[Any], certs: Sequence[Mapping[str, Any]], polynomials: Sequence[Mapping[str, Any]],
                      keys: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Step 4 (anyone): the `trustees` structure, checked, from the public outputs of every teller."""
    threshold = len(json.loads(polynomials[0]["coefexps"]["message"])["coefexps"])
    return [["Pedersen", pedersen_parameters(group, threshold, certs, [p["coefexps"] for p in polynomials], keys)]]
