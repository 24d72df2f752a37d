"""The congress pyramid's ratios (issue 12 item 1): a council within a district or a province sends
to that level's congress by the ratio the constitution gives for it (RSFSR 1918 Art. 53), not the
republic congress's (Art. 25)."""

from __future__ import annotations

from councils.application.governance import Governance
from tests.builders import World
from tests.conftest import must_refuse


def _fill(gov: Governance, council: str, count: int, prefix: str) -> None:
    gov.handle_batch({"cmd": "register_person", "person": f"{prefix}-{i}", "council": council,
                      "nationality": "n", "class": "worker", "born": 1990} for i in range(count))


def _pyramid(gov: Governance) -> World:
    w = World(gov).republic("r")
    w.council("r", "gubernia", kind="province")
    w.council("r", "uyezd", kind="district", within="r/gubernia")
    w.council("r", "selo", kind="village", within="r/uyezd")
    w.council("r", "vitebsk", kind="town", within="r/gubernia")
    return w


def test_r7_a_village_of_3000_sends_3_to_its_uyezd_congress_by_art_53c(gov: Governance) -> None:
    _pyramid(gov)
    _fill(gov, "r/selo", 3000, "selo")
    message = must_refuse(gov, {"cmd": "open_question", "question": "q", "body": "r/selo", "kind": "election",
                                "text": "x", "to": "r/uyezd", "options": ["selo-0"], "seats": 4}, "R7")
    assert "at most 3 delegate(s)" in message and "1 per 1,000 inhabitants (3,000)" in message


def test_r7_a_town_of_4000_electors_sends_2_to_its_gubernia_congress_by_art_53b(gov: Governance) -> None:
    _pyramid(gov)
    _fill(gov, "r/vitebsk", 4000, "vitebsk")
    gov.handle({"cmd": "open_question", "question": "q", "body": "r/vitebsk", "kind": "election",
                "text": "x", "to": "r/gubernia", "options": ["vitebsk-0", "vitebsk-1"]})
    assert gov.state.questions["q"].detail("seats") == 2  # Art. 25's 1 per 25,000 would give 1
