"""A ranked encrypted question through Governance (issue 14): an election counted by IRV, its
ballots encrypted rankings; at close each teller in turn shuffles them (a re-encryption mix with
Belenios's proof, checked by the handler), then the tellers decrypt the mixed ballots and the
engine's exact counting code counts them. Every out-of-turn or forged step is refused by name.
(In tests/integration, not tests/unit: mixing in RFC-3526-2048 takes seconds, too slow for
`make test-fast`.)
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from councils.application.encrypted_reads import archive, challenge_check, election_view
from councils.application.governance import Governance
from councils.ballot import mixnet
from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally, tally_json
from councils.ballot.group import group_named
from councils.bootstrap import MEMORY_URL, governance
from councils.constitution.loader import preset_text
from councils.domain.errors import Refused
from councils.domain.state import State
from tests.conftest import FixedClock

RANKED = group_named("RFC-3526-2048")
TELLERS = ("t1", "t2", "t3")
VOTERS = ("v1", "v2", "v3", "v4", "v5", "t1", "t2", "t3")
CANDIDATES = ("v1", "v2", "v3")
RANKINGS = {"v1": ("v1", "v2"), "v2": ("v2", "v1"), "v3": ("v3", "v2", "v1"), "v4": ("v1",),
            "v5": ("v3", "v2")}  # IRV: v2 is out first, then v3's two ballots...: v1 wins 3 to 2


def found(gov: Governance, needed: int | None = None) -> None:
    doc = tomllib.loads(preset_text("rsfsr-1918"))
    if needed is not None:
        doc.setdefault("ballots", {})["tellers_needed"] = needed
    gov.handle({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": doc})
    gov.handle({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"})
    for p in VOTERS:
        gov.handle({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                    "class": "worker", "born": 1980})


def open_election(gov: Governance, question: str = "e1") -> None:
    gov.handle({"cmd": "open_question", "question": question, "body": "ra/town", "kind": "election",
                "text": "Our delegate to the congress", "options": list(CANDIDATES), "to": "ra/congress",
                "tellers": list(TELLERS)})


def single_keys(gov: Governance, question: str = "e1") -> dict[str, int]:
    secrets = {}
    for t in TELLERS:
        secrets[t] = RANKED.random_scalar()
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t,
                    "key": json.dumps(tr.single_key(RANKED, secrets[t]))})
    return secrets


def cast_rankings(gov: Governance, question: str = "e1") -> None:
    election = Election.parse(election_view(gov.state, question)["election"])
    for voter, order in RANKINGS.items():
        marks = [order.index(c) + 1 if c in order else 0 for c in CANDIDATES]
        ballot = encrypt_ballot(election, new_credential(), [marks])
        gov.handle({"cmd": "cast_encrypted_ballot", "question": question, "voter": voter, "ballot": ballot.ballot})


def shuffle_as(gov: Governance, teller: str, question: str = "e1") -> None:
    """What `councils teller submit-shuffle` does on the teller's machine, from the question's view."""
    view = election_view(gov.state, question)
    election = Election.parse(view["election"])
    _, raw = mixnet.shuffle_tally(election, read_tally(election.group, view["encrypted_tally"]))
    gov.handle({"cmd": "submit_shuffle", "question": question, "teller": teller, "shuffle": raw})


def decrypt_as(gov: Governance, teller: str, key: int, question: str = "e1") -> None:
    view = election_view(gov.state, question)
    election = Election.parse(view["election"])
    tally = read_tally(election.group, view["encrypted_tally"])
    gov.handle({"cmd": "submit_partial_decryption", "question": question, "teller": teller,
                "decryption": tr.partial_decryption(election, tally, key)})


@pytest.fixture(params=["sqlite", "postgresql"])
def gov(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Governance]:
    if request.param == "postgresql":  # skipped without a server (tests/conftest.py)
        url = str(request.getfixturevalue("postgres_url"))
    else:
        url = f"sqlite:///{tmp_path}/councils.db"
    made = governance(url, clock=FixedClock())
    yield made
    made.ledger.dispose()


def test_a_ranked_encrypted_election_is_mixed_by_each_teller_then_decrypted_and_counted_by_irv(
        gov: Governance) -> None:
    found(gov)
    open_election(gov)
    spec: dict[str, Any] = gov.state.questions["e1"].details["encrypted"]
    assert spec["group"] == "RFC-3526-2048" and spec["ranked"] is True
    keys = single_keys(gov)
    cast_rankings(gov)
    gov.handle({"cmd": "close_question", "question": "e1"})
    cast_order = read_tally(RANKED, gov.state.encrypted["e1"].tally or "")
    with pytest.raises(Refused, match=re.escape(
            "decrypted after 3 tellers have shuffled them (0 so far; waiting for t1, t2, t3")):
        decrypt_as(gov, "t1", keys["t1"])
    shuffle_as(gov, "t2")
    with pytest.raises(Refused, match="t2 has already shuffled the ballots of e1"):
        shuffle_as(gov, "t2")
    with pytest.raises(Refused, match="v1 is not a teller of e1"):
        shuffle_as(gov, "v1")
    shuffle_as(gov, "t1")
    shuffle_as(gov, "t3")
    mixed = read_tally(RANKED, election_view(gov.state, "e1")["encrypted_tally"])
    assert len(mixed[0]) == len(RANKINGS) and set(mixed[0]).isdisjoint(cast_order[0])  # all re-encrypted
    for t in TELLERS:
        decrypt_as(gov, t, keys[t])
    q = gov.state.questions["e1"]
    assert q.status == "decided" and q.winners == ("v1",) and q.method == "irv"
    assert q.count is not None and q.count["encrypted"]["rankings"] == 5 and q.count["encrypted"]["invalid"] == 0
    assert q.count["encrypted"]["shuffled_by"] == ["t2", "t1", "t3"]
    assert "rounds" in q.count  # counted by the exact IRV code, round by round
    refolded = State()  # the state folded from the ledger alone
    for recorded in gov.ledger.read():
        refolded.apply(recorded.event)
    assert refolded.questions["e1"].winners == ("v1",)
    assert refolded.encrypted["e1"].shuffles == gov.state.encrypted["e1"].shuffles
    _, blob = archive(gov.state, "e1")
    report = verify_archive(blob)
    assert report.ok and report.shuffles == 3, report


def test_a_shuffle_whose_proof_fails_is_refused_and_nothing_is_recorded() -> None:
    gov = governance(MEMORY_URL, clock=FixedClock())
    found(gov)
    open_election(gov)
    single_keys(gov)
    cast_rankings(gov)
    gov.handle({"cmd": "close_question", "question": "e1"})
    view = election_view(gov.state, "e1")
    election = Election.parse(view["election"])
    tally = read_tally(RANKED, view["encrypted_tally"])
    _, raw = mixnet.shuffle_tally(election, tally)
    forged = json.loads(raw)
    forged["ciphertexts"][0][0] = forged["ciphertexts"][0][1]  # one ballot dropped, another doubled
    before = gov.ledger.head()
    with pytest.raises(Refused, match="t1's shuffle of e1 is refused: shuffle: the proof for question 1 fails"):
        gov.handle({"cmd": "submit_shuffle", "question": "e1", "teller": "t1", "shuffle": json.dumps(forged)})
    other, _ = mixnet.shuffle_tally(election, tally)  # a shuffle of a tally other than the one left
    _, raw_other = mixnet.shuffle_tally(election, other)
    with pytest.raises(Refused, match="the proof for question 1 fails"):
        gov.handle({"cmd": "submit_shuffle", "question": "e1", "teller": "t1", "shuffle": raw_other})
    with pytest.raises(Refused, match="malformed"):
        gov.handle({"cmd": "submit_shuffle", "question": "e1", "teller": "t1", "shuffle": "{\"ciphertexts\": 3}"})
    assert gov.ledger.head() == before and gov.state.encrypted["e1"].shuffles == []
    assert tally_json(RANKED, tally) == view["encrypted_tally"]


def test_shuffles_are_taken_only_for_a_closed_ranked_question() -> None:
    gov = governance(MEMORY_URL, clock=FixedClock())
    found(gov)
    open_election(gov)
    with pytest.raises(Refused, match="no valid proof of knowledge in RFC-3526-2048"):
        gov.handle({"cmd": "submit_teller_key", "question": "e1", "teller": "t1",
                    "key": json.dumps(tr.single_key(group_named("BELENIOS-2048"), 5))})
    single_keys(gov)
    with pytest.raises(Refused, match="still open; a shuffle is taken after close"):
        gov.handle({"cmd": "submit_shuffle", "question": "e1", "teller": "t1", "shuffle": "{}"})
    gov.handle({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    with pytest.raises(Refused, match="its ballots are not shuffled"):
        gov.handle({"cmd": "submit_shuffle", "question": "m1", "teller": "t1", "shuffle": "{}"})


def test_a_ranked_question_closed_on_no_ballot_takes_no_shuffle() -> None:
    gov = governance(MEMORY_URL, clock=FixedClock())
    found(gov)
    open_election(gov)
    assert election_view(gov.state, "e1")["shuffles_needed"] == 3  # before the close: every teller
    single_keys(gov)
    gov.handle({"cmd": "close_question", "question": "e1"})
    assert election_view(gov.state, "e1")["shuffles_needed"] == 0
    with pytest.raises(Refused, match="e1 closed on no ballot: there is nothing to shuffle"):
        gov.handle({"cmd": "submit_shuffle", "question": "e1", "teller": "t1", "shuffle": "{}"})


def test_two_of_three_tellers_mix_and_decrypt_a_ranked_question() -> None:
    gov = governance(MEMORY_URL, clock=FixedClock())
    found(gov, needed=2)
    open_election(gov)
    keys = pedersen_keys(gov)
    election = Election.parse(election_view(gov.state, "e1")["election"])
    spoiled = encrypt_ballot(election, new_credential(), [[2, 0, 1]])  # v3 first, then v1
    revealed = {"ballot": spoiled.ballot, "choices": [[2, 0, 1]],
                "randomness": [[str(x) for x in rs] for rs in spoiled.randomness]}
    checked = challenge_check(gov.state, "e1", revealed)
    assert checked["valid"] and checked["choices"] == ["v3", "v1"]  # Benaloh's challenge of a ranking
    assert not challenge_check(gov.state, "e1", {**revealed, "choices": [[1, 0, 2]]})["valid"]
    cast_rankings(gov)
    gov.handle({"cmd": "close_question", "question": "e1"})
    shuffle_as(gov, "t3")
    shuffle_as(gov, "t1")
    with pytest.raises(Refused, match=re.escape("have been shuffled by 2 tellers (t3, t1); they are now decrypted")):
        shuffle_as(gov, "t2")
    decrypt_as(gov, "t1", keys["t1"])
    decrypt_as(gov, "t2", keys["t2"])
    q = gov.state.questions["e1"]
    assert q.status == "decided" and q.winners == ("v1",)
    assert verify_archive(archive(gov.state, "e1")[1]).ok


def pedersen_keys(gov: Governance, question: str = "e1") -> dict[str, int]:
    """Belenios's Pedersen rounds in RFC-3526-2048, each teller's part made on its own machine."""
    seeds = {t: tr.new_seed() for t in TELLERS}
    certs = [tr.certificate(RANKED, seeds[t]) for t in TELLERS]
    for t, cert in zip(TELLERS, certs, strict=True):
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t, "key": json.dumps(cert)})
    polys = [tr.teller_polynomial(RANKED, seeds[t], certs, 2) for t in TELLERS]
    for t, poly in zip(TELLERS, polys, strict=True):
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t, "key": json.dumps(poly)})
    keys = {}
    for t in TELLERS:
        keys[t], vk = tr.teller_share(RANKED, seeds[t], certs, polys)
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t, "key": json.dumps(vk)})
    return keys
