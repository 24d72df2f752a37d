"""The worked example of a petition recalling a delegate (examples/e-recall.jsonl) runs as the demo runs it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from councils.application.governance import Governance
from councils.interfaces import demo


def test_a_petition_of_kharkivs_electors_recalls_its_delegate(gov: Governance,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CASES", ("00-founding.jsonl", "e-recall.jsonl"))
    out = io.StringIO()
    assert demo.run_demo(gov, Console(file=out, width=200)), out.getvalue()
    text = out.getvalue()
    assert "refused as the rules require: refused (R8 recall): a recall of ukraine-olena is opened by a " \
           "petition" in text
    petition = gov.snapshot()["petitions"]["kharkiv-petition"]
    assert (petition["status"], petition["signatures"]) == ("succeeded", ["ukraine-taras", "ukraine-mykola"])
    assert [d["person"] for d in gov.snapshot()["bodies"]["ukraine/congress"]["delegates"]
            if d["constituency"] == "ukraine/kharkiv"] == ["ukraine-oksana"]


def test_a_proposal_goes_on_the_agenda_is_amended_decided_and_minuted(
        gov: Governance, monkeypatch: pytest.MonkeyPatch) -> None:
    from councils.application.minutes import minutes

    monkeypatch.setattr(demo, "CASES", ("00-founding.jsonl", "e-recall.jsonl", "i-proposal-amended.jsonl"))
    out = io.StringIO()
    assert demo.run_demo(gov, Console(file=out, width=200)), out.getvalue()
    assert "refused as the rules require: refused (amendments first)" in out.getvalue()
    drawn = minutes(gov, "ukraine/kharkiv")
    decided = [(d.question, d.outcome) for d in drawn.decisions]
    assert decided[-2:] == [("kharkiv-bathhouse-a1", "yes"), ("kharkiv-bathhouse", "yes")]
    assert drawn.decisions[-1].text == "A public bathhouse and laundry by the works"
    assert drawn.decisions[-1].petition == "kharkiv-bathhouse"
    assert gov.state.comments["kharkiv-bathhouse-a1"][0]["person"] == "kharkiv-iryna"
