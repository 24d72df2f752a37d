"""A voting window closes and is counted on time on every ledger: memory, SQLite, PostgreSQL.

The tick decides the close in the same transaction as the effects that fell due with it
(a secret ballot's publication, the decision), each at its own closing time.
"""

from __future__ import annotations

from datetime import timedelta

from councils.bootstrap import MEMORY_URL, governance
from tests.builders import World
from tests.conftest import FixedClock


def test_two_windows_close_in_one_tick_each_at_its_time(store_url: str) -> None:
    clock = FixedClock()
    gov = governance(store_url, clock=clock)
    try:
        w = World(gov)
        w.republic("coop", constitution="coop-federation", electors=4)
        opened = clock.now
        for question, duration in (("a", "24h"), ("b", "36h")):
            w.do("open_question", question=question, body="coop/town", kind="motion", text=question,
                 duration=duration)
            w.vote(question, ["coop-0", "coop-1"], choice="yes")
        clock.now += timedelta(days=3)
        recorded = gov.tick()
        decided = [r.event for r in recorded if r.event.type == "QuestionDecided"]
        assert [(e.data["question"], e.at) for e in decided] == [
            ("a", (opened + timedelta(hours=24)).isoformat(timespec="seconds")),
            ("b", (opened + timedelta(hours=36)).isoformat(timespec="seconds"))]
        assert gov.ledger.verify().ok
        if store_url != MEMORY_URL:  # another process folds the same from the database
            again = governance(store_url, clock=clock)
            assert {q: again.state.questions[q].outcome for q in ("a", "b")} == {"a": "yes", "b": "yes"}
            again.ledger.dispose()
    finally:
        gov.ledger.dispose()
