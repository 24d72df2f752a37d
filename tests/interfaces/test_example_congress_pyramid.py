"""The worked example of the congress pyramid (examples/k-congress-pyramid.jsonl), as the demo runs it:
every level of RSFSR 1918 Art. 53, a town sending by both routes (Art. 25), and a recall below that
empties every seat above it held by that mandate (issue 12 item 1)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from councils.application.governance import Governance
from councils.application.pyramid_view import pyramid_of
from councils.interfaces import demo


def test_the_pyramid_example_elects_level_by_level_and_a_recall_below_empties_the_seats_above(
        gov: Governance, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CASES", ("k-congress-pyramid.jsonl",))
    out = io.StringIO()
    assert demo.run_demo(gov, Console(file=out, width=200)), out.getvalue()
    assert "refused (R7 apportionment): volga/ozerki does not send delegates to volga/atkarsk" in out.getvalue()
    congress = pyramid_of(gov.state, "volga", 2026)["congress"]
    assert [(r["name"], [d["name"] for d in r["delegates"]]) for r in congress["senders"]] == [
        ("Saratov", ["Elena"]), ("Volga Oblast", [])]  # Anna, recalled in Ozerki, lost the seat above
    oblast = next(r for r in congress["senders"] if r["name"] == "Volga Oblast")
    assert oblast["apportioned"]["article"].startswith("Art. 25 Note 2")
    assert all(not gov.state.bodies[b].seats for b in ("volga/lysye-gory", "volga/atkarsk", "volga/oblast"))
    assert [s.person for s in gov.state.bodies["volga/saratov"].seats] == ["volga-dmitri"]
