"""R8: the electors of a constituency may recall their delegate at any time; a by-election follows."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _seated(gov: Governance) -> World:
    w = World(gov).republic("rep")
    w.council("rep", "village", kind="village")
    w.person("v-0", "rep/village", social_class="peasant")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0", "rep-1", "rep-2"])
    return w


def test_r8_electors_recall_their_delegate_and_elect_another(gov: Governance) -> None:
    w = _seated(gov)
    w.decide("recall", "rep/town", "recall", ["rep-1", "rep-2"], delegate="rep-0")
    assert gov.snapshot()["bodies"]["rep/congress"]["delegates"] == []
    w.elect("by", "rep/town", "rep/congress", "rep-1", ["rep-1", "rep-2"])
    assert [d["person"] for d in gov.snapshot()["bodies"]["rep/congress"]["delegates"]] == ["rep-1"]


def test_r8_only_the_constituency_can_recall(gov: Governance) -> None:
    _seated(gov)
    message = must_refuse(gov, {"cmd": "open_question", "question": "r", "body": "rep/village",
                                "kind": "recall", "delegate": "rep-0", "text": "recall"}, "R8")
    assert "own constituency" in message


def test_r8_failed_recall_keeps_the_seat(gov: Governance) -> None:
    w = _seated(gov)
    w.decide("recall", "rep/town", "recall", ["rep-1", "rep-2"], "no", delegate="rep-0")
    assert len(gov.state.bodies["rep/congress"].seats) == 1


def test_r8_recall_of_someone_without_a_seat_is_refused(gov: Governance) -> None:
    _seated(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "r", "body": "rep/town",
                      "kind": "recall", "delegate": "rep-1", "text": "recall"}, "R8")


def test_r8_a_recalled_delegate_casts_no_vote_on_a_question_opened_before_the_recall(
        gov: Governance) -> None:
    w = _seated(gov)
    gov.handle({"cmd": "open_question", "question": "m", "body": "rep/congress", "kind": "motion",
                "text": "a motion opened while rep-0 held the seat"})
    w.decide("recall", "rep/town", "recall", ["rep-1", "rep-2"], delegate="rep-0")
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "m", "voter": "rep-0",
                                "choice": "yes"}, "R8")
    assert "no longer holds a seat" in message


def test_r8_the_delegate_of_a_republic_that_left_casts_no_vote_in_the_union(gov: Governance) -> None:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    gov.handle({"cmd": "open_question", "question": "budget", "body": "union/congress",
                "kind": "law", "competence": "budget", "text": "the union budget"})
    w.decide("b-leaves", "b/congress", "secession", ["b-0"])
    must_refuse(gov, {"cmd": "cast_ballot", "question": "budget", "voter": "b-0", "choice": "yes"}, "R8")


def test_r8_one_open_recall_of_a_delegate_at_a_time(gov: Governance) -> None:
    w = _seated(gov)
    w.recall_petition("r1", "rep/town", "rep-0", ["rep-1"])
    message = must_refuse(gov, {"cmd": "start_petition", "petition": "r2", "kind": "recall",
                                "body": "rep/town", "delegate": "rep-0", "text": "again"}, "R8")
    assert "already open (r1)" in message
    gov.handle({"cmd": "close_question", "question": "r1"})
    w.recall_petition("r2", "rep/town", "rep-0", ["rep-2"])
    assert gov.state.questions["r2"].status == "open"


def test_r8_an_elector_alone_cannot_open_a_recall(gov: Governance) -> None:
    _seated(gov)
    message = must_refuse(gov, {"cmd": "open_question", "question": "r", "body": "rep/town",
                                "kind": "recall", "delegate": "rep-0", "text": "recall"}, "R8")
    assert "petition signed by 1/10 of the electors of rep/town" in message


def test_r8_when_a_member_leaves_its_delegates_leave_the_roll_and_the_count_of_open_questions(
        gov: Governance) -> None:
    w = World(gov).union().member("a").member("b")
    w.union_delegate("a")
    w.union_delegate("b")
    gov.handle({"cmd": "open_question", "question": "budget", "body": "union/congress",
                "kind": "law", "competence": "budget", "text": "the union budget"})
    gov.handle({"cmd": "cast_ballot", "question": "budget", "voter": "b-0", "choice": "yes"})
    assert len(gov.state.questions["budget"].roll) == 2
    w.decide("b-leaves", "b/congress", "secession", ["b-0"])
    q = gov.state.questions["budget"]
    assert list(q.roll) == ["a-0"] and "b-0" not in q.voted  # its ballot left with it
    gov.handle({"cmd": "cast_ballot", "question": "budget", "voter": "a-0", "choice": "no"})
    gov.handle({"cmd": "close_question", "question": "budget"})
    decided = gov.snapshot()["questions"]["budget"]
    assert decided["outcome"] == "no" and decided["electorate"] == 1 and decided["participation"] == 1
    assert "b-0 left the roll" in decided["count"]["departed"]
    replayed = Governance(gov.ledger, clock=gov.clock)
    assert replayed.snapshot()["questions"]["budget"] == decided


def test_r8_a_recalled_delegates_seat_and_vote_pass_to_the_by_election_winner(gov: Governance) -> None:
    w = _seated(gov)
    gov.handle({"cmd": "open_question", "question": "m", "body": "rep/congress", "kind": "motion",
                "text": "opened while rep-0 held the seat"})
    gov.handle({"cmd": "cast_ballot", "question": "m", "voter": "rep-0", "choice": "yes"})
    w.decide("recall", "rep/town", "recall", ["rep-1", "rep-2"], delegate="rep-0")
    q = gov.state.questions["m"]
    assert "rep-0" not in q.roll and len(q.voted) == 0  # the vote left with the seat
    w.elect("by", "rep/town", "rep/congress", "rep-1", ["rep-1", "rep-2"])
    assert list(gov.state.questions["m"].roll) == ["rep-1"]
    gov.handle({"cmd": "cast_ballot", "question": "m", "voter": "rep-1", "choice": "no"})
    gov.handle({"cmd": "close_question", "question": "m"})
    decided = gov.snapshot()["questions"]["m"]
    assert (decided["outcome"], decided["participation"], decided["electorate"]) == ("no", 1, 1)
    assert "recalled" in decided["count"]["departed"]
