"""The docs are a contract: the README's first lines, its command table and CI, and
docs/api.md's endpoints, pages, errors and limits must agree with the code."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Match
from typer.main import get_command

from councils.application import sign_in_limit
from councils.application.accounts import ROLES, SESSION_KINDS, TOKEN_CACHE_SECONDS
from councils.application.authorisation import Forbidden, Unauthenticated
from councils.application.sign_in_limit import TooManyAttempts
from councils.bootstrap import governance
from councils.domain.errors import Conflict, DomainError, InvalidCommand, NotFound, Refused, Rule
from councils.interfaces.api import create_app
from councils.interfaces.api.errors import HTTP_ERRORS, problem
from councils.interfaces.api.limits import MAX_BODY
from councils.interfaces.api.routes.commands import MAX_COMMANDS
from councils.interfaces.cli import app
from tests.interfaces.api_support import FAST

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_run_and_test_commands() -> None:
    opening = README.split("```")[1]
    assert "make run" in opening and "make test" in opening


def test_ci_runs_the_readmes_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented_in_the_readme() -> None:
    group = get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"apply", "state", "ledger", "replay", "republic", "demo", "count", "serve"} <= set(names)
    for name in names:
        assert f"councils {name}" in README, f"`councils {name}` is not documented in README.md"


def test_every_example_file_is_run_by_the_demo() -> None:
    from councils.interfaces.demo import CASES

    files = {p.name for p in (ROOT / "src" / "councils" / "examples").glob("*.jsonl")}
    assert files == set(CASES)


# --- docs/api.md: checked against the app it describes -----------------------------------

API_DOC = (ROOT / "docs" / "api.md").read_text()
FLAT_API_DOC = " ".join(API_DOC.split())
# `METHOD /path` anywhere in the page: a path stops at a query string, a space or a backtick.
ENDPOINT = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/[\w{}/:.\-]*)")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}

Endpoint = tuple[str, str]


def _endpoint(method: str, path: str) -> Endpoint:
    """A method and a path, with path parameters unnamed: `{union_id}` and `{id}` are alike."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path)


def _named(text: str) -> set[Endpoint]:
    return {_endpoint(m, p) for m, p in ENDPOINT.findall(text)}


