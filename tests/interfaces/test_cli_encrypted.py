"""An engine's encrypted question from the command line (issue 14): each teller and voter makes
its JSON command on its own machine (`teller submit-key`, `ballot cast`, `teller submit-decryption`),
`councils apply` sends them, and the decided question's archive passes `councils ballot verify`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from councils.interfaces.cli import app

runner = CliRunner()
TELLERS = ("t1", "t2")


def _run(*args: str) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


def _apply(db: list[str], tmp_path: Path, *lines: str) -> None:
    path = tmp_path / "cmds.jsonl"
    path.write_text("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    _run(*db, "apply", str(path))


def test_an_encrypted_motion_from_the_command_line(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path}/councils.db"]
    people = ["t1", "t2", "v1", "v2", "v3"]
    _apply(db, tmp_path,
           json.dumps({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": "rsfsr-1918"}),
           json.dumps({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"}),
           *(json.dumps({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                         "class": "worker", "born": 1980}) for p in people),
           json.dumps({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                       "text": "Build the bridge", "tellers": list(TELLERS)}))
    for t in TELLERS:  # on each teller's machine: the key, then the command with its public half only
        _run("teller", "keygen", "--out", str(tmp_path / f"{t}.key"))
        submitted = _run("teller", "submit-key", "m1", "--teller", t, "--key", str(tmp_path / f"{t}.key"))
        assert json.loads(tmp_path.joinpath(f"{t}.key").read_text())["private_key"] not in submitted
        _apply(db, tmp_path, submitted)
    election = tmp_path / "election.json"
    election.write_text(_run(*db, "ballot", "election-of", "m1"))
    assert json.loads(election.read_text())["election"]
    for voter, choice in (("v1", "yes"), ("v2", "no"), ("v3", "yes")):
        cast = runner.invoke(app, ["ballot", "cast", "m1", "--voter", voter, "--election", str(election),
                                   "--choice", choice, "--credential-file", str(tmp_path / f"{voter}.cred")])
        assert cast.exit_code == 0, cast.output
        assert "tracker: " in cast.stderr and (tmp_path / f"{voter}.cred").stat().st_mode & 0o777 == 0o600
        _apply(db, tmp_path, cast.stdout)
    again = runner.invoke(app, ["ballot", "cast", "m1", "--voter", "v1", "--election", str(election),
                                "--choice", "no", "--credential-file", str(tmp_path / "v1.cred")])
    path = tmp_path / "again.jsonl"
    path.write_text(again.stdout)
    refused = runner.invoke(app, [*db, "apply", str(path)])
    assert refused.exit_code == 1 and "one ballot" in refused.stderr  # no re-vote in this constitution
    _apply(db, tmp_path, json.dumps({"cmd": "close_question", "question": "m1"}))
    view = tmp_path / "view.json"
    view.write_text(_run(*db, "ballot", "election-of", "m1"))
    for t in TELLERS:
        _apply(db, tmp_path, _run("teller", "submit-decryption", "m1", "--teller", t, "--key",
                                  str(tmp_path / f"{t}.key"), "--election", str(view)))
    shown = json.loads(_run(*db, "ballot", "election-of", "m1"))
    assert shown["status"] == "decided" and len(shown["trackers"]) == 3
    assert shown["outcome"] == "yes" and shown["totals"] == {"yes": 2, "no": 1, "abstain": 0}
    _run(*db, "ballot", "archive-of", "m1", "--dir", str(tmp_path / "out"))
    verified = runner.invoke(app, ["ballot", "verify", str(tmp_path / "out")])
    assert verified.exit_code == 0, verified.output
    assert "yes: 2, no: 1, abstain: 0" in verified.stdout and "all checks passed" in verified.stdout


def test_two_of_three_tellers_from_the_command_line(tmp_path: Path) -> None:
    from tests.unit.application.test_encrypted_questions import _constitution

    db = ["--db", f"sqlite:///{tmp_path}/councils.db"]
    doc = _constitution(False)
    doc["ballots"]["tellers_needed"] = 2
    tellers = ("t1", "t2", "t3")
    _apply(db, tmp_path,
           json.dumps({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": doc}),
           json.dumps({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"}),
           *(json.dumps({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                         "class": "worker", "born": 1980}) for p in (*tellers, "v1", "v2")),
           json.dumps({"cmd": "open_question", "question": "m1", "body": "ra/town", "kind": "motion",
                       "text": "Build the bridge", "tellers": list(tellers)}))
    for t in tellers:
        _run("teller", "keygen", "--threshold", "--out", str(tmp_path / f"{t}.key"))
    view = tmp_path / "view.json"
    for step in ("certificate", "polynomial", "key"):  # each round, every teller on its own machine
        view.write_text(_run(*db, "ballot", "election-of", "m1"))
        assert json.loads(view.read_text())["step"] == step
        for t in tellers:
            _apply(db, tmp_path, _run("teller", "submit-key", "m1", "--teller", t, "--key",
                                      str(tmp_path / f"{t}.key"), "--election", str(view)))
    view.write_text(_run(*db, "ballot", "election-of", "m1"))
    for voter, choice in (("v1", "no"), ("v2", "no")):
        _apply(db, tmp_path, _run("ballot", "cast", "m1", "--voter", voter, "--election", str(view), "--choice",
                                  choice, "--credential-file", str(tmp_path / f"{voter}.cred")))
    _apply(db, tmp_path, json.dumps({"cmd": "close_question", "question": "m1"}))
    view.write_text(_run(*db, "ballot", "election-of", "m1"))
    for t in ("t1", "t3"):
        _apply(db, tmp_path, _run("teller", "submit-decryption", "m1", "--teller", t, "--key",
                                  str(tmp_path / f"{t}.key"), "--election", str(view)))
    shown = json.loads(_run(*db, "ballot", "election-of", "m1"))
    assert shown["outcome"] == "no" and shown["totals"] == {"yes": 0, "no": 2, "abstain": 0}


def test_a_ranked_encrypted_election_from_the_command_line(tmp_path: Path) -> None:
    """IRV with encrypted rankings (issue 14): keys in RFC-3526-2048, `ballot cast --rank`, after
    close `teller submit-shuffle` by each teller in turn from the latest view, then the decryptions;
    the archive passes `councils ballot verify --method irv`, which elects whom the engine elected."""
    db = ["--db", f"sqlite:///{tmp_path}/councils.db"]
    people = ["t1", "t2", "v1", "v2", "v3"]
    _apply(db, tmp_path,
           json.dumps({"cmd": "found_republic", "republic": "ra", "name": "Ra", "constitution": "rsfsr-1918"}),
           json.dumps({"cmd": "create_council", "council": "ra/town", "republic": "ra", "kind": "town"}),
           *(json.dumps({"cmd": "register_person", "person": p, "council": "ra/town", "nationality": "x",
                         "class": "worker", "born": 1980}) for p in people),
           json.dumps({"cmd": "open_question", "question": "e1", "body": "ra/town", "kind": "election",
                       "text": "Our delegate", "options": ["v1", "v2", "v3"], "to": "ra/congress",
                       "tellers": list(TELLERS)}))
    for t in TELLERS:
        _run("teller", "keygen", "--group", "RFC-3526-2048", "--out", str(tmp_path / f"{t}.key"))
        _apply(db, tmp_path, _run("teller", "submit-key", "e1", "--teller", t, "--key", str(tmp_path / f"{t}.key")))
    election = tmp_path / "election.json"
    election.write_text(_run(*db, "ballot", "election-of", "e1"))
    for voter, ranking in (("v1", "v1,v2"), ("v2", "v2,v3,v1"), ("v3", "v3,v2"), ("t1", "v1"), ("t2", "v1,v3")):
        cast = runner.invoke(app, ["ballot", "cast", "e1", "--voter", voter, "--election", str(election),
                                   "--rank", ranking, "--credential-file", str(tmp_path / f"{voter}.cred")])
        assert cast.exit_code == 0, cast.output
        _apply(db, tmp_path, cast.stdout)
    twice = runner.invoke(app, ["ballot", "cast", "e1", "--voter", "v1", "--election", str(election),
                                "--rank", "v1,v1", "--credential-file", str(tmp_path / "x.cred")])
    assert twice.exit_code != 0 and "names an option twice" in twice.output
    _apply(db, tmp_path, json.dumps({"cmd": "close_question", "question": "e1"}))
    view = tmp_path / "view.json"
    for t in TELLERS:  # each in turn, from the view the last shuffle left
        view.write_text(_run(*db, "ballot", "election-of", "e1"))
        _apply(db, tmp_path, _run("teller", "submit-shuffle", "e1", "--teller", t, "--election", str(view)))
    view.write_text(_run(*db, "ballot", "election-of", "e1"))
    assert json.loads(view.read_text())["shuffled_by"] == list(TELLERS)
    for t in TELLERS:
        _apply(db, tmp_path, _run("teller", "submit-decryption", "e1", "--teller", t, "--key",
                                  str(tmp_path / f"{t}.key"), "--election", str(view)))
    shown = json.loads(_run(*db, "ballot", "election-of", "e1"))
    assert shown["status"] == "decided" and shown["outcome"] == "v1"
    _run(*db, "ballot", "archive-of", "e1", "--dir", str(tmp_path / "out"))
    verified = runner.invoke(app, ["ballot", "verify", str(tmp_path / "out"), "--method", "irv"])
    assert verified.exit_code == 0, verified.output
    assert "all checks passed" in verified.stdout
    assert "irv, 1 seat(s), 5 valid ballots, 0 invalid: elected v1" in verified.stdout
