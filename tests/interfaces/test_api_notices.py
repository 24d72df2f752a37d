"""My notices over HTTP: each person chooses what they receive; without SMTP they wait on their page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_a_person_chooses_their_notices_and_reads_them_without_smtp(client: TestClient) -> None:
    taras = sign_in(client, "ukraine-taras")
    assert client.get("/api/me/notices").status_code == 401
    mine = client.get("/api/me/notices", headers=taras).json()
    assert mine["preferences"] == {"address": None, "kinds": ["opened", "closing", "decided", "recalled"],
                                   "language": None}
    chosen = client.put("/api/me/notices", headers=taras,
                        json={"address": "taras@example.org", "kinds": ["opened", "recalled"], "language": "uk"})
    assert chosen.status_code == 200 and chosen.json()["preferences"]["kinds"] == ["opened", "recalled"]
    assert chosen.json()["preferences"]["language"] == "uk"
    bad = client.put("/api/me/notices", headers=taras, json={"kinds": ["opened"], "language": "ukrainian"})
    assert bad.status_code == 422 and "not a language code" in bad.text
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="tram", body="ukraine/kharkiv", kind="motion",
               text="A tram to the works"))
    ok(command(client, clerk, "close_question", question="tram"))
    notices = client.get("/api/me/notices", headers=taras).json()["notices"]
    assert [(n["kind"], n["question"]) for n in notices][:1] == [("opened", "tram")]
    assert "decided" not in {n["kind"] for n in notices}  # not chosen
    assert notices[0]["email"] is None  # no worker: nothing fanned out, nothing sent
    ivan = sign_in(client, "ukraine-ivan")  # of Poltava: not on Kharkiv's roll
    assert "tram" not in {n["question"] for n in client.get("/api/me/notices", headers=ivan).json()["notices"]}


def test_bad_choices_are_refused_by_name(client: TestClient) -> None:
    taras = sign_in(client, "ukraine-taras")
    body = refused(client.put("/api/me/notices", headers=taras, json={"address": "not an address"}), 422)
    assert "not an e-mail address" in body["message"]
    refused(client.put("/api/me/notices", headers=taras, json={"kinds": ["gossip"]}), 422)
    admin = sign_in(client, "admin")
    refused(client.get("/api/me/notices", headers=admin), 403, "own notices")
