"""Every read says what it is as of: the clock's time and the ledger position, in two headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from councils.application.governance import Governance
from tests.conftest import FixedClock

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_reads_carry_the_time_and_position_they_are_as_of(
        client: TestClient, demo_gov: Governance, clock: FixedClock) -> None:
    for path in ("/api/unions", "/api/republics/ukraine", "/api/questions"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["X-Councils-As-Of"] == clock.now.isoformat(timespec="seconds")
        assert int(response.headers["X-Councils-Position"]) == demo_gov.ledger.head()[0]
