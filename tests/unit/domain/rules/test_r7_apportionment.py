"""R7: delegates are apportioned by the constitution's ratios; every body sends at least one."""

from __future__ import annotations

from councils.application.governance import Governance
from councils.domain.apportionment import apportion
from tests.builders import World
from tests.conftest import FIXED_NOW, must_refuse


def test_r7_coop_ratio_one_delegate_per_500_electors(gov: Governance) -> None:
    w = World(gov).republic("coop", constitution="coop-federation", electors=0)
    gov.handle_batch([{"cmd": "register_person", "person": f"m{i}", "council": "coop/town",
                       "nationality": "n", "class": "worker", "born": 1990} for i in range(1234)])
    state = gov.state
    share = apportion(state, state.bodies["coop/town"], state.bodies["coop/congress"], FIXED_NOW.year)
    assert share is not None and share.seats == 2 and share.electors == 1234
    w.do("open_question", question="e", body="coop/town", kind="election", text="x",
         to="coop/congress", options=["m0", "m1", "m2"])
    assert gov.state.questions["e"].details["seats"] == 2


def test_r7_every_body_sends_at_least_one(gov: Governance) -> None:
    World(gov).republic("rep", electors=2)  # 2 electors, ratio 1 per 25,000: still one seat
    state = gov.state
    share = apportion(state, state.bodies["rep/town"], state.bodies["rep/congress"], FIXED_NOW.year)
    assert share is not None and share.seats == 1


def test_r7_only_electors_count_for_an_electors_basis(gov: Governance) -> None:
    w = World(gov).republic("coop", constitution="coop-federation", electors=0)
    gov.handle_batch([{"cmd": "register_person", "person": f"m{i}", "council": "coop/town",
                       "nationality": "n", "class": "worker" if i < 600 else "employer",
                       "born": 1990} for i in range(1100)])
    state = gov.state
    share = apportion(state, state.bodies["coop/town"], state.bodies["coop/congress"], FIXED_NOW.year)
    assert share is not None and (share.electors, share.inhabitants, share.seats) == (600, 1100, 1)
    assert w


def test_r7_province_counts_inhabitants_per_125000(gov: Governance) -> None:
    w = World(gov).republic("rep", electors=0)
    w.council("rep", "gubernia", kind="province")
    state = gov.state
    share = apportion(state, state.bodies["rep/gubernia"], state.bodies["rep/congress"], FIXED_NOW.year)
    assert share is not None and share.rule is not None
    assert (share.rule.basis, share.rule.per) == ("inhabitants", 125000)


def test_r7_election_cannot_exceed_the_apportioned_seats(gov: Governance) -> None:
    World(gov).republic("rep")
    message = must_refuse(gov, {"cmd": "open_question", "question": "e", "body": "rep/town",
                                "kind": "election", "text": "x", "to": "rep/congress",
                                "options": ["rep-0", "rep-1"], "seats": 2}, "R7")
    assert "at most 1" in message


def test_r7_no_election_when_every_seat_is_filled(gov: Governance) -> None:
    w = World(gov).republic("rep")
    w.elect("e1", "rep/town", "rep/congress", "rep-0", ["rep-0"])
    must_refuse(gov, {"cmd": "open_question", "question": "e2", "body": "rep/town",
                      "kind": "election", "text": "x", "to": "rep/congress", "options": ["rep-1"]},
                "R7")


def test_r7_union_second_chamber_has_equal_seats_per_republic(gov: Governance) -> None:
    World(gov).union().member("a", electors=6)
    state = gov.state
    share = apportion(state, state.bodies["a/congress"], state.bodies["union/nationalities"],
                      FIXED_NOW.year)
    assert share is not None and share.seats == 5  # USSR 1924 Art. 15
