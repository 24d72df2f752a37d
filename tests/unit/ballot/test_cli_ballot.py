"""`councils teller` and `councils ballot`: keys kept private, a challenge the voter can check,
and bad input refused in one line (the full round trip is in tests/integration/test_belenios_interop.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from councils.interfaces.cli import app

runner = CliRunner()


def _election(tmp_path: Path) -> tuple[Path, str]:
    key = tmp_path / "teller.key"
    public = runner.invoke(app, ["teller", "keygen", "--group", "Ed25519", "--out", str(key)])
    assert public.exit_code == 0, public.output
    trustees = tmp_path / "trustees.json"
    trustees.write_text(json.dumps([["Single", json.loads(public.stdout)]]))
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps([{"question": "Adopt?", "answers": ["yes", "no"], "min": 1, "max": 1}]))
    made = runner.invoke(app, ["ballot", "election", "--group", "Ed25519", "--trustees", str(trustees),
                               "--questions", str(questions), "--name", "Council of Vichuga"])
    assert made.exit_code == 0, made.output
    election = tmp_path / "election.json"
    election.write_text(made.stdout)
    secret = runner.invoke(app, ["ballot", "credential", "--election", str(election)]).stdout.split()[0]
    return election, secret


def test_a_tellers_private_key_is_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    key = tmp_path / "teller.key"
    first = runner.invoke(app, ["teller", "keygen", "--out", str(key)])
    assert first.exit_code == 0
    assert key.stat().st_mode & 0o777 == 0o600
    assert json.loads(key.read_text())["private_key"] not in first.stdout
    again = runner.invoke(app, ["teller", "keygen", "--out", str(key)])
    assert again.exit_code == 1 and "never overwritten" in again.stderr


def test_a_challenged_ballot_audits_true_and_a_lying_one_is_named(tmp_path: Path) -> None:
    election, secret = _election(tmp_path)
    spoiled = runner.invoke(app, ["ballot", "encrypt", "--election", str(election), "--credential", secret,
                                  "--choices", "[[0,1]]", "--challenge"])
    assert spoiled.exit_code == 0 and "never cast it" in spoiled.stderr
    honest = tmp_path / "challenge.json"
    honest.write_text(spoiled.stdout)
    checked = runner.invoke(app, ["ballot", "audit", str(honest), "--election", str(election)])
    assert checked.exit_code == 0 and "encrypted faithfully" in checked.stdout
    lying = tmp_path / "lying.json"
    data = json.loads(spoiled.stdout)
    data["choices"] = [[1, 0]]  # the machine shows "yes" but encrypted "no"
    lying.write_text(json.dumps(data))
    caught = runner.invoke(app, ["ballot", "audit", str(lying), "--election", str(election)])
    assert caught.exit_code == 1 and "does NOT encrypt the choices shown" in caught.stderr


def test_encrypt_prints_the_ballot_and_its_tracker(tmp_path: Path) -> None:
    from councils.ballot.election import sha256_b64

    election, secret = _election(tmp_path)
    made = runner.invoke(app, ["ballot", "encrypt", "--election", str(election), "--credential", secret,
                               "--choices", "[[1,0]]"])
    assert made.exit_code == 0, made.output
    assert made.stderr.strip() == f"tracker: {sha256_b64(made.stdout.strip())}"


def test_bad_input_is_refused_in_one_line(tmp_path: Path) -> None:
    election, secret = _election(tmp_path)
    cases = [
        (["ballot", "encrypt", "--election", str(election), "--credential", secret, "--choices", "[[1,1]]"],
         "2 answers marked, allowed 1 to 1"),
        (["ballot", "encrypt", "--election", str(election), "--credential", "ABC-DEF", "--choices", "[[1,0]]"],
         "checksum"),
        (["ballot", "encrypt", "--election", str(election), "--credential", secret, "--choices", "yes"],
         "is not JSON"),
        (["teller", "keygen", "--group", "P-256", "--out", str(tmp_path / "k")], "unknown group 'P-256'"),
        (["ballot", "verify", str(tmp_path / "missing.bel")], "No such file"),
    ]
    for args, expected in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_a_ranked_question_is_mixed_decrypted_and_verified_from_the_cli(tmp_path: Path) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    def save(name: str, text: str) -> Path:
        (tmp_path / name).write_text(text)
        return tmp_path / name

    key = tmp_path / "teller.key"
    public = run("teller", "keygen", "--group", "RFC-3526-2048", "--out", str(key))
    trustees = save("trustees.json", json.dumps([["Single", json.loads(public)]]))
    questions = save("q.json", json.dumps([{"type": "NonHomomorphic", "value": {
        "question": "Rank the candidates", "answers": ["Ana", "Boris", "Chen"]}}]))
    election = save("election.json", run("ballot", "election", "--group", "RFC-3526-2048", "--trustees",
                                         str(trustees), "--questions", str(questions), "--name", "Council of Teykovo"))
    publics, ballots = [], []
    for ranks in ("[[1,2,3]]", "[[3,1,2]]"):
        secret, pub = run("ballot", "credential", "--election", str(election)).split()
        publics.append(pub)
        ballots.append(run("ballot", "encrypt", "--election", str(election), "--credential", secret,
                           "--choices", ranks).strip())
    box = save("ballots.jsonl", "\n".join(ballots) + "\n")
    creds = save("creds.json", json.dumps(publics))
    tally = save("tally.json", run("ballot", "tally", "--election", str(election), "--ballots", str(box)))
    shuffle = save("shuffle.json", run("teller", "shuffle", "--election", str(election), "--tally", str(tally),
                                       "--out-tally", str(tmp_path / "mixed.json")))
    dec = save("d1.json", run("teller", "decrypt", "--key", str(key), "--election", str(election), "--tally",
                              str(tmp_path / "mixed.json")))
    run("ballot", "archive", "--election", str(election), "--trustees", str(trustees), "--credentials", str(creds),
        "--ballots", str(box), "--shuffle", f"1={shuffle}", "--decryption", f"1={dec}", "--dir", str(tmp_path / "a"))
    verified = run("ballot", "verify", str(tmp_path / "a"), "--jobs", "1")
    assert "2 ranked ballots decrypted after 1 shuffles" in verified
    assert "[1, 2, 3]" in verified and "[3, 1, 2]" in verified and "all checks passed" in verified
    counted = run("ballot", "verify", str(tmp_path / "a"), "--jobs", "1", "--method", "irv")
    assert "irv, 1 seat(s), 2 valid ballots, 0 invalid: elected" in counted


def test_a_voter_finds_their_tracker_counted_replaced_or_missing(tmp_path: Path) -> None:
    from councils.ballot import trustees as tr
    from councils.ballot.archive import Closed, build_archive, tally_of
    from councils.ballot.election import encrypt_ballot
    from councils.ballot.group import group_named
    from tests.unit.ballot.conftest import make_setup

    setup = make_setup(group_named("Ed25519"), voters=2)
    e = setup.election
    first = encrypt_ballot(e, setup.credentials[0], [[1, 0], [0, 0, 0]])
    other = encrypt_ballot(e, setup.credentials[1], [[0, 1], [1, 0, 0]])
    revote = encrypt_ballot(e, setup.credentials[0], [[0, 1], [0, 1, 0]])
    ballots = [first.ballot, other.ballot, revote.ballot]
    tally, _ = tally_of(e, ballots)
    decs = {1: tr.partial_decryption(e, tally, setup.dealing.keys[0]),
            2: tr.partial_decryption(e, tally, setup.dealing.keys[1])}
    archive = tmp_path / f"{e.uuid}.bel"
    archive.write_bytes(build_archive(Closed(e, setup.trustees, setup.public, ballots, decs, 1_796_000_000)))

    def verify(tracker: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["ballot", "verify", str(archive), "--jobs", "1", "--tracker", tracker])
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = verify(revote.tracker)
    assert code == 0 and f"tracker {revote.tracker}: in the archive, counted" in out
    code, out, _ = verify(first.tracker)
    assert code == 0 and "replaced by a later ballot of the same credential, and not counted" in out
    code, _, err = verify("not-a-tracker")
    assert code == 1 and "is not in this archive" in err


def test_archive_refuses_a_ballot_that_fails_its_checks_naming_its_line(tmp_path: Path) -> None:
    election, secret = _election(tmp_path)
    good = runner.invoke(app, ["ballot", "encrypt", "--election", str(election), "--credential", secret,
                               "--choices", "[[1,0]]"]).stdout.strip()
    data = json.loads(good)
    data["answers"][0]["choices"].reverse()
    box = tmp_path / "ballots.jsonl"
    box.write_text(good + "\n" + json.dumps(data, separators=(",", ":")) + "\n")
    (tmp_path / "creds.json").write_text(json.dumps([data["credential"]]))
    (tmp_path / "d.json").write_text("{}")
    result = runner.invoke(app, ["ballot", "archive", "--election", str(election), "--trustees",
                                 str(tmp_path / "trustees.json"), "--credentials", str(tmp_path / "creds.json"),
                                 "--ballots", str(box), "--decryption", f"1={tmp_path / 'd.json'}",
                                 "--dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{box}:2: ballot: the signature's hash is not the ballot's" in result.stderr
    assert not (tmp_path / "out").exists()
