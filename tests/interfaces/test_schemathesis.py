"""Schemathesis against the real app's OpenAPI document, on SQLite and on PostgreSQL:
no request it generates, valid or not, gets a 5xx, and every response (4xx included)
has a status the document declares and a body of the schema it declares.

Bounded for `make test` (a few examples per operation and generation mode); a longer run:
`COUNCILS_SCHEMATHESIS_EXAMPLES=500 pytest tests/interfaces/test_schemathesis.py`
(see docs/security.md). Each operation runs anonymously and signed in as the admin, with
valid and with invalid (negative) data; the demo union is loaded first, so ids can hit;
and a stateful run follows the links Schemathesis infers (a list, then its items).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rich.console import Console
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from councils.bootstrap import governance
from councils.interfaces.api import create_app
from councils.interfaces.demo import run_demo
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, PASSWORD, add_demo_accounts, sign_in

EXAMPLES = int(os.environ.get("COUNCILS_SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
SIGNING_OUT = ("DELETE", "/api/session")  # would end the admin's token for the rest of the run


@pytest.fixture
def app(db_url: str) -> Iterator[FastAPI]:
    gov = governance(db_url, clock=FixedClock())
    assert run_demo(gov, Console(file=io.StringIO()), quiet=True)
    add_demo_accounts(gov)
    try:
        yield create_app(gov, hasher=FAST, web=False, scheduler=False)
    finally:
        gov.ledger.dispose()


def _run(app: FastAPI, headers: dict[str, str], mode: GenerationMode) -> int:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    ran = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself is valid
        operation = result.ok()
        if headers and (operation.method.upper(), operation.path) == SIGNING_OUT:
            continue

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Unsatisfiable:  # nothing to make invalid: no parameter and no body
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        ran += 1
    return ran


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_no_generated_request_gets_a_5xx_or_an_undocumented_response(
        app: FastAPI, mode: GenerationMode) -> None:
    started = time.monotonic()
    with TestClient(app) as client:
        admin = sign_in(client, "admin", PASSWORD)
    floor = 15 if mode is GenerationMode.POSITIVE else 10
    assert _run(app, {}, mode) >= floor
    assert _run(app, admin, mode) >= floor
    assert time.monotonic() - started < 600


def test_stateful_workflows_follow_real_ids_without_a_5xx(app: FastAPI) -> None:
    """Stateful: Schemathesis infers links (a list, then an item of it by its id) and walks
    them, so the reads are tried with ids that exist, not only with random text."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    workflow = schema.as_state_machine()
    assert len(workflow.bundles) >= 5  # the links it found: unions, republics, bodies, questions
    workflow.run(settings=settings(max_examples=EXAMPLES * 2, stateful_step_count=8, deadline=None,
                                   database=None, derandomize=True,
                                   suppress_health_check=list(HealthCheck)))
