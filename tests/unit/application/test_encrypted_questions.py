"""An encrypted question end to end through Governance (issue 14), on the memory ledger and on SQLite.

A clerk opens a motion with three tellers; each submits a key made on its own machine; the
electors cast Belenios ballots encrypted on theirs, which go into the hash chain; closing
fixes the encrypted tally; the tellers' partial decryptions give the totals, and the motion
is adopted or rejected by its kind's threshold as any motion is. Every step's bad input is
refused by name, and changing a stored ciphertext breaks `ledger verify`.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from councils.application.encrypted_reads import archive
from councils.application.governance import Governance
from councils.ballot import trustees as tr
from councils.ballot.archive import Closed, build_archive, verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from councils.bootstrap import MEMORY_URL, governance
from councils.constitution.loader import preset_text
from councils.domain.errors import DomainError, Refused
from tests.conftest import FixedClock

GROUP = group_named("BELENIOS-2048")
TELLERS = ("t1", "t2", "t3")
VOTERS = ("v1", "v2", "v3", "v4", "v5", "t1", "t2", "t3")


def _constitution(revote: bool) -> dict[str, Any]:
    doc = tomllib.loads(preset_text("rsfsr-1918"))
    doc.setdefault("ballots", {})["revote"] = revote
    return doc


def _found(gov: Governance, revote: bool = False) -> None:
    gov.handle({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": _constitution(revote)})
    gov.handle({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"})
    for p in VOTERS:
        gov.handle({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                    "class": "worker", "born": 1980})


def _open_with_keys(gov: Governance, question: str = "m1") -> dict[str, int]:
    gov.handle({"cmd": "open_question", "question": question, "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    secrets: dict[str, int] = {}
    for t in TELLERS:  # each on its own machine: only the public half travels
        x = GROUP.random_scalar()
        secrets[t] = x
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t,
                    "key": json.dumps(tr.single_key(GROUP, x))})
    return secrets


def _election(gov: Governance, question: str = "m1") -> Election:
    raw = gov.state.encrypted[question].election
    assert raw is not None
    return Election.parse(raw)


def _marks(election: Election, choice: str) -> list[list[int]]:
    answers = election.questions[0].answers
    return [[1 if a == choice else 0 for a in answers]]


def _cast(gov: Governance, voter: str, choice: str, credential: str | None = None) -> str:
    election = _election(gov)
    ballot = encrypt_ballot(election, credential or new_credential(), _marks(election, choice))
    applied = gov.handle({"cmd": "cast_encrypted_ballot", "question": "m1", "voter": voter,
                          "ballot": ballot.ballot})
    assert applied.receipt == ballot.tracker  # the tracker is the receipt
    return ballot.ballot


def _decrypt(gov: Governance, secrets: dict[str, int], question: str = "m1") -> None:
    election = _election(gov, question)
    record = gov.state.encrypted[question]
    assert record.tally is not None
    tally = read_tally(GROUP, record.tally)
    for t in TELLERS:
        gov.handle({"cmd": "submit_partial_decryption", "question": question, "teller": t,
                    "decryption": tr.partial_decryption(election, tally, secrets[t])})


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def gov(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Governance]:
    if request.param == "postgresql":  # skipped without a server (tests/conftest.py)
        url = str(request.getfixturevalue("postgres_url"))
    else:
        url = MEMORY_URL if request.param == "memory" else f"sqlite:///{tmp_path}/councils.db"
    made = governance(url, clock=FixedClock())
    yield made
    made.ledger.dispose()


def test_encrypted_motion_is_decided_from_the_decrypted_tally(gov: Governance) -> None:
    _found(gov)
    secrets = _open_with_keys(gov)
    election = _election(gov)
    assert election.group.name == "BELENIOS-2048" and election.questions[0].answers[:2] == ("yes", "no")
    cast = [_cast(gov, v, c) for v, c in zip(VOTERS, ("yes", "yes", "yes", "yes", "no", "yes", "no"),
                                              strict=False)]
    in_chain = [r.event.data["ballot"] for r in gov.ledger.read() if r.event.type == "EncryptedBallotCast"]
    assert in_chain == cast  # the ciphertexts themselves are in the hash chain
    gov.handle({"cmd": "close_question", "question": "m1"})
    assert gov.state.questions["m1"].status == "tallying"
    with pytest.raises(Refused, match="closed"):
        _cast(gov, "t3", "no")
    _decrypt(gov, secrets)
    q = gov.state.questions["m1"]
    assert q.status == "decided" and q.outcome == "yes"  # the motion is adopted
    assert q.count is not None and q.count["encrypted"]["totals"]["yes"] == 5
    assert q.count["encrypted"]["totals"]["no"] == 2
    assert gov.ledger.verify().ok


def test_encrypted_motion_archive_verifies_with_councils_verifier(gov: Governance) -> None:
    _found(gov)
    secrets = _open_with_keys(gov)
    for v, c in (("v1", "no"), ("v2", "no"), ("v3", "yes")):
        _cast(gov, v, c)
    gov.handle({"cmd": "close_question", "question": "m1"})
    _decrypt(gov, secrets)
    assert gov.state.questions["m1"].outcome == "no"
    record = gov.state.encrypted["m1"]
    blob = build_archive(Closed(_election(gov), record.trustees or [], [b.credential for b in record.ballots],
                                [b.ballot for b in record.ballots],
                                {record.owner(t): d for t, d in record.decryptions.items()}, 1_700_000_000))
    report = verify_archive(blob)
    assert report.ok, report.problems


def test_a_teller_key_without_a_valid_proof_is_refused(gov: Governance) -> None:
    _found(gov)
    gov.handle({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    key = tr.single_key(GROUP, GROUP.random_scalar())
    key["public_key"] = GROUP.to_str(GROUP.pow_g(5))  # a key whose private half the teller does not know
    with pytest.raises(Refused, match="proof of knowledge"):
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": "t1", "key": json.dumps(key)})
    with pytest.raises(Refused, match="not a teller"):
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": "v1",
                    "key": json.dumps(tr.single_key(GROUP, 7))})
    with pytest.raises(Refused, match="waiting for the keys of t1, t2, t3"):
        gov.handle({"cmd": "cast_encrypted_ballot", "question": "m1", "voter": "v1", "ballot": "{}"})


def test_a_tampered_ballot_is_refused_and_changes_nothing(gov: Governance) -> None:
    _found(gov)
    _open_with_keys(gov)
    election = _election(gov)
    ballot = encrypt_ballot(election, new_credential(), _marks(election, "yes")).ballot
    data = json.loads(ballot)
    data["answers"][0]["choices"][0], data["answers"][0]["choices"][1] = (data["answers"][0]["choices"][1],
                                                                          data["answers"][0]["choices"][0])
    forged = json.dumps(data, separators=(",", ":"))
    head = gov.ledger.head()
    with pytest.raises(Refused, match=r"encrypted ballot.*refused") as refused:
        gov.handle({"cmd": "cast_encrypted_ballot", "question": "m1", "voter": "v1", "ballot": forged})
    assert "v1's ballot on m1 is refused" in str(refused.value)
    assert gov.ledger.head() == head and "v1" not in gov.state.questions["m1"].voted
    with pytest.raises(Refused, match="takes encrypted ballots only"):
        gov.handle({"cmd": "cast_ballot", "question": "m1", "voter": "v1", "choice": "yes"})
    with pytest.raises(DomainError, match="R1 franchise"):
        gov.handle({"cmd": "cast_encrypted_ballot", "question": "m1", "voter": "nobody", "ballot": ballot})


def test_a_second_ballot_is_refused_unless_the_constitution_allows_revoting(gov: Governance) -> None:
    _found(gov)
    _open_with_keys(gov)
    credential = new_credential()
    _cast(gov, "v1", "yes", credential)
    with pytest.raises(Refused, match="no re-vote"):
        _cast(gov, "v1", "no", credential)


def test_a_revote_replaces_the_earlier_ballot_where_the_constitution_allows_it(gov: Governance) -> None:
    _found(gov, revote=True)
    secrets = _open_with_keys(gov)
    credential = new_credential()
    _cast(gov, "v1", "yes", credential)
    _cast(gov, "v2", "yes")
    with pytest.raises(Refused, match="credential of their first ballot"):
        _cast(gov, "v1", "no")
    _cast(gov, "v1", "no", credential)  # the coerced voter's remedy
    _cast(gov, "v3", "no")
    gov.handle({"cmd": "close_question", "question": "m1"})
    _decrypt(gov, secrets)
    q = gov.state.questions["m1"]
    assert q.count is not None and q.count["encrypted"]["totals"] == {"yes": 1, "no": 2, "abstain": 0}
    assert q.outcome == "no"


def test_a_partial_decryption_with_a_wrong_key_is_refused(gov: Governance) -> None:
    _found(gov)
    _open_with_keys(gov)
    _cast(gov, "v1", "yes")
    gov.handle({"cmd": "close_question", "question": "m1"})
    record = gov.state.encrypted["m1"]
    assert record.tally is not None
    forged = tr.partial_decryption(_election(gov), read_tally(GROUP, record.tally), GROUP.random_scalar())
    with pytest.raises(Refused, match="t1's decryption of m1 is refused"):
        gov.handle({"cmd": "submit_partial_decryption", "question": "m1", "teller": "t1", "decryption": forged})


def test_editing_a_stored_ciphertext_breaks_ledger_verify(tmp_path: Path) -> None:
    path = tmp_path / "councils.db"
    gov = governance(f"sqlite:///{path}", clock=FixedClock())
    _found(gov)
    _open_with_keys(gov)
    _cast(gov, "v1", "no")
    other = _cast(gov, "v2", "yes")
    assert gov.ledger.verify().ok
    db = sqlite3.connect(path)
    with db:
        rows = db.execute("SELECT position, payload FROM events WHERE type='EncryptedBallotCast'").fetchall()
        position, payload = rows[0]
        changed = json.loads(payload)
        changed["ballot"] = other  # v1's "no" replaced by a valid "yes" ciphertext
        db.execute("UPDATE events SET payload=? WHERE position=?", (json.dumps(changed), position))
    db.close()
    result = governance(f"sqlite:///{path}", clock=FixedClock()).ledger.verify()
    assert not result.ok and result.first_bad == position


def _two_of_three(gov: Governance) -> dict[str, int]:
    """A question whose constitution needs 2 of its 3 tellers: Belenios's Pedersen rounds, each
    teller's part made on its own machine; returns each teller's decryption key (S_j)."""
    doc = _constitution(False)
    doc["ballots"]["tellers_needed"] = 2
    gov.handle({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": doc})
    gov.handle({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"})
    for p in VOTERS:
        gov.handle({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                    "class": "worker", "born": 1980})
    gov.handle({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    seeds = {t: tr.new_seed() for t in TELLERS}  # each teller's own machine
    certs = [tr.certificate(GROUP, seeds[t]) for t in TELLERS]
    for t, cert in zip(TELLERS, certs, strict=True):
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": t, "key": json.dumps(cert)})
    polys = [tr.teller_polynomial(GROUP, seeds[t], certs, 2) for t in TELLERS]
    with pytest.raises(Refused, match="t1's polynomial for m1 is refused: its commitments are not signed"):
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": "t1", "key": json.dumps(polys[1])})
    for t, poly in zip(TELLERS, polys, strict=True):
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": t, "key": json.dumps(poly)})
    decryption_keys = {}
    for t in TELLERS:
        decryption_keys[t], vk = tr.teller_share(GROUP, seeds[t], certs, polys)
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": t, "key": json.dumps(vk)})
    return decryption_keys


def test_two_of_three_tellers_decrypt_where_the_constitution_needs_two(gov: Governance) -> None:
    decryption_keys = _two_of_three(gov)
    for voter, choice in (("v1", "yes"), ("v2", "no"), ("v3", "no")):
        _cast(gov, voter, choice)
    gov.handle({"cmd": "close_question", "question": "m1"})
    election = _election(gov)
    tally = read_tally(GROUP, gov.state.encrypted["m1"].tally or "")
    for t in ("t1", "t3"):  # any two of the three
        gov.handle({"cmd": "submit_partial_decryption", "question": "m1", "teller": t,
                    "decryption": tr.partial_decryption(election, tally, decryption_keys[t])})
    q = gov.state.questions["m1"]
    assert q.status == "decided" and q.outcome == "no"
    assert q.count is not None and q.count["encrypted"]["totals"] == {"yes": 1, "no": 2, "abstain": 0}
    with pytest.raises(Refused, match="decided"):
        gov.handle({"cmd": "submit_partial_decryption", "question": "m1", "teller": "t2",
                    "decryption": tr.partial_decryption(election, tally, decryption_keys["t2"])})
    record = gov.state.encrypted["m1"]
    blob = build_archive(Closed(election, record.trustees or [], [b.credential for b in record.ballots],
                                [b.ballot for b in record.ballots],
                                {record.owner(t): d for t, d in record.decryptions.items()}, 1_700_000_000))
    assert verify_archive(blob).ok


def test_replaying_the_ledger_rebuilds_the_encrypted_question(tmp_path: Path) -> None:
    path = tmp_path / "councils.db"
    gov = governance(f"sqlite:///{path}", clock=FixedClock())
    _found(gov, revote=True)
    secrets = _open_with_keys(gov)
    credential = new_credential()
    _cast(gov, "v1", "yes", credential)
    _cast(gov, "v1", "no", credential)
    gov.handle({"cmd": "close_question", "question": "m1"})
    replayed = governance(f"sqlite:///{path}", clock=FixedClock())  # the state folded from the ledger alone
    assert replayed.state.encrypted == gov.state.encrypted
    assert replayed.state.questions["m1"].status == "tallying"
    _decrypt(replayed, secrets)
    assert replayed.state.questions["m1"].outcome == "no"


def test_an_encrypted_question_closes_on_time_into_its_tally() -> None:
    clock = FixedClock()
    gov = governance(MEMORY_URL, clock=clock)
    _found(gov)
    gov.handle({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS), "duration": "48h"})
    secrets: dict[str, int] = {}
    for t in TELLERS:
        secrets[t] = GROUP.random_scalar()
        gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": t,
                    "key": json.dumps(tr.single_key(GROUP, secrets[t]))})
    _cast(gov, "v1", "yes")
    clock.now += timedelta(hours=49)
    gov.tick()  # the clock closes it: the encrypted tally is fixed, the tellers decrypt
    assert gov.state.questions["m1"].status == "tallying"
    _decrypt(gov, secrets)
    assert gov.state.questions["m1"].outcome == "yes"


def test_closed_before_every_teller_gave_a_key_it_is_decided_on_no_ballot() -> None:
    gov = governance(MEMORY_URL, clock=FixedClock())
    _found(gov)
    gov.handle({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    gov.handle({"cmd": "submit_teller_key", "question": "m1", "teller": "t1",
                "key": json.dumps(tr.single_key(GROUP, GROUP.random_scalar()))})
    gov.handle({"cmd": "close_question", "question": "m1"})
    q = gov.state.questions["m1"]
    assert q.status == "decided" and q.outcome == "no"  # not left open past its window
    assert q.count is not None and "waiting for t2, t3" in q.count["encrypted"]["note"]
    with pytest.raises(Refused, match="took no ballot"):
        archive(gov.state, "m1")
