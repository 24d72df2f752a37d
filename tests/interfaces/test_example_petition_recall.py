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
