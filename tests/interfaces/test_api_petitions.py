"""Petitions over HTTP: started and signed as commands, each signer as themselves, read in the open."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)

RECALL = {"petition": "recall-oksana", "kind": "recall", "body": "ukraine/kharkiv",
          "delegate": "ukraine-oksana", "text": "Recall Oksana", "question": "recall-oksana-q"}


def test_r8_a_recall_petition_of_kharkivs_electors_opens_the_recall(client: TestClient) -> None:
    poltava = sign_in(client, "ukraine-ivan")  # an elector, but of Poltava
    body = refused(command(client, poltava, "start_petition", **RECALL), 403, "R8 recall")
    assert "only the electors of ukraine/kharkiv" in body["reason"]
    taras = sign_in(client, "ukraine-taras")
    refused(command(client, taras, "open_question", question="q", body="ukraine/kharkiv", kind="recall",
                    delegate="ukraine-oksana", text="alone"), 409, "R8 recall")
    ok(command(client, taras, "start_petition", person="ukraine-taras", **RECALL))
    refused(command(client, taras, "sign_petition", petition="recall-oksana", person="ukraine-mykola"),
            403, "own signature")
    refused(command(client, poltava, "sign_petition", petition="recall-oksana", person="ukraine-ivan"),
            409, "R8 recall")
    ok(command(client, taras, "sign_petition", petition="recall-oksana", person="ukraine-taras"))
    read = client.get("/api/petitions/recall-oksana")
    assert read.status_code == 200 and read.headers["X-Councils-Position"]
    petition = read.json()
    assert (petition["status"], petition["signed"], petition["delegate_name"]) == ("open", 1, "Oksana")
    assert petition["signed_by"][0]["name"] == "Taras"
    needed = petition["needed"]
    for login in ("ukraine-mykola", "ukraine-olena", "kharkiv-petro")[:needed - 1]:
        ok(command(client, sign_in(client, login), "sign_petition", petition="recall-oksana",
                   person=login))
    petition = client.get("/api/petitions/recall-oksana").json()
    assert petition["status"] == "succeeded"
    assert petition["question"] == {"id": "recall-oksana-q", "status": "open", "outcome": None}
    assert client.get("/api/questions/recall-oksana-q").json()["kind"] == "recall"
    succeeded = [p["id"] for p in client.get("/api/petitions?status=succeeded").json()]
    assert {"kharkiv-petition", "recall-oksana"} <= set(succeeded)
    assert [p["status"] for p in client.get("/api/petitions?status=open").json()] == []
    assert client.get("/api/petitions/nothing").status_code == 404


def test_a_republic_signs_a_congress_petition_by_its_clerk(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "start_petition", petition="x", kind="congress", union="union",
               text="An extraordinary congress"))
    refused(command(client, clerk, "sign_petition", petition="x", republic="byelorussia"), 403,
            "R6 no rule over another people")
    applied = ok(command(client, clerk, "sign_petition", petition="x", republic="ukraine"))
    assert [e["type"] for e in applied["events"]] == ["PetitionSigned"]
    elector = sign_in(client, "ukraine-taras")
    refused(command(client, elector, "sign_petition", petition="x", republic="ukraine"), 403)
