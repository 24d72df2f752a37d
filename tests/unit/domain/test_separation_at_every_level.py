"""Separation at every level (issue 12 item 3): the people of an autonomous unit separate by the
decision of their own congress (R4), into a new republic carrying its councils, residents and
delegates, or into another republic whose congress agrees (R5)."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _moldavia(gov: Governance) -> World:
    """Republic `u` with the Moldavian autonomous republic: Balta within it, its delegate in its congress."""
    w = World(gov).republic("u")
    w.elect("u-seat", "u/town", "u/congress", "u-0", ["u-0", "u-1", "u-2"])
    w.do("found_autonomy", autonomy="moldavia", republic="u", kind="autonomous_republic",
         nationalities=["moldovan"], name="Moldavian ASSR", languages=["ro"])
    w.council("u", "balta", within="u/moldavia")
    for person in ("balta-0", "balta-1"):
        w.person(person, "u/balta")
    w.elect("balta-seat", "u/balta", "u/moldavia-congress", "balta-0", ["balta-0", "balta-1"])
    w.elect("moldavia-seat", "u/moldavia-congress", "u/congress", "balta-0", ["balta-0"])
    return w


def test_r4_a_units_separation_is_decided_by_its_own_congress_not_a_council(gov: Governance) -> None:
    _moldavia(gov)
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "u/balta", "kind": "secession",
                      "text": "Balta leaves"}, "R4")


def test_a_unit_separates_into_a_new_republic_with_its_councils_residents_and_delegates(gov: Governance) -> None:
    w = _moldavia(gov)
    w.decide("moldavia-separates", "u/moldavia-congress", "secession", ["balta-0"])
    state = gov.state
    new = state.polities["moldavia"]
    assert (new.kind, new.name, new.union) == ("republic", "Moldavian ASSR", None)
    assert state.bodies["u/balta"].polity == "moldavia" and state.bodies["u/balta"].within is None
    assert state.persons["balta-1"].republic == "moldavia"
    assert [s.person for s in state.bodies["moldavia/congress"].seats] == ["balta-0"]  # its delegates go with it
    assert all(s.constituency != "u/moldavia-congress" for s in state.bodies["u/congress"].seats)
    assert "u/moldavia" not in state.nations.autonomies
    message = must_refuse(gov, {"cmd": "open_question", "question": "again", "body": "u/balta", "kind": "election",
                                "text": "x", "to": "moldavia/congress", "options": ["balta-1"]}, "R7")
    assert "all filled" in message  # the seat it carried is Balta's seat in its new republic's congress


def test_the_new_republic_joins_a_union_by_its_own_congress(gov: Governance) -> None:
    w = _moldavia(gov)
    w.union()
    w.decide("moldavia-separates", "u/moldavia-congress", "secession", ["balta-0"])
    w.decide("moldavia-joins", "moldavia/congress", "accession", ["balta-0"], union="union")
    assert gov.state.polities["moldavia"].union == "union"


def test_r5_a_unit_separates_into_another_republic_only_if_that_republics_congress_agrees(
        gov: Governance) -> None:
    w = _moldavia(gov)
    w.republic("r")
    w.elect("r-seat", "r/town", "r/congress", "r-0", ["r-0"])
    w.decide("into-r", "u/moldavia-congress", "secession", ["balta-0"], republic="r")
    assert gov.state.bodies["u/balta"].polity == "u"  # decided; r has not agreed yet
    must_refuse(gov, {"cmd": "transfer_council", "council": "u/moldavia", "to": "r", "consents": ["into-r"]}, "R6")
    w.decide("r-agrees", "r/congress", "motion", ["r-0"])
    gov.handle({"cmd": "transfer_council", "council": "u/moldavia", "to": "r", "consents": ["into-r", "r-agrees"]})
    state = gov.state
    assert state.bodies["u/balta"].polity == "r" and state.bodies["u/moldavia-congress"].polity == "r"
    assert state.nations.autonomies["u/moldavia"].republic == "r"  # still autonomous, now within r
    assert state.persons["balta-0"].republic == "r"


def test_when_its_republic_secedes_a_unit_may_stay_in_the_union_by_its_own_congress(gov: Governance) -> None:
    """The 1990 secession law's Art. 3: each autonomous unit chooses its own way."""
    w = _moldavia(gov)
    w.union()
    w.decide("u-joins", "u/congress", "accession", ["u-0", "balta-0"], union="union")
    w.do("open_question", question="u-leaves", body="u/congress", kind="secession", text="u leaves")
    assert "balta-0" in gov.state.questions["u-leaves"].roll
    w.decide("moldavia-stays", "u/moldavia-congress", "accession", ["balta-0"], union="union")
    state = gov.state
    assert state.polities["moldavia"].union == "union" and state.polities["union"].members == ["u", "moldavia"]
    assert "balta-0" not in state.questions["u-leaves"].roll  # its delegate's vote left with its seat (R8)
    w.vote("u-leaves", ["u-0"], choice="yes")
    w.do("close_question", question="u-leaves")
    assert state.polities["u"].union is None and state.polities["union"].members == ["moldavia"]


def test_a_unit_cannot_stay_in_a_union_its_republic_is_not_leaving(gov: Governance) -> None:
    w = _moldavia(gov)
    w.union()
    w.decide("u-joins", "u/congress", "accession", ["u-0", "balta-0"], union="union")
    must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "u/moldavia-congress", "kind": "accession",
                      "union": "union", "text": "stay"}, "R4")
