"""A Belenios 2.0 election: its questions, credentials, encrypted ballots, tally and result.

The JSON written here is Belenios's own, field for field and in Belenios's order (compact,
numbers of the group as base-10 strings), because hashes are taken over it: the election's
fingerprint is the SHA-256 of its exact text, a ballot's signature covers its compact
serialisation without the signature, and its tracker is the hash of the whole ballot.
A ballot that is not in that canonical form is refused, as Belenios refuses it.

Pure: strings in, strings and values out; the archive around it is `archive`.
"""

from __future__ import annotations

import base64
import decimal
import hashlib
import json
import math
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from councils.ballot import proofs
from councils.ballot.group import Group, GroupError, group_named

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class BallotError(ValueError):
    """A ballot, election or plaintext that is refused, with the reason and where."""


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
# The C encoder `json.dumps` builds on every call, built once with the same settings (a verifier
# serialises every ballot to check its canonical form: a quarter of that time was the building).
_MAKE = getattr(json.encoder, "c_make_encoder", None)
_ESCAPE = getattr(json.encoder, "c_encode_basestring", None)
_C_ENCODE: Any = (_MAKE(None, _ENCODER.default, _ESCAPE, None, ":", ",", False, False, True)
                  if _MAKE is not None and _ESCAPE is not None else None)


def dumps(value: object) -> str:
    """Compact JSON in the key order given: how Belenios (atdgen) serialises."""
    if _C_ENCODE is None or not isinstance(value, (dict, list)):
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def sha256_b64(text: str) -> str:
    """Belenios's `sha256_b64`: base64 of SHA-256, without padding (fingerprints, trackers)."""
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode().rstrip("=")


def sha256_hex(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def new_uuid() -> str:
    """An election identifier: 14 base-58 characters (Belenios's `generate-token`)."""
    return "".join(secrets.choice(B58) for _ in range(14))


@dataclass(frozen=True)
class Question:
    """A homomorphic question: each answer marked 0 or 1, between `min` and `max` marked
    (or, with `blank`, none at all). Yes/no is answers ["yes", "no"] with min = max = 1;
    approval is min 0, max the number of answers."""

    question: str
    answers: tuple[str, ...]
    min: int
    max: int
    blank: bool = False

    def __post_init__(self) -> None:
        if not self.answers:
            raise BallotError(f"question {self.question!r}: no answers")
        if not 0 <= self.min <= self.max <= len(self.answers):
            raise BallotError(f"question {self.question!r}: need 0 <= min <= max <= {len(self.answers)}")

    @property
    def length(self) -> int:
        """How many ciphertexts a ballot holds for it (one more with a blank vote)."""
        return len(self.answers) + (1 if self.blank else 0)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"answers": list(self.answers)}
        if self.blank:
            out["blank"] = True
        out.update({"min": self.min, "max": self.max, "question": self.question})
        return out

    @classmethod
    def from_json(cls, data: object) -> AnyQuestion:
        if isinstance(data, dict) and data.get("type") == "NonHomomorphic":
            value = data["value"]
            return RankedQuestion(str(value["question"]), tuple(str(a) for a in value["answers"]))
        if not isinstance(data, dict) or "answers" not in data:
            raise BallotError("a question is either homomorphic (answers, min, max) or NonHomomorphic")
        return cls(str(data["question"]), tuple(str(a) for a in data["answers"]), int(data["min"]),
                   int(data["max"]), bool(data.get("blank", False)))

    def check_plaintext(self, marks: Sequence[int]) -> None:
        """Refuse a plaintext this question does not allow, naming what is wrong."""
        if len(marks) != self.length:
            raise BallotError(f"question {self.question!r}: {len(marks)} marks for {self.length} places")
        if any(m not in (0, 1) for m in marks):
            raise BallotError(f"question {self.question!r}: each mark is 0 or 1")
        chosen = sum(marks[1:]) if self.blank else sum(marks)
        if self.blank and marks[0] == 1:
            if chosen:
                raise BallotError(f"question {self.question!r}: a blank vote marks no answer")
            return
        if not self.min <= chosen <= self.max:
            raise BallotError(f"question {self.question!r}: {chosen} answers marked, "
                              f"allowed {self.min} to {self.max}")


