"""Browser tests: Debian's Chromium (headless, through Playwright) against a live server.

The server is uvicorn in a daemon thread of this process, on a free loopback port, over
a real SQLite file holding the demo union, its sign-ins (password `api_support.PASSWORD`) and
`testland`, a republic whose constitution apportions one delegate per two electors so
that an STV election of several delegates is possible with a handful of voters.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from councils.bootstrap import governance
from councils.constitution.loader import resolve_document
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, add_demo_accounts, build_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/services.sh start installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS,
            "headless": True}


def _testland_constitution() -> dict[str, Any]:
    doc = resolve_document("rsfsr-1918")
    for rule in doc["apportionment"]["republic_congress"]:
        if rule["source"] == "town":
            rule["per"] = 2
    doc["constitution"]["title"] = "RSFSR 1918, one delegate per two town electors (a test)"
    return doc


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "councils.db"
    clock = FixedClock()
    build_demo(path, clock)
    gov = governance(f"sqlite:///{path}", clock=clock)
    gov.handle({"cmd": "found_republic", "republic": "testland", "name": "Testland",
                "constitution": _testland_constitution()})
    gov.handle({"cmd": "create_council", "council": "testland/town", "republic": "testland",
                "kind": "town", "name": "Testtown"})
    accounts = add_demo_accounts(gov)  # clerk@testland among them
    app = create_app(gov, accounts, hasher=FAST)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    gov.ledger.dispose()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-playwright resolves `page.goto("/path")` against this."""
    return live_server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
