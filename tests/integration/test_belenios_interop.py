"""councils and Debian's belenios-tool 2.0 verify each other's elections.

Both directions, with threshold tellers (2 of 3): an archive councils writes for a yes/no and an
approval question passes `belenios-tool election verify`, and an election belenios-tool runs
from start to finish (its own demo-threshold.sh, pointed at the installed binary) passes
councils' verifier — and each refuses what was tampered with. Skipped only when belenios-tool
is absent and COUNCILS_REQUIRE_BELENIOS is unset (`make test` sets it, so CI cannot skip).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from councils.ballot import mixnet
from councils.ballot import trustees as tr
from councils.ballot.archive import Closed, build_archive, read_records, tally_of, verify_archive
from councils.ballot.election import (
    Election,
    Question,
    RankedQuestion,
    encrypt_ballot,
    new_credential,
    new_uuid,
    public_credential,
)
from councils.ballot.group import BELENIOS_2048, RFC_3526_2048, FiniteFieldGroup

TOOL = shutil.which("belenios-tool")
DEMO = Path("/usr/share/doc/belenios-tool/examples/demo-threshold.sh")
DEMO_STV = Path("/usr/share/doc/belenios-tool/examples/demo-stv.sh")

if TOOL is None:
    if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
        pytest.fail("COUNCILS_REQUIRE_BELENIOS=1 but belenios-tool is not installed (scripts/services.sh start)",
                    pytrace=False)
    pytest.skip("belenios-tool is not installed", allow_module_level=True)

TEMPLATE = {"description": "Two questions of the demo, as Belenios's tests/tool/templates/questions.json",
            "name": "Demo", "questions": [
                {"answers": ["Answer 1", "Answer 2"], "min": 0, "max": 1, "question": "Question 1?"},
                {"answers": ["Answer 1", "Answer 2"], "blank": True, "min": 1, "max": 1, "question": "Question 2?"}]}


def _verify_with_tool(directory: Path) -> subprocess.CompletedProcess[str]:
    assert TOOL is not None
    return subprocess.run([TOOL, "election", "verify", "--dir", str(directory)], capture_output=True, text=True,
                          timeout=120, check=False)


def _closed(group: FiniteFieldGroup) -> tuple[Closed, list[list[int]]]:
    dealing = tr.deal_pedersen(group, 3, 2)
    trustees: list[object] = [["Pedersen", dealing.params]]
    uuid = new_uuid()
    election = Election.make(
        uuid=uuid, name="Council of Shuya", description="A yes/no and an approval question", group=group,
        public_key=tr.election_key(group, trustees),
        questions=[Question("Adopt the plan?", ("yes", "no"), 1, 1),
                   Question("Commission", ("Ana", "Boris", "Chen"), 0, 3)])
    creds = [new_credential() for _ in range(5)]
    votes = [[[1, 0], [1, 1, 0]], [[0, 1], [0, 0, 0]], [[1, 0], [1, 1, 1]], [[1, 0], [0, 1, 0]],
             [[0, 1], [0, 0, 1]]]
    ballots = [encrypt_ballot(election, c, v).ballot for c, v in zip(creds, votes, strict=True)]
    ballots.append(encrypt_ballot(election, creds[1], [[1, 0], [1, 0, 0]]).ballot)  # a re-vote replaces
    tally, _ = tally_of(election, ballots)
    decs = {2: tr.partial_decryption(election, tally, dealing.keys[1]),
            3: tr.partial_decryption(election, tally, dealing.keys[2])}
    closed = Closed(election, trustees, [public_credential(group, uuid, c) for c in creds], ballots, decs,
                    int(time.time()))
    return closed, [[4, 1], [3, 3, 2]]


@pytest.mark.parametrize("group", [BELENIOS_2048, RFC_3526_2048], ids=lambda g: g.name)
def test_belenios_tool_accepts_a_councils_archive_with_two_of_three_tellers(tmp_path: Path,
                                                                            group: FiniteFieldGroup) -> None:
    closed, expected = _closed(group)
    blob = build_archive(closed)
    (tmp_path / f"{closed.election.uuid}.bel").write_bytes(blob)
    run = _verify_with_tool(tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    assert "all checks passed" in run.stdout + run.stderr
    assert verify_archive(blob).result == expected


def test_belenios_tool_refuses_a_councils_archive_with_a_forged_result(tmp_path: Path) -> None:
    closed, _ = _closed(BELENIOS_2048)
    blob = build_archive(closed)
    records = list(read_records(blob))
    result_name = next(n for n, c in records if c.startswith(b'{"result":'))
    forged = blob.replace(b'{"result":[[4,1],', b'{"result":[[1,4],')
    forged = forged.replace(result_name.split(".")[0].encode(), b"0" * 64)  # the name no longer matches either
    (tmp_path / f"{closed.election.uuid}.bel").write_bytes(forged)
    assert _verify_with_tool(tmp_path).returncode != 0
    assert not verify_archive(forged).ok


@pytest.fixture(scope="module")
def tool_election(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An election run end to end by belenios-tool's own demo-threshold.sh (2 of 3 plus a server key)."""
    root = tmp_path_factory.mktemp("belenios-demo")
    (root / "questions.json").write_text(json.dumps(TEMPLATE))
    script = DEMO.read_text()
    script = script.replace("$BELENIOS/_run/tool-debug/bin/belenios-tool", str(TOOL))
    script = script.replace("DIR=$BELENIOS/tests/tool/data/$UUID", f"DIR={root}/$UUID")
    script = script.replace("$BELENIOS/tests/tool/templates/questions.json", str(root / "questions.json"))
    (root / "demo.sh").write_text(script)
    run = subprocess.run(["bash", str(root / "demo.sh")], cwd=root, capture_output=True, text=True, timeout=300,
                         check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    archives = list(root.glob("*/*.bel"))
    assert len(archives) == 1
    return archives[0]


def test_councils_verifies_an_election_belenios_tool_ran(tool_election: Path) -> None:
    report = verify_archive(tool_election.read_bytes())
    assert report.problems == []
    # demo-threshold.sh's votes, after its three re-votes: [[3,1],[2,2,1]] (blank first in question 2).
    assert report.result == [[3, 1], [2, 2, 1]]
    assert (report.ballots, report.tallied, report.partial_decryptions) == (8, 5, 4)


def test_councils_refuses_the_belenios_election_with_a_changed_ballot(tool_election: Path) -> None:
    blob = tool_election.read_bytes()
    records = list(read_records(blob))
    name, content = next((n, c) for n, c in records if c.startswith(b'{"election_uuid"'))
    data = json.loads(content)
    data["answers"][0]["choices"].reverse()
    changed = json.dumps(data, separators=(",", ":")).encode()
    assert len(changed) == len(content)
    report = verify_archive(blob.replace(content, changed))
    assert any(name in p for p in report.problems)


def test_a_question_run_from_the_cli_alone_passes_belenios_tool(tmp_path: Path) -> None:
    """Three tellers make their keys on their own (2 of 3), voters encrypt, two tellers decrypt,
    the archive is written: belenios-tool and `councils ballot verify` both accept it."""
    from typer.testing import CliRunner

    from councils.interfaces.cli import app

    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    def save(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    keys = [tmp_path / f"teller{i}.key" for i in (1, 2, 3)]
    certs = save("certs.json", json.dumps([json.loads(run("teller", "keygen", "--threshold", "--out", str(k)))
                                           for k in keys]))
    assert oct(keys[0].stat().st_mode & 0o777) == "0o600"
    polys = save("polys.json", json.dumps([
        json.loads(run("teller", "polynomial", "--key", str(k), "--certs", str(certs), "--threshold", "2"))
        for k in keys]))
    vks = save("vks.json", json.dumps([
        json.loads(run("teller", "share", "--key", str(k), "--certs", str(certs), "--polynomials", str(polys)))
        for k in keys]))
    trustees = save("trustees.json", run("teller", "assemble", "--group", "BELENIOS-2048", "--certs", str(certs),
                                         "--polynomials", str(polys), "--keys", str(vks)))
    questions = save("questions.json", json.dumps([
        {"question": "Adopt?", "answers": ["yes", "no"], "min": 1, "max": 1},
        {"question": "Commission", "answers": ["Ana", "Boris", "Chen"], "min": 0, "max": 3}]))
    election = save("election.json", run("ballot", "election", "--trustees", str(trustees), "--questions",
                                         str(questions), "--name", "Council of Kineshma"))
    publics, ballots = [], []
    for choices in ("[[1,0],[1,0,1]]", "[[0,1],[1,1,0]]", "[[1,0],[0,0,0]]"):
        secret, public = run("ballot", "credential", "--election", str(election)).split()
        publics.append(public)
        ballots.append(run("ballot", "encrypt", "--election", str(election), "--credential", secret,
                           "--choices", choices).strip())
    creds = save("creds.json", json.dumps(publics))
    box = save("ballots.jsonl", "\n".join(ballots) + "\n")
    tally = save("tally.json", run("ballot", "tally", "--election", str(election), "--ballots", str(box)))
    d1 = save("d1.json", run("teller", "decrypt", "--key", str(keys[0]), "--election", str(election),
                             "--tally", str(tally)))
    d3 = save("d3.json", run("teller", "decrypt", "--key", str(keys[2]), "--election", str(election),
                             "--tally", str(tally)))
    out_dir = tmp_path / "archive"
    run("ballot", "archive", "--election", str(election), "--trustees", str(trustees), "--credentials", str(creds),
        "--ballots", str(box), "--decryption", f"1={d1}", "--decryption", f"3={d3}", "--dir", str(out_dir))
    tool = _verify_with_tool(out_dir)
    assert tool.returncode == 0, tool.stderr
    verified = run("ballot", "verify", str(out_dir), "--jobs", "1")
    assert "Adopt? yes: 2, no: 1" in verified and "Commission Ana: 2, Boris: 1, Chen: 1" in verified
    assert "all checks passed" in verified


def test_ballot_verify_names_the_problem_and_exits_1(tool_election: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from councils.interfaces.cli import app

    blob = bytearray(tool_election.read_bytes())
    at = blob.index(b'{"result":[[') + 12
    blob[at:at + 1] = b"9"
    bad = tmp_path / "bad.bel"
    bad.write_bytes(bytes(blob))
    result = CliRunner().invoke(app, ["ballot", "verify", str(bad), "--jobs", "1"])
    assert result.exit_code == 1
    assert "does not hold what its name's hash says" in result.stderr


def test_belenios_tool_accepts_a_councils_ranked_question_mixed_by_two_tellers(tmp_path: Path) -> None:
    group = RFC_3526_2048
    dealing = tr.deal_pedersen(group, 3, 2)
    trustees: list[object] = [["Pedersen", dealing.params]]
    uuid = new_uuid()
    election = Election.make(uuid=uuid, name="Council of Furmanov", description="STV for the commission",
                             group=group, public_key=tr.election_key(group, trustees),
                             questions=[RankedQuestion("Commission", ("Ana", "Boris", "Chen", "Dara"))])
    creds = [new_credential() for _ in range(5)]
    votes = [[[1, 2, 3, 4]], [[2, 1, 4, 3]], [[4, 3, 2, 1]], [[1, 3, 2, 4]], [[3, 1, 2, 4]]]
    ballots = [encrypt_ballot(election, c, v).ballot for c, v in zip(creds, votes, strict=True)]
    tally, _ = tally_of(election, ballots)
    t1, s1 = mixnet.shuffle_tally(election, tally)
    t2, s2 = mixnet.shuffle_tally(election, t1)
    decs = {2: tr.partial_decryption(election, t2, dealing.keys[1]),
            3: tr.partial_decryption(election, t2, dealing.keys[2])}
    blob = build_archive(Closed(election, trustees, [public_credential(group, uuid, c) for c in creds], ballots,
                                decs, int(time.time()), shuffles=[(1, s1), (2, s2)]))
    (tmp_path / f"{uuid}.bel").write_bytes(blob)
    run = _verify_with_tool(tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    report = verify_archive(blob)
    assert report.result is not None and sorted(report.result[0]) == sorted(v[0] for v in votes)


def test_councils_verifies_a_mixnet_election_belenios_tool_ran(tmp_path: Path) -> None:
    """belenios-tool's demo-stv.sh (three single tellers, two shuffles), cut to 8 voters for time."""
    (tmp_path / "questions.json").write_text(json.dumps({
        "description": "STV", "name": "Demo STV", "questions": [{"type": "NonHomomorphic", "value": {
            "answers": ["Answer 1", "Answer 2", "Answer 3", "Answer 4", "Answer 5"], "question": "Question?"}}]}))
    script = DEMO_STV.read_text()
    script = script.replace("$BELENIOS/_run/tool-debug/bin/belenios-tool", str(TOOL))
    script = script.replace("DIR=$BELENIOS/tests/tool/data/$UUID", f"DIR={tmp_path}/$UUID")
    script = script.replace("$BELENIOS/tests/tool/templates/questions-stv.json", str(tmp_path / "questions.json"))
    script = script.replace("--count 50", "--count 8").replace("paste private_creds.txt votes.txt",
                                                              "paste private_creds.txt <(head -n 8 votes.txt)")
    script = script.replace("if command -v jq > /dev/null; then", "if false; then")  # its reference is for 50
    (tmp_path / "demo.sh").write_text(script)
    run = subprocess.run(["bash", str(tmp_path / "demo.sh")], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = verify_archive(next(tmp_path.glob("*/*.bel")).read_bytes())
    assert report.problems == []
    assert report.shuffles == 2 and report.result is not None
    first_eight = [[4, 1, 2, 5, 3], [2, 4, 5, 3, 1], [3, 5, 1, 4, 2], [3, 4, 2, 1, 5], [5, 3, 2, 4, 1],
                   [5, 3, 4, 1, 2], [5, 4, 2, 1, 3], [4, 3, 1, 5, 2]]
    assert sorted(report.result[0]) == sorted(first_eight)


def test_councils_counts_decrypted_rankings_as_belenios_tool_method_stv_does() -> None:
    """The 50 ballots of belenios-tool's demo-stv.sh, counted by belenios-tool and by councils (2 seats)."""
    assert TOOL is not None
    votes_block = DEMO_STV.read_text().split("cat > votes.txt <<EOF\n", 1)[1].split("EOF", 1)[0]
    vectors = [json.loads(line)[0] for line in votes_block.strip().splitlines()]
    assert len(vectors) == 50
    tool = subprocess.run([TOOL, "method", "stv", "--nseats", "2"], input=json.dumps(vectors), capture_output=True,
                          text=True, timeout=60, check=True)
    question = RankedQuestion("Question?", tuple(f"Answer {i}" for i in range(1, 6)))
    expected = [question.answers[i] for i in json.loads(tool.stdout)["winners"]]

    from councils.counting import Ballots, count

    rankings, invalid = question.rankings(vectors)
    assert invalid == 0
    assert list(count(Ballots.from_rankings(list(question.answers), rankings), "stv", seats=2).winners) == expected
