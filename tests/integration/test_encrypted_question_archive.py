"""A decided encrypted question exports as a Belenios archive that belenios-tool 2.0 accepts (issue 14).

The question is run through Governance on SQLite (open with tellers, keys, encrypted ballots,
close, partial decryptions); the archive is built from the ledger's public record alone, and
both `belenios-tool election verify` and councils' own verifier accept it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from councils.application.encrypted_reads import archive, election_view
from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.bootstrap import governance
from councils.domain.errors import Refused
from tests.conftest import FixedClock
from tests.unit.application.test_encrypted_questions import GROUP, TELLERS, _cast, _found, _two_of_three

TOOL = shutil.which("belenios-tool")
if TOOL is None:
    if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
        pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed", pytrace=False)
    pytest.skip("belenios-tool is not installed", allow_module_level=True)


def test_a_decided_encrypted_motion_exports_an_archive_belenios_tool_accepts(tmp_path: Path) -> None:
    gov = governance(f"sqlite:///{tmp_path}/councils.db", clock=FixedClock())
    _found(gov)
    gov.handle({"cmd": "open_question", "question": "q1", "body": "ra/town", "kind": "motion",
                "text": "Build the bridge", "tellers": list(TELLERS)})
    secrets = {}
    for t in TELLERS:
        secrets[t] = GROUP.random_scalar()
        gov.handle({"cmd": "submit_teller_key", "question": "q1", "teller": t,
                    "key": json.dumps(tr.single_key(GROUP, secrets[t]))})
    view = election_view(gov.state, "q1")
    assert view["election"] is not None and view["public_key"]
    election = Election.parse(view["election"])
    for voter, m in zip(("v1", "v2", "v3"), ([1, 0, 0], [0, 1, 0], [1, 0, 0]), strict=True):
        ballot = encrypt_ballot(election, new_credential(), [m])
        gov.handle({"cmd": "cast_encrypted_ballot", "question": "q1", "voter": voter, "ballot": ballot.ballot})
    with pytest.raises(Refused, match="not decided yet"):
        archive(gov.state, "q1")
    gov.handle({"cmd": "close_question", "question": "q1"})
    tally = read_tally(GROUP, gov.state.encrypted["q1"].tally or "")
    for t in TELLERS:
        gov.handle({"cmd": "submit_partial_decryption", "question": "q1", "teller": t,
                    "decryption": tr.partial_decryption(election, tally, secrets[t])})
    q = gov.state.questions["q1"]
    assert q.status == "decided" and q.outcome == "yes"
    name, blob = archive(gov.state, "q1")
    assert verify_archive(blob).ok
    (tmp_path / name).write_bytes(blob)
    run = subprocess.run([TOOL or "", "election", "verify", "--dir", str(tmp_path)], capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr + run.stdout
    assert b'{"result":[[2,1,0]]}' in blob
    (tmp_path / name).write_bytes(blob.replace(b'{"result":[[2,1,0]]}', b'{"result":[[1,2,0]]}'))
    tampered = subprocess.run([TOOL or "", "election", "verify", "--dir", str(tmp_path)], capture_output=True,
                              text=True, timeout=300, check=False)
    assert tampered.returncode != 0  # the same tool refuses a changed result: it does check


def test_a_two_of_three_question_exports_an_archive_belenios_tool_accepts(tmp_path: Path) -> None:
    gov = governance(f"sqlite:///{tmp_path}/councils.db", clock=FixedClock())
    keys = _two_of_three(gov)
    for voter, choice in (("v1", "yes"), ("v2", "yes"), ("v3", "no")):
        _cast(gov, voter, choice)
    gov.handle({"cmd": "close_question", "question": "m1"})
    election = Election.parse(gov.state.encrypted["m1"].election or "")
    tally = read_tally(GROUP, gov.state.encrypted["m1"].tally or "")
    for t in ("t2", "t3"):
        gov.handle({"cmd": "submit_partial_decryption", "question": "m1", "teller": t,
                    "decryption": tr.partial_decryption(election, tally, keys[t])})
    assert gov.state.questions["m1"].outcome == "yes"
    name, blob = archive(gov.state, "m1")
    (tmp_path / name).write_bytes(blob)
    run = subprocess.run([TOOL or "", "election", "verify", "--dir", str(tmp_path)], capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr + run.stdout


def test_a_ranked_two_of_three_question_mixed_in_the_engine_exports_an_archive_belenios_tool_accepts(
        tmp_path: Path) -> None:
    """An IRV election run through Governance (issue 14): encrypted rankings, a shuffle by each of
    two tellers (submit_shuffle), two partial decryptions; belenios-tool checks the shuffles' proofs,
    the decryptions and the result, and refuses the archive when a decrypted ranking is changed."""
    from tests.integration.test_encrypted_ranked_question import (
        cast_rankings,
        decrypt_as,
        found,
        open_election,
        pedersen_keys,
        shuffle_as,
    )

    gov = governance(f"sqlite:///{tmp_path}/councils.db", clock=FixedClock())
    found(gov, needed=2)
    open_election(gov)
    keys = pedersen_keys(gov)
    cast_rankings(gov)
    gov.handle({"cmd": "close_question", "question": "e1"})
    shuffle_as(gov, "t2")
    shuffle_as(gov, "t3")
    decrypt_as(gov, "t1", keys["t1"])
    decrypt_as(gov, "t3", keys["t3"])
    assert gov.state.questions["e1"].winners == ("v1",)
    name, blob = archive(gov.state, "e1")
    (tmp_path / name).write_bytes(blob)
    run = subprocess.run([TOOL or "", "election", "verify", "--dir", str(tmp_path)], capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr + run.stdout
    assert blob.count(b'"type":"Shuffle"') == 2  # one per teller who shuffled
    result = blob[blob.rindex(b'{"result":'):]
    changed = result.replace(b"[1,2,0]", b"[2,1,0]", 1)
    assert changed != result  # v1 first, v2 second: one voter's ranking
    (tmp_path / name).write_bytes(blob.replace(result, changed))
    tampered = subprocess.run([TOOL or "", "election", "verify", "--dir", str(tmp_path)], capture_output=True,
                              text=True, timeout=300, check=False)
    assert tampered.returncode != 0  # the tool checks the decrypted rankings against the proofs
