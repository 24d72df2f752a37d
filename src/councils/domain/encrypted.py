"""An encrypted question's public record in the state (issue 14): tellers' keys, ballots, tally.

A question opened with tellers (handlers/encrypted.py) is voted with Belenios 2.0 ballots
encrypted on the voter's machine. Everything here is public and lives in the hash chain:
each teller's public key and its proof, the election it fixes, every ciphertext with who
cast it, the encrypted tally, each shuffle of a ranked question's ballots with its proof, each
partial decryption with its proof. The folds below only
record what the events say; every check (the proofs) is made once, by the handler, before
the event exists, and `ledger verify` protects what was recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = frozenset({
    "TellerKeySubmitted",  # a teller's public key share with its proof of knowledge
    "ElectionKeyFixed",  # every share in: the question's Belenios election (its public key) is fixed
    "EncryptedBallotCast",  # the ciphertext, its tracker, and that the voter took part
    "EncryptedTallyFixed",  # at close: the product of the counted ballots, waiting for the tellers
    "PartialDecryptionSubmitted",  # a teller's share of the decryption, with its proof
    "ShuffleSubmitted",  # ranked questions: a teller's re-encryption and permutation, with its proof
})

GROUP = "BELENIOS-2048"  # the group Debian's belenios-tool 2.0 verifies (docs/ballot.md)
RANKED_GROUP = "RFC-3526-2048"  # ranked ballots are encoded into a group element (Belenios's choice too)


@dataclass
class Cast:
    """One ballot in the box: the exact Belenios text, its tracker and the public credential."""

    voter: str
    ballot: str
    tracker: str
    credential: str


@dataclass
class EncryptedQuestion:
    """The record of one encrypted question, in the order its events happened."""

    tellers: tuple[str, ...]
    needed: int  # how many tellers decrypt (k of n)
    uuid: str
    keys: dict[str, str] = field(default_factory=dict)  # teller -> its public (verification) key JSON
    # k of n (k < n): Belenios's Pedersen rounds before the keys: each teller's certificate, then
    # its signed polynomial commitments with the shares sealed to each other teller
    certificates: dict[str, str] = field(default_factory=dict)
    polynomials: dict[str, str] = field(default_factory=dict)
    election: str | None = None  # the Belenios election JSON, once every key is in
    trustees: list[Any] | None = None
    ballots: list[Cast] = field(default_factory=list)  # every ballot cast, replaced ones too
    current: dict[str, Cast] = field(default_factory=dict)  # voter -> the ballot that counts
    tally: str | None = None  # the encrypted tally JSON, fixed at close
    tallied: int = 0
    decryptions: dict[str, str] = field(default_factory=dict)  # teller -> partial decryption JSON
    group: str = GROUP
    ranked: bool = False  # a ranked question (IRV, STV, Schulze...): mixed, then decrypted ballot by ballot
    shuffles: list[tuple[str, str]] = field(default_factory=list)  # (teller, shuffle JSON), in turn

    def mixed_tally(self) -> str | None:
        """What the tellers decrypt: the tally as the last shuffle left it (ranked questions), else
        the encrypted tally. A shuffle's ciphertexts were checked by its handler; read, not re-proved."""
        if not self.shuffles or self.tally is None:
            return self.tally
        mixed = json.loads(self.shuffles[-1][1])["ciphertexts"]  # one list per ranked question
        return json.dumps(mixed, separators=(",", ":"))  # the engine's election has one question, ranked

    @property
    def shuffles_needed(self) -> int:
        """Ranked questions: as many tellers shuffle as must decrypt, so that no fewer than would
        decrypt a single ballot can link a decrypted ballot to its voter (all of them, for single keys).
        None if it closed on no ballot: there is nothing to mix, the tellers decrypt the empty list."""
        empty = self.tally is not None and self.tallied == 0
        return self.needed if self.ranked and not empty else 0

    @property
    def pedersen(self) -> bool:
        """Fewer tellers needed than named: the k-of-n key rounds (else each teller's single key)."""
        return self.needed < len(self.tellers)

    def step(self) -> str:
        """What the tellers send next: `certificate`, `polynomial`, then `key`."""
        if self.pedersen and len(self.certificates) < len(self.tellers):
            return "certificate"
        if self.pedersen and len(self.polynomials) < len(self.tellers):
            return "polynomial"
        return "key"

    def owner(self, teller: str) -> int:
        """A teller's number in the Belenios trustees list (from 1, in the order named at opening)."""
        return self.tellers.index(teller) + 1


def record_for(s: Any, question: str) -> EncryptedQuestion:
    """The question's record, made from what its opening declared the first time it is needed."""
    found: EncryptedQuestion | None = s.encrypted.get(question)
    if found is None:
        spec = s.questions[question].details["encrypted"]
        found = s.encrypted[question] = EncryptedQuestion(tuple(spec["tellers"]), int(spec["needed"]),
                                                          str(spec["uuid"]), group=str(spec.get("group", GROUP)),
                                                          ranked=bool(spec.get("ranked", False)))
    return found


def _key(s: Any, d: dict[str, Any], e: Any) -> None:
    r = record_for(s, d["question"])
    held = {"certificate": r.certificates, "polynomial": r.polynomials}.get(d.get("step", "key"), r.keys)
    held[d["teller"]] = d["key"]


def _election(s: Any, d: dict[str, Any], e: Any) -> None:
    r = record_for(s, d["question"])
    r.election, r.trustees = d["election"], list(d["trustees"])


def _ballot(s: Any, d: dict[str, Any], e: Any) -> None:
    r = record_for(s, d["question"])
    cast = Cast(d["voter"], d["ballot"], d["tracker"], d["credential"])
    r.ballots.append(cast)
    r.current[d["voter"]] = cast
    s.questions[d["question"]].voted.add(d["voter"])


def _tally(s: Any, d: dict[str, Any], e: Any) -> None:
    r = record_for(s, d["question"])
    r.tally, r.tallied = d["tally"], int(d["tallied"])
    s.questions[d["question"]].status = "tallying"  # closed to ballots, waiting for the tellers


def _decryption(s: Any, d: dict[str, Any], e: Any) -> None:
    record_for(s, d["question"]).decryptions[d["teller"]] = d["decryption"]


def _shuffle(s: Any, d: dict[str, Any], e: Any) -> None:
    record_for(s, d["question"]).shuffles.append((d["teller"], d["shuffle"]))


FOLDS = {"TellerKeySubmitted": _key, "ElectionKeyFixed": _election, "EncryptedBallotCast": _ballot,
         "EncryptedTallyFixed": _tally, "PartialDecryptionSubmitted": _decryption, "ShuffleSubmitted": _shuffle}
