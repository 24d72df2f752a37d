"""Dated history (issue 12 item 7): a command may carry the date it took effect, `at`.

Ages are judged on that date; the ledger never goes back in time (a command dated before
the last recorded event, or after now, is refused by name and changes nothing); each
dated event keeps the time it was entered at beside its date.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

from councils.application.governance import Governance
from councils.domain.errors import InvalidCommand
from councils.interfaces.demo import example_files, run_demo
from tests.builders import World
from tests.conftest import FIXED_NOW, must_refuse


class DatedWorld(World):
    """The rule tests' world, every command dated `self.at`."""

    at = "1918-07-10"

    def do(self, cmd: str, **fields: Any) -> Any:
        return self.gov.handle({"cmd": cmd, **fields, "at": self.at})


def _register(person: str, born: int, **extra: Any) -> dict[str, Any]:
    return {"cmd": "register_person", "person": person, "council": "rsfsr/moscow",
            "nationality": "russian", "class": "worker", "born": born, **extra}


def _rsfsr(gov: Governance) -> DatedWorld:
    w = DatedWorld(gov)
    w.do("found_republic", republic="rsfsr", name="RSFSR", constitution="rsfsr-1918")
    w.council("rsfsr", "moscow")
    return w


def test_a_resident_born_in_1870_is_plausible_in_1918(gov: Governance) -> None:
    _rsfsr(gov)
    gov.handle(_register("pyotr", 1870, at="1918-07-10"))
    assert gov.state.persons["pyotr"].born == 1870


def test_the_same_resident_undated_is_implausible_now(gov: Governance) -> None:
    _rsfsr(gov)
    with pytest.raises(InvalidCommand, match="plausible year"):
        gov.handle(_register("pyotr", 1870, at=FIXED_NOW.isoformat()))


def test_birth_years_are_judged_against_the_commands_own_date(gov: Governance) -> None:
    _rsfsr(gov)
    with pytest.raises(InvalidCommand, match="got 1925"):
        gov.handle(_register("unborn", 1925, at="1918-07-11"))


def test_an_elector_is_of_age_on_the_date_of_the_vote(gov: Governance) -> None:
    w = _rsfsr(gov)
    gov.handle(_register("old", 1890, at="1918-07-10"))
    gov.handle(_register("young", 1902, at="1918-07-10"))  # 16 in 1918, under the age of Art. 64
    w.do("open_question", question="q", body="rsfsr/moscow", kind="motion", text="a tram line")
    assert list(gov.state.questions["q"].roll) == ["old"]


def test_dated_history_refuses_a_command_dated_before_the_last_recorded_event(gov: Governance) -> None:
    _rsfsr(gov)
    message = must_refuse(gov, {"cmd": "create_council", "council": "rsfsr/petrograd", "republic": "rsfsr",
                                "kind": "town", "at": "1917-11-07"}, "dated history")
    assert "before the last recorded event (1918-07-10T00:00:00+00:00)" in message
    assert "rsfsr/petrograd" not in gov.state.bodies


def test_dated_history_refuses_a_command_dated_in_the_future(gov: Governance) -> None:
    _rsfsr(gov)
    message = must_refuse(gov, _register("later", 1990, at="2099-01-01"), "dated history")
    assert "after now" in message


def test_an_undated_command_after_dated_history_is_recorded_now(gov: Governance) -> None:
    _rsfsr(gov)
    recorded = gov.handle({"cmd": "create_council", "council": "rsfsr/petrograd", "republic": "rsfsr",
                           "kind": "town"})
    assert recorded.events[0].event.at == FIXED_NOW.isoformat(timespec="seconds")
    must_refuse(gov, _register("late", 1890, at="1918-07-12"), "dated history")


def test_a_malformed_date_is_an_invalid_command(gov: Governance) -> None:
    _rsfsr(gov)
    with pytest.raises(InvalidCommand, match="field 'at' must be an ISO 8601"):
        gov.handle(_register("p", 1890, at="10 July 1918"))


def test_a_dated_event_keeps_its_date_and_the_time_it_was_entered(gov: Governance) -> None:
    _rsfsr(gov)
    recorded = gov.handle(_register("pyotr", 1870, at="1918-07-10T12:00:00+03:00"))
    event = recorded.events[0].event
    assert event.at == "1918-07-10T09:00:00+00:00"  # kept in UTC, as every time in the ledger
    assert event.meta["recorded_at"] == FIXED_NOW.isoformat(timespec="seconds")


def test_a_dated_secession_takes_effect_at_the_end_of_its_own_notice(gov: Governance) -> None:
    w = DatedWorld(gov)
    w.at = "2010-01-01"
    w.union("coop", constitution="coop-federation").member("a", union="coop")  # 90 days' notice
    w.decide("a-leaves", "a/congress", "secession", ["a-0"])
    assert gov.state.polities["a"].seceding is not None
    w.at = "2010-06-01"  # the next dated command settles the secession due on 1 April 2010 first
    w.council("a", "tiflis")
    seceded = [r.event for r in gov.ledger.read() if r.event.type == "RepublicSeceded"]
    assert [e.at for e in seceded] == ["2010-04-01T00:00:00+00:00"]
    assert gov.state.polities["a"].union is None


def test_the_history_example_of_1918_to_1924_runs_as_the_demo_runs_it(gov: Governance) -> None:
    names = [name for name, _ in example_files()]
    assert names[0] == "0-history-1918-1924.jsonl"  # first: nothing dated now may precede it
    out = io.StringIO()
    assert run_demo(gov, Console(file=out, width=200)), out.getvalue()
    state = gov.state
    assert state.polities["ussr"].members == ["rsfsr", "ukrssr", "bssr", "zsfsr"]
    assert state.persons["rsfsr-pyotr"].born == 1870
    assert state.questions["ussr-constitution-1924"].decided_at == "1924-01-31T00:00:00+00:00"
    assert "refused (dated history)" in out.getvalue()
    assert state.nations.autonomies["rsfsr/tatar"].nationalities == ("tatar",)
    assert state.bodies["rsfsr/vitebsk"].polity == "bssr"  # moved in 1924 with both congresses' consent
    assert state.nations.transfers[0]["at"] == "1924-03-03T00:00:00+00:00"
    assert state.nations.treaties["rsfsr-ukrssr-1920"].ratified == {"rsfsr": "rsfsr-ratifies-1920",
                                                                     "ukrssr": "ukrssr-ratifies-1921"}
    assert state.questions["rsfsr-nationalities-1924"].detail("seats") == 1
