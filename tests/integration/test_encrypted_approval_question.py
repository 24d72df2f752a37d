"""An approval question encrypted and counted through the engine, end to end (issue 14 item 3).

The homomorphic path is the same for yes/no and approval questions, but an approval ballot
marks any number of options (Belenios's question with min 0, max n), so its proofs, its
totals per option and the count read from those totals are proved here, on real SQLite with
two tellers: an advisory poll counted by approval (every preset lets a clerk open one: a
poll chooses among POLL_METHODS) and an election counted by approval under a constitution
that allows it. Four voters approve different sets (none, one, two, all); the decrypted
totals must be the plaintext approvals added up, the decision what the exact approval count
(councils.counting) of the same plaintext ballots gives, a ballot marking more options than
the question has is refused by name and changes nothing, and the question's archive passes
`belenios-tool election verify` (skipped only when the tool is absent and
COUNCILS_REQUIRE_BELENIOS is not "1").
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from councils.application.counter import seed_for
from councils.application.encrypted_reads import archive, election_view
from councils.application.governance import Governance
from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, Question, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from councils.bootstrap import governance
from councils.constitution.loader import preset_text
from councils.counting.ballots import Ballots
from councils.counting.dispatch import count
from councils.counting.ties import TieBreak
from councils.interfaces.cli import app
from tests.conftest import FixedClock, must_refuse

GROUP = group_named("BELENIOS-2048")
TELLERS = ("t1", "t2")
VOTERS = ("v1", "v2", "v3", "v4", "t1", "t2")
WORKS = ("bridge", "school", "mill")
APPROVALS = {"v1": ("bridge", "school"), "v2": (), "v3": WORKS, "v4": ("school",)}
"""Totals bridge 2, school 3, mill 1: school first, bridge second, with no tie to draw."""
CANDIDATES = ("v1", "v2", "v3")
VOTES = {"v1": ("v1", "v2"), "v2": (), "v3": CANDIDATES, "v4": ("v2",)}
"""Totals v1 2, v2 3, v3 1: v2 is elected to the one seat by approval."""


def _belenios_tool() -> str | None:
    tool = shutil.which("belenios-tool")
    if tool is None and os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
        pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed", pytrace=False)
    return tool


@pytest.fixture
def gov(tmp_path: Path) -> Iterator[Governance]:
    made = governance(f"sqlite:///{tmp_path}/councils.db", clock=FixedClock())
    yield made
    made.ledger.dispose()


def _found(gov: Governance, constitution: dict[str, Any]) -> None:
    gov.handle({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": constitution})
    gov.handle({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"})
    for p in VOTERS:
        gov.handle({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                    "class": "worker", "born": 1980})


def _keys(gov: Governance, question: str) -> tuple[dict[str, int], Election]:
    """Each teller makes its key on its own machine; only the public half is submitted."""
    secrets: dict[str, int] = {}
    for t in TELLERS:
        secrets[t] = GROUP.random_scalar()
        gov.handle({"cmd": "submit_teller_key", "question": question, "teller": t,
                    "key": json.dumps(tr.single_key(GROUP, secrets[t]))})
    raw = gov.state.encrypted[question].election
    assert raw is not None
    return secrets, Election.parse(raw)


def _cast(gov: Governance, question: str, election: Election, approvals: Mapping[str, Sequence[str]]) -> None:
    answers = election.questions[0].answers
    for voter, approved in approvals.items():
        marks = [1 if a in approved else 0 for a in answers]
        ballot = encrypt_ballot(election, new_credential(), [marks])
        applied = gov.handle({"cmd": "cast_encrypted_ballot", "question": question, "voter": voter,
                              "ballot": ballot.ballot})
        assert applied.receipt == ballot.tracker


def _close_and_decrypt(gov: Governance, question: str, election: Election, secrets: dict[str, int]) -> None:
    gov.handle({"cmd": "close_question", "question": question})
    assert gov.state.questions[question].status == "tallying"
    tally = read_tally(GROUP, gov.state.encrypted[question].tally or "")
    for t in TELLERS:
        gov.handle({"cmd": "submit_partial_decryption", "question": question, "teller": t,
                    "decryption": tr.partial_decryption(election, tally, secrets[t])})


def _check_archive(gov: Governance, question: str, tmp_path: Path, totals: Sequence[int]) -> None:
    """councils' own verifier and, where installed, belenios-tool accept the question's archive,
    whose result is the totals per option; both refuse it with two totals swapped."""
    name, blob = archive(gov.state, question)
    assert verify_archive(blob).ok
    result = json.dumps({"result": [list(totals)]}, separators=(",", ":")).encode()
    assert result in blob
    swapped = json.dumps({"result": [[totals[1], totals[0], *totals[2:]]]}, separators=(",", ":")).encode()
    tampered = blob.replace(result, swapped)
    assert not verify_archive(tampered).ok
    tool = _belenios_tool()
    if tool is None:
        pytest.skip("belenios-tool is not installed (councils' own verifier accepted the archive)")
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / name).write_bytes(blob)
    run = subprocess.run([tool, "election", "verify", "--dir", str(folder)], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr + run.stdout
    (folder / name).write_bytes(tampered)
    run = subprocess.run([tool, "election", "verify", "--dir", str(folder)], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode != 0  # the tool does check the totals against the decryptions


def _too_many_marks(election: Election) -> str:
    """A ballot for the question's own election (same uuid and fingerprint) that marks one
    option more than the question has: made as a device that believed in a fourth option would."""
    question = election.questions[0]
    assert isinstance(question, Question)
    wider = Question(question.question, (*question.answers, "extra"), 0, len(question.answers) + 1)
    forged = dataclasses.replace(election, questions=(wider,))
    return encrypt_ballot(forged, new_credential(), [[1] * len(wider.answers)]).ballot


def test_an_encrypted_approval_poll_is_decided_from_totals_equal_to_the_plaintext_approvals(
        gov: Governance, tmp_path: Path) -> None:
    _found(gov, tomllib.loads(preset_text("rsfsr-1918")))
    gov.handle({"cmd": "open_question", "question": "p1", "body": "ra/town", "kind": "poll", "method": "approval",
                "text": "Which works should the town build?", "options": list(WORKS), "tellers": list(TELLERS)})
    secrets, election = _keys(gov, "p1")
    question = election.questions[0]
    assert isinstance(question, Question) and (question.answers, question.min, question.max) == (WORKS, 0, 3)

    refused = must_refuse(gov, {"cmd": "cast_encrypted_ballot", "question": "p1", "voter": "v1",
                                "ballot": _too_many_marks(election)}, "encrypted ballot")
    assert "4 ciphertexts, 3 expected" in refused

    _cast(gov, "p1", election, APPROVALS)
    _close_and_decrypt(gov, "p1", election, secrets)
    q = gov.state.questions["p1"]
    assert q.status == "decided" and q.count is not None
    plaintext = {o: sum(o in approved for approved in APPROVALS.values()) for o in WORKS}
    assert plaintext == {"bridge": 2, "school": 3, "mill": 1}
    assert q.count["encrypted"]["totals"] == plaintext and q.count["encrypted"]["tallied"] == 4
    exact = count(Ballots.from_rankings(WORKS, list(APPROVALS.values())), "approval")
    assert q.winners == exact.winners == ("school",) and q.outcome == exact.outcome
    assert q.count["rounds"][-1]["tallies"] == {o: int(n) for o, n in exact.rounds[-1].tallies.items()}
    assert q.binding is False  # a poll advises
    _check_archive(gov, "p1", tmp_path, [2, 3, 1])


def test_an_encrypted_approval_election_elects_whom_the_plaintext_approval_count_elects(
        gov: Governance, tmp_path: Path) -> None:
    doc = tomllib.loads(preset_text("rsfsr-1918"))
    doc["questions"]["election"]["methods"] = ["stv", "irv", "approval"]
    _found(gov, doc)
    gov.handle({"cmd": "open_question", "question": "e1", "body": "ra/town", "kind": "election",
                "method": "approval", "text": "Our delegate to the congress", "options": list(CANDIDATES),
                "to": "ra/congress", "tellers": list(TELLERS)})
    q = gov.state.questions["e1"]
    assert q.method == "approval"
    secrets, election = _keys(gov, "e1")
    _cast(gov, "e1", election, VOTES)
    refused = must_refuse(gov, {"cmd": "cast_encrypted_ballot", "question": "e1", "voter": "t1",
                                "ballot": _too_many_marks(election)}, "encrypted ballot")
    assert "4 ciphertexts, 3 expected" in refused
    _close_and_decrypt(gov, "e1", election, secrets)
    q = gov.state.questions["e1"]
    assert q.status == "decided" and q.count is not None
    assert q.count["encrypted"]["totals"] == {"v1": 2, "v2": 3, "v3": 1}
    seats = int(q.detail("seats"))
    exact = count(Ballots.from_rankings(CANDIDATES, list(VOTES.values())), "approval", seats=seats)
    assert q.winners == exact.winners and exact.winners[0] == "v2"  # most approved: elected first
    assert q.count["rounds"][-1]["tallies"] == {o: int(n) for o, n in exact.rounds[-1].tallies.items()}
    reopened = governance(f"sqlite:///{tmp_path}/councils.db", clock=FixedClock())  # the ledger alone
    try:
        again = reopened.state.questions["e1"]
        assert (again.status, again.winners, again.count) == ("decided", q.winners, q.count)
    finally:
        reopened.ledger.dispose()
    _check_archive(gov, "e1", tmp_path, [2, 3, 1])


def test_a_tie_on_the_decrypted_approval_totals_is_drawn_as_the_plaintext_count_draws_it(
        gov: Governance) -> None:
    """The engine counts ballots rebuilt from the totals; a tie for first is drawn by the
    question's lot, which reads only the totals, so it falls where the plaintext count's falls."""
    _found(gov, tomllib.loads(preset_text("rsfsr-1918")))
    gov.handle({"cmd": "open_question", "question": "p2", "body": "ra/town", "kind": "poll", "method": "approval",
                "text": "Which works first?", "options": list(WORKS), "tellers": list(TELLERS)})
    secrets, election = _keys(gov, "p2")
    tied = {"v1": ("bridge", "mill"), "v2": ("school",), "v3": ("bridge", "school"), "v4": ()}
    _cast(gov, "p2", election, tied)
    _close_and_decrypt(gov, "p2", election, secrets)
    q = gov.state.questions["p2"]
    assert q.count is not None and q.count["encrypted"]["totals"] == {"bridge": 2, "school": 2, "mill": 1}
    exact = count(Ballots.from_rankings(WORKS, list(tied.values())), "approval",
                  tie_break=TieBreak(seed=seed_for("p2")))
    assert exact.ties and q.count["ties"]  # a draw was made, and recorded
    assert q.winners == exact.winners and q.winners[0] in ("bridge", "school")


def test_approval_ballots_made_by_the_cli_on_the_voters_machine_are_counted_per_option(
        gov: Governance, tmp_path: Path) -> None:
    """`councils ballot cast --approve a,b` encrypts on the voter's machine; an empty list is a
    ballot approving nothing, and an option the question does not have is refused there by name."""
    _found(gov, tomllib.loads(preset_text("rsfsr-1918")))
    gov.handle({"cmd": "open_question", "question": "p3", "body": "ra/town", "kind": "poll", "method": "approval",
                "text": "Which works?", "options": list(WORKS), "tellers": list(TELLERS)})
    secrets, election = _keys(gov, "p3")
    view = tmp_path / "election.json"
    view.write_text(json.dumps(election_view(gov.state, "p3")))
    runner = CliRunner()

    def cast(voter: str, approve: str) -> Any:
        return runner.invoke(app, ["ballot", "cast", "p3", "--voter", voter, "--election", str(view),
                                   "--approve", approve, "--credential-file", str(tmp_path / f"{voter}.cred")])

    unknown = cast("v1", "bridge,harbour")
    assert unknown.exit_code != 0 and "'harbour' is not an option" in unknown.output
    for voter, approve in (("v1", "bridge,school"), ("v2", ""), ("v3", "bridge,school,mill"), ("v4", "school")):
        made = cast(voter, approve)
        assert made.exit_code == 0, made.output
        gov.handle(json.loads(made.stdout))
    _close_and_decrypt(gov, "p3", election, secrets)
    q = gov.state.questions["p3"]
    assert q.count is not None and q.count["encrypted"]["totals"] == {"bridge": 2, "school": 3, "mill": 1}
    assert q.count["encrypted"]["tallied"] == 4 and q.winners == ("school",)
