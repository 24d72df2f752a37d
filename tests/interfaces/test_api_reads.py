"""Read endpoints: unions, republics, bodies and delegates, questions, the ledger, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.interfaces.api_support import ok, refused

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_unions_list_their_members_and_the_timeline_of_accessions_and_secessions(
        client: TestClient) -> None:
    # the demo's history of 1918-1924 founds the USSR before the worked cases found their union
    assert [u["id"] for u in ok(client.get("/api/unions"))] == ["ussr", "union"]
    union = ok(client.get("/api/unions/union"))
    # Moldavia: the nation of example (g) that separates from Ukraine and joins
    assert [m["id"] for m in union["members"]] == ["ukraine", "byelorussia", "armenia", "moldavia"]
    assert [m["id"] for m in union["former_members"]] == ["georgia"]
    events = [(e["event"], e["republic"]) for e in union["timeline"]]
    assert ("seceded", "georgia") in events and ("joined", "armenia") in events
    assert events[-1] == ("joined", "moldavia")
    assert union["constitution"]["union"]["second_chamber"]["seats_per_republic"] == 5


def test_a_republic_shows_its_council_tree_congress_and_readable_constitution(
        client: TestClient) -> None:
    republic = ok(client.get("/api/republics/ukraine"))
    assert republic["union"] == "union"
    tree = {c["id"]: c for c in republic["council_tree"]}
    assert set(tree) == {"ukraine/kharkiv", "ukraine/poltava"}
    # four, and the seven workers e-recall registers for its petition; the trader is a resident, not an elector
    assert tree["ukraine/kharkiv"]["electors"] == 11
    assert tree["ukraine/kharkiv"]["inhabitants"] == 12
    assert [s["person"] for s in tree["ukraine/kharkiv"]["sends"]] == ["ukraine-oksana"]
    congress = {(d["person"], d["constituency"]) for d in republic["congress"]["delegates"]}
    assert congress == {("ukraine-ivan", "ukraine/poltava"), ("ukraine-oksana", "ukraine/kharkiv")}
    constitution = republic["constitution"]
    assert constitution["name"] == "rsfsr-1918"
    assert "trader" in constitution["franchise"]["excluded"]
    assert constitution["secession"]["notice_days"] == 0
    refused(client.get("/api/republics/atlantis"), 404)
    refused(client.get("/api/republics/union"), 404)  # a union is not a republic


def test_bodies_carry_their_delegates(client: TestClient) -> None:
    ids = [b["id"] for b in ok(client.get("/api/bodies?polity=union"))]
    assert ids == ["union/congress", "union/nationalities"]
    congress = ok(client.get("/api/bodies/union/congress"))
    # Olena, recalled by Kharkiv (example e), lost the union seat her mandate below gave her
    assert {(d["person"], d["constituency"]) for d in congress["delegates"]} == {
        ("byelorussia-ales", "byelorussia")}
    kharkiv = ok(client.get("/api/bodies/ukraine/kharkiv"))
    assert kharkiv["kind"] == "council" and kharkiv["polity_name"] == "Ukrainian Council Republic"
    assert [q["id"] for q in kharkiv["questions"]][:1] == ["ukraine-kharkiv-elects"]
    refused(client.get("/api/bodies/ukraine/odessa"), 404)


def test_questions_filter_and_show_the_full_count_once_closed(client: TestClient) -> None:
    decided = ok(client.get("/api/questions?polity=ukraine&status=decided"))
    assert decided and all(q["status"] == "decided" for q in decided)
    refused(client.get("/api/questions?status=pending"), 422)
    q = ok(client.get("/api/questions/kharkiv-by-election"))
    assert q["method"] == "irv" and q["ballot"] == "ranking"
    assert [w["id"] for w in q["winners"]] == ["ukraine-oksana"]
    assert q["count"]["rounds"][0]["tallies"] == {"ukraine-oksana": 3, "ukraine-taras": 1}
    assert q["participation"] == {"voted": 4, "electorate": 11, "turnout": 0.3636}
    assembly = ok(client.get("/api/questions/assembly-separates"))
    assert assembly["binding"] is False and assembly["overridden_by"] == "congress-separates"
    assert "advisory" in assembly["advisory"]
    open_ballot = ok(client.get("/api/questions/ukraine-joins"))
    assert {b["voter"] for b in open_ballot["ballots"]} == {"ukraine-olena", "ukraine-ivan"}


def test_the_ledger_pages_and_verifies(client: TestClient) -> None:
    first = ok(client.get("/api/ledger?limit=10"))
    assert [e["position"] for e in first["events"]] == list(range(1, 11))
    assert first["next_after"] == 10
    second = ok(client.get(f"/api/ledger?after={first['next_after']}&limit=10"))
    assert second["events"][0]["prev_hash"] == first["events"][-1]["hash"]
    head = first["head"]["position"]
    last = ok(client.get(f"/api/ledger?after={head - 2}&limit=10"))
    assert len(last["events"]) == 2 and last["next_after"] is None
    verified = ok(client.get("/api/ledger/verify"))
    assert verified["ok"] is True and verified["head"] == first["head"]


def test_the_openapi_document_describes_the_api(client: TestClient) -> None:
    doc = ok(client.get("/api/openapi.json"))
    assert doc["info"]["title"] == "councils"
    for path in ("/api/commands", "/api/unions/{union_id}", "/api/ledger/verify",
                 "/api/questions/{question_id}/receipts/{receipt}", "/api/session"):
        assert path in doc["paths"], path
    body = doc["paths"]["/api/commands"]["post"]["requestBody"]["content"]["application/json"]
    assert "oneOf" in body["schema"]
