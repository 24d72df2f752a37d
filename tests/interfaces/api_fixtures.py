"""Fixtures for the API tests: the demo union with its sign-ins, on a copy of a real SQLite file.

The demo is loaded once per session into a template file; each test gets its own copy,
so tests are independent and still run against a real database. Test modules load this
with `pytest_plugins = ("tests.interfaces.api_fixtures",)`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.bootstrap import governance
from councils.interfaces.api import create_app
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, build_demo


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, FixedClock())
    return path


@pytest.fixture
def demo_gov(demo_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Governance]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    gov = governance(f"sqlite:///{path}", clock=clock)
    yield gov
    gov.ledger.dispose()


@pytest.fixture
def app(demo_gov: Governance) -> FastAPI:
    return create_app(demo_gov, hasher=FAST, web=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


