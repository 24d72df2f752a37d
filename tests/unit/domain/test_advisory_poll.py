"""An advisory poll (issue 15 item 6): a question among options that binds no one, so it may be
counted by Borda; its result says it is advisory and shows each option's points."""

from __future__ import annotations

import pytest

from councils.application.governance import Governance
from councils.constitution.schema import POLL_METHODS
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import must_refuse

POLL = {"cmd": "open_question", "question": "park", "body": "rep/town", "kind": "poll",
        "text": "Where should the new park go?", "options": ["river", "works", "station"]}


def test_a_poll_is_counted_by_borda_and_is_advisory(gov: Governance) -> None:
    World(gov).republic("rep", electors=5)
    gov.handle(POLL)
    q = gov.state.questions["park"]
    assert (q.method, q.options) == ("borda", ("river", "works", "station"))
    for voter, ranking in (("rep-0", ["works", "river", "station"]), ("rep-1", ["works", "station", "river"]),
                           ("rep-2", ["river", "works", "station"]), ("rep-3", ["station", "river", "works"]),
                           ("rep-4", ["river", "works"])):
        gov.handle({"cmd": "cast_ballot", "question": "park", "voter": voter, "ranking": ranking})
    gov.handle({"cmd": "close_question", "question": "park"})
    q = gov.state.questions["park"]
    # 2 points for a first place, 1 for a second: river 1+0+2+1+2, works 2+2+1+0+1, station 0+1+0+2+0
    assert q.count is not None and q.count["rounds"][-1]["tallies"] == {"river": 6, "works": 6, "station": 3}
    assert q.binding is False and q.advisory is not None and "advisory poll" in q.advisory
    assert q.status == "decided" and q.outcome in ("river", "works")  # a tie for first, drawn by lot
    assert q.count["ties"]  # and recorded


def test_a_poll_chooses_among_the_methods_the_constitution_allows_it(gov: Governance) -> None:
    World(gov).republic("rep", electors=3)
    gov.handle({**POLL, "method": "schulze"})
    assert gov.state.questions["park"].method == "schulze"
    assert "borda" in POLL_METHODS and "majority" not in POLL_METHODS
    assert "not by stv" in must_refuse(gov, {**POLL, "question": "park2", "method": "stv"},
                                       "constitution questions.poll.methods")
    with pytest.raises(InvalidCommand, match="a poll needs at least two 'options'"):
        gov.handle({**POLL, "question": "park3", "options": ["river"]})
