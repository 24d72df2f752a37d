"""An encrypted question over the API (issue 14): commands through POST /api/commands as every other,
the election read from GET /api/questions/{id}/election, the archive from .../archive; each teller
and voter acts only as its own person."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from councils.application.encrypted_reads import tracker_check
from councils.application.governance import Governance
from councils.ballot import trustees as tr
from councils.ballot.archive import verify_archive
from councils.ballot.election import Election, encrypt_ballot, new_credential, read_tally
from councils.ballot.group import group_named
from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)
GROUP = group_named("BELENIOS-2048")
TELLERS = ("ukraine-olena", "ukraine-taras")


def test_an_encrypted_motion_through_the_api(client: TestClient, demo_gov: Governance) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="kharkiv-secret", body="ukraine/kharkiv",
               kind="motion", text="Elect the tram committee in secret", tellers=list(TELLERS)))
    refused(client.get("/api/questions/kharkiv-secret/archive"), 409, "encrypted ballot")
    keys = {}
    for t in TELLERS:
        keys[t] = GROUP.random_scalar()
        key = json.dumps(tr.single_key(GROUP, keys[t]))
        refused(command(client, clerk, "submit_teller_key", question="kharkiv-secret", teller=t, key=key), 403)
        ok(command(client, sign_in(client, t), "submit_teller_key", question="kharkiv-secret", teller=t, key=key))
    view = ok(client.get("/api/questions/kharkiv-secret/election"))
    assert [t["key_submitted"] for t in view["tellers"]] == [True, True] and view["group"] == "BELENIOS-2048"
    election = Election.parse(view["election"])
    trackers = []
    for voter, marks in (("ukraine-olena", [1, 0, 0]), ("ukraine-taras", [0, 1, 0]), ("ukraine-mykola", [0, 1, 0])):
        made = encrypt_ballot(election, new_credential(), [marks])
        voted = ok(command(client, sign_in(client, voter), "cast_encrypted_ballot", question="kharkiv-secret",
                           voter=voter, ballot=made.ballot))
        assert voted["receipt"] == made.tracker
        trackers.append(made.tracker)
    assert sorted(trackers) == ok(client.get("/api/questions/kharkiv-secret/election"))["trackers"]
    checked = ok(client.get("/api/questions/kharkiv-secret/receipts/not-a-tracker"))
    assert not checked["found"] and checked["message"] == "no ballot with this tracker is in the box"
    ok(command(client, clerk, "close_question", question="kharkiv-secret"))
    view = ok(client.get("/api/questions/kharkiv-secret/election"))
    tally = read_tally(GROUP, view["encrypted_tally"])
    for t in TELLERS:
        ok(command(client, sign_in(client, t), "submit_partial_decryption", question="kharkiv-secret",
                   teller=t, decryption=tr.partial_decryption(election, tally, keys[t])))
    q = ok(client.get("/api/questions/kharkiv-secret"))
    assert q["status"] == "decided" and q["outcome"] == "no"
    checked = tracker_check(demo_gov.state, "kharkiv-secret", trackers[0])  # (a tracker may hold '/': no path)
    assert checked["counted"] and checked["message"].startswith("counted in the decrypted totals")
    archive = client.get("/api/questions/kharkiv-secret/archive")
    assert archive.status_code == 200 and archive.headers["content-disposition"].endswith(f'{election.uuid}.bel"')
    assert verify_archive(archive.content).ok
    refused(client.get("/api/questions/kharkiv-bread/election"), 404)


def test_submit_shuffle_through_the_api_is_a_tellers_own_act(client: TestClient) -> None:
    """submit_shuffle over POST /api/commands (issue 14): an account shuffles only as its own person
    (403 otherwise), and a question counted on encrypted totals takes no shuffle (409, by name).
    The whole ranked flow is in tests/integration/test_encrypted_ranked_question.py (Governance) and
    tests/interfaces/test_cli_encrypted.py (the CLI); the demo has no vacant seat to elect in secret."""
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="kharkiv-no-shuffle", body="ukraine/kharkiv",
               kind="motion", text="A secret motion", tellers=list(TELLERS)))
    refused(command(client, clerk, "submit_shuffle", question="kharkiv-no-shuffle", teller=TELLERS[0],
                    shuffle="{}"), 403)
    body = refused(command(client, sign_in(client, TELLERS[0]), "submit_shuffle", question="kharkiv-no-shuffle",
                           teller=TELLERS[0], shuffle="{}"), 409, "encrypted ballot")
    assert "its ballots are not shuffled" in body["message"]


def test_the_challenge_endpoint_refuses_what_is_not_a_challenged_ballot(client: TestClient) -> None:
    refused(client.post("/api/questions/kharkiv-ranked-none/challenge", json={}), 404)
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="kharkiv-open-plain", body="ukraine/kharkiv",
               kind="motion", text="A plain motion"))
    refused(client.post("/api/questions/kharkiv-open-plain/challenge", json={}), 409, "encrypted ballot")
    ok(command(client, clerk, "open_question", question="kharkiv-challenge", body="ukraine/kharkiv",
               kind="motion", text="A secret motion", tellers=["ukraine-olena"]))
    assert "no election key yet" in refused(client.post("/api/questions/kharkiv-challenge/challenge", json={}), 409,
                                            "encrypted ballot")["message"]
    key = GROUP.random_scalar()
    ok(command(client, sign_in(client, "ukraine-olena"), "submit_teller_key", question="kharkiv-challenge",
               teller="ukraine-olena", key=json.dumps(tr.single_key(GROUP, key))))
    refused(client.post("/api/questions/kharkiv-challenge/challenge", json={"ballot": 3}), 422)
    election = Election.parse(ok(client.get("/api/questions/kharkiv-challenge/election"))["election"])
    made = encrypt_ballot(election, new_credential(), [[0, 0, 1]])
    revealed = {"ballot": made.ballot, "choices": [[0, 0, 1]], "randomness": [[str(r) for r in made.randomness[0]]]}
    checked = ok(client.post("/api/questions/kharkiv-challenge/challenge", json=revealed))
    assert checked["valid"] and checked["choices"] == ["abstain"] and checked["tracker"] == made.tracker
    lying = ok(client.post("/api/questions/kharkiv-challenge/challenge", json={**revealed, "choices": [[1, 0, 0]]}))
    assert not lying["valid"] and "does NOT encrypt" in lying["message"]