def _section(title: str) -> str:
    after = API_DOC.split(f"\n## {title}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def _table(text: str) -> list[list[str]]:
    """The body rows of the markdown tables in `text`, as lists of stripped cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows[1:] if rows else rows  # the first row is the header


@pytest.fixture(scope="module")
def docs_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The API and the web UI on an empty SQLite database."""
    path = tmp_path_factory.mktemp("docs") / "docs.db"
    gov = governance(f"sqlite:///{path}")
    yield create_app(gov, hasher=FAST)
    gov.ledger.dispose()


@pytest.fixture(scope="module")
def openapi(docs_app: FastAPI) -> dict[str, Any]:
    return docs_app.openapi()


def _operations(openapi: dict[str, Any]) -> dict[Endpoint, dict[str, Any]]:
    return {_endpoint(method, path): operation for path, item in openapi["paths"].items()
            for method, operation in item.items() if method.upper() in METHODS}


def _endpoint_rows() -> dict[Endpoint, list[str]]:
    rows = {}
    for cells in _table(_section("Endpoints")):
        (found,) = _named(cells[0])
        rows[found] = cells
    return rows


def _statuses(cell: str) -> set[int]:
    return {int(s) for s in re.findall(r"\b\d{3}\b", cell)}


def test_every_api_endpoint_is_documented_and_every_documented_one_exists(
        openapi: dict[str, Any]) -> None:
    served = set(_operations(openapi))
    named = {e for e in _named(API_DOC) if e[1].startswith("/api/")}
    assert served - named == set(), "endpoints missing from docs/api.md"
    assert named - served == set(), "docs/api.md names endpoints the API does not have"
    assert set(_endpoint_rows()) == served, "the table of docs/api.md's Endpoints is not complete"


def test_the_endpoint_table_gives_each_success_status_and_the_declared_errors(
        openapi: dict[str, Any]) -> None:
    rows = _endpoint_rows()
    documented_errors = {int(cells[0]) for cells in _table(_section("Errors"))}
    always = _statuses(next(h for h in _section("Endpoints").splitlines() if h.startswith("| endpoint")))
    for endpoint, operation in _operations(openapi).items():
        responses = operation["responses"]
        success = {int(s) for s in responses if s.startswith("2")}
        # FastAPI declares a 422 "Validation Error" on any endpoint with parameters, even
        # where none can fail (a path parameter of any text): only declared ones are required.
        declared = {int(s) for s, r in responses.items()
                    if not s.startswith("2") and r.get("description") != "Validation Error"}
        cells = rows[endpoint]
        assert _statuses(cells[2]) == success, f"{endpoint}: success status"
        assert declared <= _statuses(cells[3]) | always, f"{endpoint}: declared errors"
        assert _statuses(cells[3]) <= documented_errors, f"{endpoint}: an error not in the table"


def _pages(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """The web UI's routes (those left out of the OpenAPI document), through included
    routers (FastAPI keeps an included router whole, as its `original_router`)."""
    for route in routes:
        if isinstance(route, APIRoute) and not route.include_in_schema:
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _pages(included.routes)


def _answers(app: FastAPI, method: str, path: str) -> bool:
    """Whether a route of the app takes this method on this path (parameters filled in)."""
    scope = {"type": "http", "method": method, "path": path.replace("{}", "x"),
             "root_path": "", "headers": []}
    return any(route.matches(scope)[0] is Match.FULL for route in app.router.routes)


def test_every_web_page_is_documented_and_every_documented_one_exists(docs_app: FastAPI) -> None:
    served = {_endpoint(method, route.path) for route in _pages(docs_app.routes)
              for method in route.methods or () if method in METHODS}
    assert len(served) > 20
    assert all(_answers(docs_app, *page) for page in served)
    named = {e for e in _named(API_DOC) if not e[1].startswith("/api")}
    assert served - named == set(), "web pages missing from docs/api.md"
    assert named - served == set(), "docs/api.md names pages the web UI does not have"
    assert _named(_section("The web UI")) == served, "the table of pages is not complete"


def test_the_error_table_is_what_the_api_answers(docs_app: FastAPI) -> None:
    table = {(int(cells[0]), re.findall(r"`([^`]*)`", cells[1])[0])
             for cells in _table(_section("Errors"))}
    domain = [Unauthenticated("x"), TooManyAttempts("x", 1), Forbidden("own ballot", "x"),
              NotFound("question", "x"), Refused(Rule.R3, "x"), InvalidCommand("x"),
              Conflict("x")]
    answered = set()
    for exc in domain:
        status, body = problem(exc)
        answered.add((status, body["error"]))
    with TestClient(docs_app) as client:
        probes = [client.get("/api/no-such-thing"), client.put("/api/commands"),
                  client.post("/api/commands", content=b"{"),
                  client.post("/api/commands", content=b" " * (MAX_BODY + 1)),
                  client.get("/api/ledger", params={"limit": 0}),
                  client.get("/api/me")]
        for response in probes:
            assert response.headers["content-type"] == "application/json"
            answered.add((response.status_code, response.json()["error"]))
        assert probes[-1].headers["www-authenticate"] == "Bearer"
    assert answered - table == set(), "errors the API answers that docs/api.md does not list"
    possible = answered | set(HTTP_ERRORS.items()) | {(500, "internal error")}
    assert table - possible == set(), "docs/api.md lists errors the API never answers"


def test_every_domain_error_maps_to_a_documented_kind() -> None:
    def below(cls: type[DomainError]) -> set[type[DomainError]]:
        return {cls} | {s for sub in cls.__subclasses__() for s in below(sub)}

    known = (Unauthenticated, TooManyAttempts, Forbidden, NotFound, Refused, InvalidCommand, Conflict)
    assert all(issubclass(cls, known) for cls in below(DomainError) - {DomainError})


def test_the_limits_quoted_are_the_codes(openapi: dict[str, Any]) -> None:
    minutes = int(sign_in_limit.WINDOW.total_seconds() // 60)
    quoted = [
        f"After {sign_in_limit.PER_LOGIN} failed sign-ins for one login within {minutes} "
        f"minutes, or {sign_in_limit.PER_ADDRESS} from one client address",
        f"until the oldest of those failures is {minutes} minutes old",
        f"It lasts {SESSION_KINDS['api'].days} days",
        f"SameSite=Lax, and lasts {SESSION_KINDS['web'].seconds // 3600} hours",
        f"A list holds at most {MAX_COMMANDS} commands",
        f"a body over {MAX_BODY:,} bytes",
    ]
    for phrase in quoted:
        assert phrase in FLAT_API_DOC, phrase
    assert TOKEN_CACHE_SECONDS == 60 and "for up to a minute" in FLAT_API_DOC
    roles = {re.findall(r"`([^`]*)`", cells[0])[0] for cells in _table(_section("Signing in"))
             if cells[0].startswith("`")}
    assert roles == set(ROLES)
    for path in ("/api/ledger", "/api/republics/{republic_id}/people"):
        (limit,) = [p["schema"] for p in openapi["paths"][path]["get"]["parameters"]
                    if p["name"] == "limit"]
        assert f"`limit` 1-{limit['maximum']}, default {limit['default']}" in FLAT_API_DOC, path
