"""A question closed with no valid ballot decides nothing: no error, and no one chosen by lot."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from councils.application.counter import NO_VALID_BALLOT, count_question
from councils.bootstrap import governance
from councils.domain.ports import CountRequest
from councils.interfaces.api import create_app
from tests.builders import World
from tests.interfaces.api_support import FAST

CHOOSING = ("plurality", "approval", "irv", "stv", "schulze", "ranked_pairs", "borda")


@pytest.mark.parametrize("method", CHOOSING)
def test_a_choice_with_no_ballot_chooses_no_one(method: str) -> None:
    count = count_question(CountRequest("q", method, ("a", "b", "c"), (), 1, "simple", "0", 3))
    assert count["winners"] == [] and count["outcome"] == "no decision"
    assert count["notes"] == [NO_VALID_BALLOT]


@pytest.mark.parametrize("method", CHOOSING)
def test_empty_ballots_are_no_valid_ballot(method: str) -> None:
    count = count_question(CountRequest("q", method, ("a", "b"), ((), ()), 1, "simple", "0", 3))
    assert count["winners"] == [] and count["ballots"] == 2 and count["valid"] == 0


def test_a_motion_with_no_ballot_is_still_rejected() -> None:
    count = count_question(CountRequest("q", "majority", ("yes", "no"), (), 1, "simple", "0", 3))
    assert count["outcome"] == "no"


@pytest.mark.parametrize("method", ["irv", "schulze", "borda"])
def test_closing_a_poll_nobody_voted_on_records_no_decision_and_its_page_says_why(method: str) -> None:
    gov = governance("memory:")
    world = World(gov).republic("r", electors=3)
    world.do("open_question", question="q", body="r/town", kind="poll", text="Where to meet",
             options=["hall", "depot"], method=method)
    world.do("close_question", question="q")
    question = gov.state.questions["q"]
    assert (question.status, question.outcome, question.winners) == ("decided", "no decision", ())
    page = TestClient(create_app(gov, hasher=FAST)).get("/questions/q")
    assert page.status_code == 200 and "No valid ballot was cast" in page.text