@dataclass(frozen=True)
class RankedQuestion:
    """A non-homomorphic question (Belenios's `NonHomomorphic`): the ballot is a vector of small
    integers (ranks, one per candidate) in one ciphertext; the tellers shuffle the ballots
    (`mixnet`) and decrypt each, so IRV, STV or Condorcet count the unlinked ballots."""

    question: str
    answers: tuple[str, ...]

    length = 1
    blank = False

    def to_json(self) -> dict[str, object]:
        return {"type": "NonHomomorphic", "value": {"answers": list(self.answers), "question": self.question}}

    def rankings(self, decrypted: Sequence[Sequence[int]]) -> tuple[list[list[str]], int]:
        """The decrypted rank vectors as rankings of names (rank 1 first; 0 = not ranked), ready for
        the counting package; a vector that ranks two candidates equal is invalid (counted, returned)."""
        out: list[list[str]] = []
        invalid = 0
        for ranks in decrypted:
            ranked = [(r, name) for r, name in zip(ranks, self.answers, strict=True) if r > 0]
            if len({r for r, _ in ranked}) != len(ranked):
                invalid += 1
                continue
            out.append([name for _, name in sorted(ranked)])
        return out, invalid

    def check_plaintext(self, marks: Sequence[int]) -> None:
        if len(marks) != len(self.answers):
            raise BallotError(f"question {self.question!r}: {len(marks)} ranks for {len(self.answers)} candidates")
        if any(not isinstance(m, int) or not 0 <= m < 256 for m in marks):
            raise BallotError(f"question {self.question!r}: each rank is a whole number from 0 to 255")


AnyQuestion = Question | RankedQuestion


