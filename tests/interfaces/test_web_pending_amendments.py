"""R10 in the open: a union's pending amendments, and whose consent is awaited, on its page and in the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from tests.builders import World
from tests.interfaces.api_support import FAST


def test_the_union_page_shows_who_has_consented_and_who_is_awaited(gov: Governance) -> None:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    w.decide("amend", "union/congress", "amendment", ["a-0", "b-0"], amend={"secession.notice_days": 30})
    w.decide("a-consents", "a/congress", "amendment", ["a-0"], union="union")
    with TestClient(create_app(gov, hasher=FAST, scheduler=False)) as client:
        union = client.get("/api/unions/union").json()
        [pending] = union["pending_amendments"]
        assert pending["question"] == "amend" and pending["amend"] == {"secession.notice_days": 30}
        assert [r["id"] for r in pending["consented"]] == ["a"]
        assert [r["id"] for r in pending["awaiting"]] == ["b"]
        page = client.get("/unions/union").text
        assert "waiting for the members' consent" in page and "Still awaited" in page
        assert "secession.notice_days = 30" in page
