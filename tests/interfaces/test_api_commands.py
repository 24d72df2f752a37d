"""POST /api/commands: the command language over HTTP, each refusal naming its rule."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.interfaces.api_support import command, ok, refused, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_clerk_registers_a_resident_and_opens_a_question(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    done = ok(command(client, clerk, "register_person", person="ukraine-yurii",
                      council="ukraine/kharkiv", nationality="ukrainian", born=1990,
                      name="Yurii", **{"class": "worker"}))
    assert done["cmd"] == "register_person"
    assert [e["type"] for e in done["events"]] == ["PersonRegistered"]
    register = client.get("/api/republics/ukraine/people?council=ukraine/kharkiv",
                          headers=clerk).json()
    assert "ukraine-yurii" in [p["id"] for p in register["people"]]
    ok(command(client, clerk, "open_question", question="kharkiv-bread", body="ukraine/kharkiv",
               kind="motion", text="Open a communal bakery"))
    q = client.get("/api/questions/kharkiv-bread").json()
    assert q["status"] == "open"
    # Kharkiv's four, the seven e-recall registers for its petition, and Yurii
    assert q["participation"] == {"voted": 0, "electorate": 12, "turnout": 0.0}


def test_a_secret_ballot_receipt_can_be_checked_before_and_after_the_count(
        client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="kharkiv-bread", body="ukraine/kharkiv",
               kind="motion", text="Open a communal bakery"))
    receipts = {}
    for voter, choice in (("ukraine-olena", "yes"), ("ukraine-taras", "yes"),
                          ("ukraine-mykola", "no")):
        voted = ok(command(client, sign_in(client, voter), "cast_ballot",
                           question="kharkiv-bread", voter=voter, choice=choice))
        receipts[voter] = voted["receipt"]
    live = client.get("/api/questions/kharkiv-bread").json()
    assert live["participation"]["voted"] == 3
    assert "ballots" not in live and "count" not in live  # sealed until close
    sealed = client.get(f"/api/questions/kharkiv-bread/receipts/{receipts['ukraine-olena']}").json()
    assert sealed["found"] and not sealed["counted"]
    ok(command(client, clerk, "close_question", question="kharkiv-bread"))
    closed = client.get("/api/questions/kharkiv-bread").json()
    assert closed["outcome"] == "yes" and closed["binding"] is True
    assert closed["count"]["rounds"][0]["tallies"]["yes"] == 2
    assert sorted(b["receipt"] for b in closed["ballots"]) == sorted(receipts.values())
    assert all("voter" not in b for b in closed["ballots"])
    counted = client.get(f"/api/questions/kharkiv-bread/receipts/{receipts['ukraine-mykola']}")
    assert counted.json()["counted"] is True and counted.json()["preferences"] == ["no"]
    unknown = client.get("/api/questions/kharkiv-bread/receipts/0000000000000000").json()
    assert unknown["counted"] is False and unknown["found"] is False


def test_a_union_motion_to_keep_a_member_by_force_is_refused_409_with_the_rule(
        client: TestClient) -> None:
    officer = sign_in(client, "clerk@union")
    body = refused(command(client, officer, "open_question", question="keep", body="union/congress",
                           kind="law", competence="secession", target="ukraine",
                           text="Ukraine may not leave"), 409, "R3 right of separation")
    assert body["error"] == "refused"
    assert body["message"].startswith("refused (R3 right of separation): ")
    assert client.get("/api/questions/keep").status_code == 404


def test_an_excluded_class_is_refused_a_council_ballot_with_r1(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    ok(command(client, clerk, "open_question", question="kharkiv-bread", body="ukraine/kharkiv",
               kind="motion", text="Open a communal bakery"))
    body = refused(command(client, sign_in(client, "ukraine-nepman"), "cast_ballot",
                           question="kharkiv-bread", voter="ukraine-nepman", choice="no"),
                   409, "R1 franchise")
    assert "trader" in body["reason"]


def test_unknown_things_are_404_and_malformed_commands_422(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    missing = refused(command(client, clerk, "close_question", question="no-such"), 404)
    assert missing["error"] == "not found"
    invalid = refused(command(client, clerk, "register_person", person="x", council="ukraine/kharkiv",
                              nationality="n", born=1990, klass="worker"), 422)
    assert invalid["error"] == "invalid command" and "unknown field 'klass'" in invalid["message"]
    wrong_type = refused(command(client, clerk, "register_person", person="x",
                                 council="ukraine/kharkiv", nationality="n", born="1990",
                                 **{"class": "worker"}), 422)
    assert "integer" in wrong_type["message"]
    unknown_cmd = refused(client.post("/api/commands", json={"cmd": "abolish_union"},
                                      headers=clerk), 422)
    assert "unknown command" in unknown_cmd["message"]


def test_a_list_is_applied_in_order_and_stops_at_the_first_refusal(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@ukraine")
    person = {"cmd": "register_person", "council": "ukraine/poltava", "nationality": "ukrainian",
              "born": 1991, "class": "peasant"}
    all_ok = ok(client.post("/api/commands", headers=clerk,
                            json=[{**person, "person": "p1"}, {**person, "person": "p2"}]))
    assert [a["cmd"] for a in all_ok["applied"]] == ["register_person"] * 2
    response = client.post("/api/commands", headers=clerk, json=[
        {**person, "person": "p3"}, {**person, "person": "p1"}, {**person, "person": "p4"}])
    body = refused(response, 409)
    assert body["index"] == 1 and len(body["applied"]) == 1
    people = {p["id"] for p in client.get("/api/republics/ukraine/people",
                                          headers=clerk).json()["people"]}
    assert {"p1", "p2", "p3"} <= people and "p4" not in people


def test_a_congress_votes_to_secede_and_the_union_no_longer_lists_it(client: TestClient) -> None:
    clerk = sign_in(client, "clerk@byelorussia")
    ok(command(client, clerk, "open_question", question="byelorussia-leaves",
               body="byelorussia/congress", kind="secession", text="Leave the union"))
    ok(command(client, sign_in(client, "byelorussia-ales"), "cast_ballot",
               question="byelorussia-leaves", voter="byelorussia-ales", choice="yes"))
    ok(command(client, clerk, "close_question", question="byelorussia-leaves"))
    union = client.get("/api/unions/union").json()
    assert "byelorussia" not in [m["id"] for m in union["members"]]
    assert "byelorussia" in [m["id"] for m in union["former_members"]]
    assert client.get("/api/republics/byelorussia").json()["union"] is None
