"""A ballot encrypts the voter's marks, proves them well formed, and refuses to be altered."""

from __future__ import annotations

import json

import pytest

from councils.ballot.election import (
    BallotError,
    Election,
    Question,
    audit_ballot,
    ballot_problem,
    check_credential,
    dumps,
    encrypt_ballot,
    new_credential,
    sha256_b64,
)
from councils.ballot.group import BELENIOS_2048, group_named
from tests.unit.ballot.conftest import Setup, make_setup


@pytest.mark.parametrize("setup_name", ["ff_setup", "ec_setup", "ristretto_setup"])
def test_a_well_formed_ballot_verifies_in_both_groups(setup_name: str, request: pytest.FixtureRequest) -> None:
    setup: Setup = request.getfixturevalue(setup_name)
    made = encrypt_ballot(setup.election, setup.credentials[0], [[1, 0], [1, 0, 1]])
    assert ballot_problem(setup.election, made.ballot) is None
    assert made.tracker == sha256_b64(made.ballot)


def test_two_encryptions_of_the_same_choice_look_unrelated(ff_setup: Setup) -> None:
    first = encrypt_ballot(ff_setup.election, ff_setup.credentials[0], [[1, 0], [0, 0, 0]])
    second = encrypt_ballot(ff_setup.election, ff_setup.credentials[0], [[1, 0], [0, 0, 0]])
    assert json.loads(first.ballot)["answers"] != json.loads(second.ballot)["answers"]
    assert first.tracker != second.tracker


def test_a_ballot_with_a_changed_ciphertext_is_refused(ff_setup: Setup) -> None:
    made = encrypt_ballot(ff_setup.election, ff_setup.credentials[1], [[0, 1], [0, 1, 0]])
    data = json.loads(made.ballot)
    # Swap the two ciphertexts of the yes/no question: a "no" turned into a "yes".
    choices = data["answers"][0]["choices"]
    choices[0], choices[1] = choices[1], choices[0]
    problem = ballot_problem(ff_setup.election, dumps(data))
    assert problem is not None and "signature" in problem


def test_a_resigned_ballot_with_a_forged_ciphertext_fails_its_proof(ff_setup: Setup) -> None:
    g = BELENIOS_2048
    e = ff_setup.election
    made = encrypt_ballot(e, ff_setup.credentials[1], [[0, 1], [0, 1, 0]])
    data = json.loads(made.ballot)
    choice = data["answers"][1]["choices"][0]
    choice["beta"] = str(g.mul(g.from_str(choice["beta"]), g.g))  # 0 becomes 1 without a new proof
    problem = ballot_problem(e, dumps(data))
    assert problem is not None


def test_a_ballot_outside_the_questions_bounds_cannot_be_made() -> None:
    setup = make_setup(BELENIOS_2048, (Question("Pick one", ("a", "b", "c"), 1, 1),), voters=1)
    with pytest.raises(BallotError, match="2 answers marked, allowed 1 to 1"):
        encrypt_ballot(setup.election, setup.credentials[0], [[1, 1, 0]])
    with pytest.raises(BallotError, match="each mark is 0 or 1"):
        encrypt_ballot(setup.election, setup.credentials[0], [[2, 0, 0]])
    with pytest.raises(BallotError, match="2 answers for 1 questions"):
        encrypt_ballot(setup.election, setup.credentials[0], [[1, 0, 0], [1]])


def test_a_ballot_for_another_election_is_refused(ff_setup: Setup) -> None:
    other = make_setup(BELENIOS_2048, voters=1)
    made = encrypt_ballot(other.election, other.credentials[0], [[1, 0], [0, 0, 0]])
    assert "another election" in (ballot_problem(ff_setup.election, made.ballot) or "")


def test_a_non_canonical_ballot_is_refused(ff_setup: Setup) -> None:
    made = encrypt_ballot(ff_setup.election, ff_setup.credentials[0], [[1, 0], [0, 0, 0]])
    spaced = json.dumps(json.loads(made.ballot))
    assert "canonical" in (ballot_problem(ff_setup.election, spaced) or "")


def test_blank_votes_and_choices_both_prove_on_a_blank_question() -> None:
    setup = make_setup(BELENIOS_2048, (Question("Chair", ("a", "b"), 1, 1, blank=True),), voters=2)
    blank = encrypt_ballot(setup.election, setup.credentials[0], [[1, 0, 0]])
    chosen = encrypt_ballot(setup.election, setup.credentials[1], [[0, 0, 1]])
    assert ballot_problem(setup.election, blank.ballot) is None
    assert ballot_problem(setup.election, chosen.ballot) is None


def test_a_challenged_ballot_opens_to_the_voters_choice_and_to_no_other(ff_setup: Setup) -> None:
    made = encrypt_ballot(ff_setup.election, ff_setup.credentials[2], [[0, 1], [1, 1, 0]])
    assert audit_ballot(ff_setup.election, made, [[0, 1], [1, 1, 0]])
    assert not audit_ballot(ff_setup.election, made, [[1, 0], [1, 1, 0]])


def test_credentials_carry_a_checksum() -> None:
    cred = new_credential()
    assert check_credential(cred) and len(cred) == 19
    wrong = cred[:-1] + ("2" if cred[-1] != "2" else "3")
    assert not check_credential(wrong)


def test_election_text_is_belenios_field_order() -> None:
    setup = make_setup(group_named("Ed25519"), voters=1)
    assert list(json.loads(setup.election.raw)) == ["version", "description", "name", "group", "public_key",
                                                    "questions", "uuid"]
    assert Election.parse(setup.election.raw).fingerprint == sha256_b64(setup.election.raw)
