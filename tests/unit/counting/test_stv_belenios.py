"""STV for one seat against Debian's `belenios-tool method stv` on random profiles.

With one seat STV is instant runoff, and there both must agree whenever neither drew a
tie: ours breaks ties by earlier rounds then by lot with the seed, Belenios by its own
draw (its `TieLose`/`TieWin` events), so profiles where either drew are set aside (as a
hypothesis event). With several seats the two differ in their rules beyond ties (what is
done when the continuing candidates are one more than the seats left, how surpluses
move), so they are not compared here.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings

from councils.counting import Ballots, count
from tests.unit.counting.support import BELENIOS, belenios_method, profiles


def _belenios_stv(ballots: Ballots, seats: int) -> dict[str, Any]:
    return belenios_method(ballots, "stv", f"--nseats={seats}")


@pytest.mark.skipif(BELENIOS is None, reason="belenios-tool is not installed (apt-get install belenios-tool)")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(min_candidates=3, max_candidates=6, max_rows=8, max_weight=6))
def test_one_seat_stv_elects_whom_belenios_elects_when_no_tie_is_drawn(ballots: Ballots) -> None:
    peer = _belenios_stv(ballots, 1)
    assert peer["invalid"] == []
    ours = count(ballots, "stv", seats=1)
    if ours.ties or any(kind.startswith("Tie") for kind, _ in peer["events"]):
        event("a tie was drawn")
        return
    assert list(ours.winners) == [ballots.candidates[c] for c in peer["winners"]]
