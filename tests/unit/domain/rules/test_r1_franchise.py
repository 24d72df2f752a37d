"""R1: only electors of an enfranchised class and of age vote in, or are elected to, councils."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def test_r1_excluded_class_is_refused_a_council_ballot(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.person("merchant", "rep/town", social_class="trader", born=1970)
    w.do("open_question", question="q", body="rep/town", kind="motion", text="tram")
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "q", "voter": "merchant",
                                "choice": "yes"}, "R1")
    assert "trader" in message and "excludes" in message
    assert "merchant" not in gov.state.questions["q"].roll


def test_r1_excluded_class_may_vote_in_an_assembly(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.person("merchant", "rep/town", social_class="employer", born=1970)
    w.do("convene_assembly", assembly="rep/assembly", republic="rep")
    w.do("open_question", question="q", body="rep/assembly", kind="motion", text="tram")
    w.do("cast_ballot", question="q", voter="merchant", choice="no")
    assert "merchant" in gov.state.questions["q"].voted


def test_r1_under_age_resident_is_not_an_elector(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.person("child", "rep/town", born=2012)  # 14 in 2026; the 1918 franchise starts at 18
    w.do("open_question", question="q", body="rep/town", kind="motion", text="school")
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "q", "voter": "child",
                                "choice": "yes"}, "R1")
    assert "under the voting age of 18" in message


def test_r1_coop_preset_lowers_the_age_and_changes_the_excluded_classes(gov: Governance) -> None:
    w = World(gov).republic("coop", constitution="coop-federation")
    w.person("young", "coop/town", born=2009)  # 17: votes under coop-federation (16)
    w.person("trader", "coop/town", social_class="trader")  # traders are members there
    w.do("open_question", question="q", body="coop/town", kind="motion", text="x")
    assert {"young", "trader"} <= gov.state.questions["q"].roll


def test_r1_excluded_class_cannot_be_elected_a_delegate(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.person("boss", "rep/town", social_class="employer")
    message = must_refuse(gov, {"cmd": "open_question", "question": "e", "body": "rep/town",
                                "kind": "election", "text": "delegate", "to": "rep/congress",
                                "options": ["boss", "rep-0"]}, "R1")
    assert "may not be elected" in message


def test_r1_roll_is_frozen_when_the_question_opens(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.do("open_question", question="q", body="rep/town", kind="motion", text="x")
    w.person("late", "rep/town")
    must_refuse(gov, {"cmd": "cast_ballot", "question": "q", "voter": "late", "choice": "yes"}, "R1")
    assert len(gov.state.questions["q"].roll) == 3


def test_r1_only_seated_delegates_vote_in_a_congress(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.elect("seat", "rep/town", "rep/congress", "rep-0", ["rep-0", "rep-1"])
    w.do("open_question", question="q", body="rep/congress", kind="motion", text="x")
    message = must_refuse(gov, {"cmd": "cast_ballot", "question": "q", "voter": "rep-1",
                                "choice": "yes"}, "R1")
    assert "holds no seat" in message
