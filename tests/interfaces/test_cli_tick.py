"""`councils tick` and `councils state`: an effect that fell due is shown as due, then recorded once."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from councils.bootstrap import governance
from tests.conftest import FIXED_NOW, FixedClock
from tests.interfaces.test_cli import run
from tests.unit.application.test_pipeline import _seceding


def test_tick_records_a_secession_whose_notice_ran_out_and_state_says_so_before(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    clock = FixedClock(FIXED_NOW - timedelta(days=400))  # the decision was long ago; its 90 days ran out
    gov = governance(f"sqlite:///{db}", clock=clock)
    _seceding(gov, clock)
    gov.ledger.dispose()

    before = run(db, "state")
    assert before.returncode == 0, before.stderr
    assert "due and not yet recorded: RepublicSeceded of rep" in before.stdout
    assert json.loads(run(db, "state", "--json").stdout)["republics"]["rep"]["union"] == "coop"

    ticked = run(db, "tick")
    assert ticked.returncode == 0, ticked.stderr
    assert "RepublicSeceded" in ticked.stdout and "1 effect(s) fell due" in ticked.stdout
    after = json.loads(run(db, "state", "--json").stdout)
    assert after["republics"]["rep"]["union"] is None and after["due"] == []
    assert run(db, "tick").stdout.strip() == "nothing is due"
    assert run(db, "ledger", "verify").returncode == 0