@dataclass(frozen=True)
class Election:
    """An election as Belenios publishes it; `raw` is the exact text everyone hashes."""

    raw: str
    uuid: str
    name: str
    group: Group[Any]
    public_key: Any
    questions: tuple[AnyQuestion, ...]
    fingerprint: str
    _pow_y: list[Callable[[int], Any]] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def parse(cls, raw: str) -> Election:
        try:
            data = json.loads(raw)
            group = group_named(str(data["group"]))
            key = group.from_str(data["public_key"])
            questions = tuple(Question.from_json(q) for q in data["questions"])
            uuid, name = str(data["uuid"]), str(data["name"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BallotError(f"not a Belenios election: {exc}") from None
        if data.get("version") != 1:
            raise BallotError("only version 1 elections (Belenios 2.0) are read")
        if len(uuid) < 14 or any(ch not in B58 for ch in uuid):
            raise BallotError(f"election uuid {uuid!r} is not 14 or more base-58 characters")
        if not group.check(key):
            raise BallotError("the election's public key is not an element of its group")
        if any(isinstance(q, RankedQuestion) for q in questions) and getattr(group, "embedding", None) is None:
            raise BallotError(f"a ranked (NonHomomorphic) question needs the RFC-3526-2048 group, not {group.name}")
        return cls(raw, uuid, name, group, key, questions, sha256_b64(raw))

    @classmethod
    def make(cls, *, uuid: str, name: str, description: str, group: Group[Any], public_key: Any,
             questions: Sequence[AnyQuestion]) -> Election:
        raw = dumps({"version": 1, "description": description, "name": name, "group": group.name,
                     "public_key": group.to_str(public_key), "questions": [q.to_json() for q in questions],
                     "uuid": uuid})
        return cls.parse(raw)

    def pow_y(self) -> Callable[[int], Any]:
        if not self._pow_y:
            self._pow_y.append(self.group.fixed(self.public_key))
        return self._pow_y[0]


# ----------------------------------------------------------------------------- credentials

def new_credential() -> str:
    """A secret credential `XXX-XXX-XXX-XXX-XXX`: 14 random base-58 digits and a checksum."""
    digits = [secrets.randbelow(58) for _ in range(14)]
    value = 0
    for d in digits:
        value = value * 58 + d
    raw = "".join(B58[d] for d in digits) + B58[53 - value % 53]
    return "-".join(raw[i:i + 3] for i in range(0, 15, 3))


def check_credential(text: str) -> bool:
    raw = text.replace("-", "") if len(text) == 19 else text
    if len(raw) != 15 or any(ch not in B58 for ch in raw):
        return False
    value = 0
    for ch in raw[:14]:
        value = value * 58 + B58.index(ch)
    return (value + B58.index(raw[14])) % 53 == 0


def credential_secret(group: Group[Any], uuid: str, credential: str) -> int:
    """s = PBKDF2-HMAC-SHA256(credential, salt = uuid, 1000 iterations) mod q (specification 4.7)."""
    derived = hashlib.pbkdf2_hmac("sha256", credential.encode(), uuid.encode(), 1000, 32)
    return int.from_bytes(derived, "big") % group.q


def public_credential(group: Group[Any], uuid: str, credential: str) -> str:
    return group.to_str(group.pow_g(credential_secret(group, uuid, credential)))


# ----------------------------------------------------------------------------- ballots

def _proof_json(p: proofs.Proof) -> dict[str, str]:
    return {"challenge": str(p[0]), "response": str(p[1])}


def _stringify_choices(group: Group[Any], choices: Sequence[tuple[Any, Any]]) -> str:
    return ",".join(f"{group.to_str(a)},{group.to_str(b)}" for a, b in choices)


def _raweg_prefix(group: Group[Any], zkp: str, y: Any, alpha: Any, beta: Any) -> str:
    """What a ranked ballot's proof (knowledge of its randomness) is bound to."""
    return f"raweg|{zkp}|{group.to_str(y)},{group.to_str(alpha)},{group.to_str(beta)}|"


@dataclass(frozen=True)
class Encrypted:
    """A ballot made on the voter's machine: its canonical JSON, its tracker, and the
    randomness, kept only for a challenge (audit) before casting and then forgotten."""

    ballot: str
    tracker: str
    randomness: tuple[tuple[int, ...], ...]


def encrypt_ballot(election: Election, credential: str, plaintext: Sequence[Sequence[int]]) -> Encrypted:
    """Encrypt and prove a ballot (Belenios's `create_ballot`), then sign it with the credential."""
    group, y = election.group, election.public_key
    if len(plaintext) != len(election.questions):
        raise BallotError(f"{len(plaintext)} answers for {len(election.questions)} questions")
    for question, marks in zip(election.questions, plaintext, strict=True):
        question.check_plaintext(marks)
    sk = credential_secret(group, election.uuid, credential)
    cred = group.pow_g(sk)
    zkp = f"{election.fingerprint}|{group.to_str(cred)}"
    py = election.pow_y()
    d01 = proofs.shifts_between(group, 0, 1)
    answers: list[dict[str, object]] = []
    randomness: list[tuple[int, ...]] = []
    for question, marks in zip(election.questions, plaintext, strict=True):
        if isinstance(question, RankedQuestion):
            r = group.random_scalar()
            alpha, beta = group.pow_g(r), group.mul(py(r), group.encode_ints(marks))  # type: ignore[attr-defined]
            proof = proofs.dlog_prove(group, r, _raweg_prefix(group, zkp, y, alpha, beta))
            answers.append({"choices": {"alpha": group.to_str(alpha), "beta": group.to_str(beta)},
                            "proof": _proof_json(proof)})
            randomness.append((r,))
            continue
        rs = [group.random_scalar() for _ in marks]
        choices = [(group.pow_g(r), group.mul(py(r), group.pow_g(m))) for r, m in zip(rs, marks, strict=True)]
        individual = [proofs.disjunctive_prove(group, y, d01, zkp, m, r, a, b, py)
                      for m, r, (a, b) in zip(marks, rs, choices, strict=True)]
        prefix = f"{zkp}|{_stringify_choices(group, choices)}"
        answer: dict[str, object] = {
            "choices": [{"alpha": group.to_str(a), "beta": group.to_str(b)} for a, b in choices],
            "individual_proofs": [[_proof_json(p) for p in ps] for ps in individual],
        }
        if question.blank:
            rest = choices[1:]
            c_sum = (group.product(a for a, _ in rest), group.product(b for _, b in rest))
            overall, blank = proofs.blank_prove(group, y, prefix, question.min, question.max, marks[0], choices[0],
                                                rs[0], sum(marks[1:]), c_sum, sum(rs[1:]) % group.q)
            answer["overall_proof"] = [_proof_json(p) for p in overall]
            answer["blank_proof"] = [_proof_json(p) for p in blank]
        else:
            c_sum = (group.product(a for a, _ in choices), group.product(b for _, b in choices))
            shifts = proofs.shifts_between(group, question.min, question.max)
            overall = proofs.disjunctive_prove(group, y, shifts, prefix, sum(marks) - question.min,
                                               sum(rs) % group.q, c_sum[0], c_sum[1], py)
            answer["overall_proof"] = [_proof_json(p) for p in overall]
        answers.append(answer)
        randomness.append(tuple(rs))
    body: dict[str, object] = {"election_uuid": election.uuid, "election_hash": election.fingerprint,
                               "credential": group.to_str(cred), "answers": answers}
    s_hash = sha256_b64(dumps(body))
    w = group.random_scalar()
    challenge = group.hash(f"sig|{s_hash}|", [group.pow_g(w)])
    body["signature"] = {"hash": s_hash, "proof": _proof_json((challenge, (w - sk * challenge) % group.q))}
    text = dumps(body)
    return Encrypted(text, sha256_b64(text), tuple(randomness))


def audit_ballot(election: Election, encrypted: Encrypted, plaintext: Sequence[Sequence[int]]) -> bool:
    """A challenged ballot: with its randomness revealed, anyone checks it encrypts `plaintext`
    (Benaloh's challenge; the voter then encrypts afresh and casts that one)."""
    group, py = election.group, election.pow_y()
    data = json.loads(encrypted.ballot)
    for question, answer, rs, marks in zip(election.questions, data["answers"], encrypted.randomness, plaintext,
                                           strict=True):
        if isinstance(question, RankedQuestion):
            encoded = group.encode_ints(marks)  # type: ignore[attr-defined]
            if group.to_str(group.mul(py(rs[0]), encoded)) != answer["choices"]["beta"]:
                return False
            continue
        for choice, r, m in zip(answer["choices"], rs, marks, strict=True):
            if (group.to_str(group.pow_g(r)) != choice["alpha"]
                    or group.to_str(group.mul(py(r), group.pow_g(m))) != choice["beta"]):
                return False
    return True


@dataclass(frozen=True)
class Ballot:
    """A ballot as read from its JSON: what the tally and the checks need."""

    raw: str
    credential: str
    choices: tuple[tuple[tuple[Any, Any], ...], ...]
    tracker: str


def _proof_list(group: Group[Any], items: object, where: str) -> list[proofs.Proof]:
    if not isinstance(items, list):
        raise BallotError(f"{where}: a list of proofs was expected")
    try:
        return [(group.scalar(p["challenge"]), group.scalar(p["response"])) for p in items]
    except (KeyError, TypeError, GroupError) as exc:
        raise BallotError(f"{where}: {exc}") from None


_FAST_LOADS = msgspec.json.Decoder(float_hook=decimal.Decimal).decode
_FAST_DUMPS = msgspec.json.Encoder().encode


def _canonical_object(raw: str) -> dict[str, Any] | None:
    """The object `raw` holds when msgspec reads it and writes it back as exactly `raw`, else None
    (then `json` decides, slower). For dicts, lists, strings, integers, booleans and null, msgspec
    writes what `dumps` writes (every code point escaped alike: a test holds it); a float is read as a
    Decimal, which it writes as a string, so a float never passes here. So this accepts exactly the
    canonical texts `json.loads` + `dumps` accept, with the same object, in a third of the time."""
    try:
        value = _FAST_LOADS(raw)
        if isinstance(value, dict) and _FAST_DUMPS(value) == raw.encode():
            return value
    except (msgspec.MsgspecError, UnicodeError, ValueError, TypeError):
        pass
    return None


def read_ballot(election: Election, raw: str) -> tuple[Ballot, dict[str, Any]]:
    """Parse a ballot and check its shape and canonical form (not yet its proofs)."""
    data = _canonical_object(raw)
    if data is None:
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise BallotError(f"ballot: not JSON ({exc})") from None
        if not isinstance(data, dict) or dumps(data) != raw:
            raise BallotError("ballot: not in Belenios's canonical form (compact JSON, fields in order)")
    if list(data) != ["election_uuid", "election_hash", "credential", "answers", "signature"]:
        raise BallotError("ballot: fields must be election_uuid, election_hash, credential, answers, signature")
    if data["election_uuid"] != election.uuid or data["election_hash"] != election.fingerprint:
        raise BallotError("ballot: made for another election (uuid or fingerprint differs)")
    group = election.group
    answers = data["answers"]
    if not isinstance(answers, list) or len(answers) != len(election.questions):
        raise BallotError(f"ballot: {len(election.questions)} answers expected")
    try:
        choices = tuple(
            ((group.from_str(a["choices"]["alpha"]), group.from_str(a["choices"]["beta"])),)
            if isinstance(q, RankedQuestion) else
            tuple((group.from_str(c["alpha"]), group.from_str(c["beta"])) for c in a["choices"])
            for q, a in zip(election.questions, answers, strict=True))
    except (KeyError, TypeError, GroupError) as exc:
        raise BallotError(f"ballot: a ciphertext is malformed ({exc})") from None
    for i, (question, cs) in enumerate(zip(election.questions, choices, strict=True)):
        if len(cs) != question.length:
            raise BallotError(f"ballot: question {i + 1} has {len(cs)} ciphertexts, {question.length} expected")
    return Ballot(raw, str(data["credential"]), choices, sha256_b64(raw)), data


def ballot_problem(election: Election, raw: str) -> str | None:
    """Why this ballot is invalid for `election`, or None when every check passes
    (Belenios's `check_ballot`: canonical form, signature by its credential, every proof)."""
    return ballot_check(election, raw)[0]


def ballot_check(election: Election, raw: str) -> tuple[str | None, Ballot | None]:
    """`ballot_problem`, and the ballot as `read_ballot` reads it (None when it cannot be read): a
    verifier that also tallies reads each ballot once."""
    try:
        ballot, data = read_ballot(election, raw)
    except BallotError as exc:
        return str(exc), None
    try:
        return _ballot_problem(election, raw, ballot, data), ballot
    except (BallotError, GroupError) as exc:  # an element a curve library refuses mid-proof
        return f"ballot: {exc}", ballot


def _ballot_problem(election: Election, raw: str, ballot: Ballot, data: dict[str, Any]) -> str | None:
    group, y = election.group, election.public_key
    try:
        cred = group.from_str(ballot.credential)
        sig = data["signature"]
        s_proof = (group.scalar(sig["proof"]["challenge"]), group.scalar(sig["proof"]["response"]))
    except (KeyError, TypeError, GroupError) as exc:
        return f"ballot: signature malformed ({exc})"
    # The signed text is the ballot without its signature. `read_ballot` has checked that `raw` is
    # `dumps(data)` with the signature last, so that text is `raw` cut before `,"signature":`: the
    # same characters as dumps(body), without serialising the ballot a second time.
    tail = f',"signature":{dumps(sig)}}}'
    body_text = raw[:-len(tail)] + "}" if raw.endswith(tail) else dumps(
        {k: v for k, v in data.items() if k != "signature"})
    if sig.get("hash") != sha256_b64(body_text):
        return "ballot: the signature's hash is not the ballot's"
    if not group.check(cred):
        return "ballot: its credential is not an element of the group"
    if not proofs.dlog_verify(group, cred, f"sig|{sig['hash']}|", s_proof):
        return "ballot: the signature does not verify with its credential"
    zkp = f"{election.fingerprint}|{ballot.credential}"
    py = election.pow_y()
    d01 = proofs.shifts_between(group, 0, 1)
    for i, (question, answer, choices) in enumerate(zip(election.questions, data["answers"], ballot.choices,
                                                         strict=True)):
        where = f"ballot: question {i + 1}"
        for a, b in choices:
            if not (group.check(a) and group.check(b)):
                return f"{where}: a ciphertext is not made of group elements"
        if isinstance(question, RankedQuestion):
            try:
                proof = (group.scalar(answer["proof"]["challenge"]), group.scalar(answer["proof"]["response"]))
            except (KeyError, TypeError, GroupError):
                return f"{where}: its proof is malformed"
            a, b = choices[0]
            if not _raweg_ok(group, zkp, y, a, b, proof):
                return f"{where}: the proof of the ranked ballot's randomness fails"
            continue
        individual = data["answers"][i].get("individual_proofs")
        if not isinstance(individual, list) or len(individual) != len(choices):
            return f"{where}: one individual proof per ciphertext expected"
        try:
            for j, ((a, b), ps) in enumerate(zip(choices, individual, strict=True)):
                if not proofs.disjunctive_verify(group, y, d01, zkp, _proof_list(group, ps, where), a, b, py, 0):
                    return f"{where}, answer {j + 1}: the proof that it is 0 or 1 fails"
            prefix = f"{zkp}|{_stringify_choices(group, choices)}"
            overall = _proof_list(group, answer.get("overall_proof"), where)
            if question.blank:
                if "blank_proof" not in answer:
                    return f"{where}: a blank-vote question needs a blank proof"
                blank = _proof_list(group, answer["blank_proof"], where)
                rest = choices[1:]
                c_sum = (group.product(x for x, _ in rest), group.product(x for _, x in rest))
                if not proofs.blank_verify(group, y, prefix, question.min, question.max, choices[0], c_sum,
                                           overall, blank):
                    return f"{where}: the blank or overall proof fails"
            else:
                if "blank_proof" in answer:
                    return f"{where}: a blank proof for a question without blank vote"
                c_sum = (group.product(x for x, _ in choices), group.product(x for _, x in choices))
                shifts = proofs.shifts_between(group, question.min, question.max)
                if not proofs.disjunctive_verify(group, y, shifts, prefix, overall, c_sum[0], c_sum[1], py,
                                                 question.min):
                    return f"{where}: the proof that {question.min} to {question.max} answers are marked fails"
        except BallotError as exc:
            return str(exc)
    return None


def _raweg_ok(group: Group[Any], zkp: str, y: Any, alpha: Any, beta: Any, proof: proofs.Proof) -> bool:
    """A ranked ballot's proof: A = g^response * alpha^challenge hashes back to the challenge."""
    return proofs.dlog_verify(group, alpha, _raweg_prefix(group, zkp, y, alpha, beta), proof)


# ----------------------------------------------------------------------------- tally and result

Tally = tuple[tuple[tuple[Any, Any], ...], ...]


def last_ballots(ballots: Iterable[Ballot]) -> list[Ballot]:
    """Belenios's `last`: a re-vote replaces the earlier ballot of the same credential."""
    latest: dict[str, Ballot] = {}
    for b in ballots:
        latest.pop(b.credential, None)
        latest[b.credential] = b
    return list(latest.values())


def encrypted_tally(election: Election, ballots: Sequence[Ballot],
                    weights: dict[str, int] | None = None) -> Tally:
    """The product of every tallied ballot's ciphertexts, answer by answer (homomorphic sum)."""
    group = election.group
    out = []
    for i, question in enumerate(election.questions):
        if isinstance(question, RankedQuestion):
            if weights and any(weights.get(b.credential, 1) != 1 for b in ballots):
                raise BallotError(f"question {i + 1}: a ranked question counts unweighted ballots only")
            out.append(tuple(sorted((b.choices[i][0] for b in ballots), key=lambda c: (int(c[0]), int(c[1])))))
            continue
        row = []
        for j in range(question.length):
            if weights is None or all(weights.get(b.credential, 1) == 1 for b in ballots):
                row.append((group.product(b.choices[i][j][0] for b in ballots),
                            group.product(b.choices[i][j][1] for b in ballots)))
                continue
            alpha, beta = group.one, group.one
            for b in ballots:
                a, c = b.choices[i][j]
                w = 1 if weights is None else weights.get(b.credential, 1)
                if w != 1:
                    a, c = group.pow(a, w), group.pow(c, w)
                alpha, beta = group.mul(alpha, a), group.mul(beta, c)
            row.append((alpha, beta))
        out.append(tuple(row))
    return tuple(out)


def tally_json(group: Group[Any], tally: Tally) -> str:
    return dumps([[{"alpha": group.to_str(a), "beta": group.to_str(b)} for a, b in row] for row in tally])


def read_tally(group: Group[Any], raw: str) -> Tally:
    try:
        return tuple(tuple((group.from_str(c["alpha"]), group.from_str(c["beta"])) for c in row)
                     for row in json.loads(raw))
    except (KeyError, TypeError, ValueError) as exc:
        raise BallotError(f"encrypted tally malformed ({exc})") from None


def discrete_log(group: Group[Any], value: Any, bound: int) -> int:
    """The m in [0, bound] with g^m = value (m is at most the number of ballots), by baby steps and
    giant steps: about 2 * sqrt(bound) products instead of up to `bound` (100,000 ballots: 634, not
    100,000, each a curve addition). Elements are compared as the group serialises them."""
    width = math.isqrt(bound) + 1  # width^2 > bound: every m <= bound is i * width + j, j < width
    baby: dict[str, int] = {}
    acc = group.one
    for j in range(width):
        baby.setdefault(group.to_str(acc), j)
        acc = group.mul(acc, group.g)
    giant = group.inv(acc)  # g^-width
    gamma = value
    for i in range(width + 1):
        found = baby.get(group.to_str(gamma))
        if found is not None and i * width + found <= bound:
            return i * width + found
        gamma = group.mul(gamma, giant)
    raise BallotError(f"the decrypted total exceeds {bound}: the decryption is wrong")
