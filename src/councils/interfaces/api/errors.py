"""The one place where errors become HTTP responses.

Every domain error keeps its meaning on the wire: a refusal is 409 and names the rule
(`{"error": "refused", "rule": "R3 right of separation", "message": ...}`), a malformed
command 422, a missing thing 404, an account that may not act 403 (with the rule), no
account 401. Request-shape problems (bad JSON, wrong types, unknown fields, oversized
bodies) are 4xx with a sentence saying what was wrong; nothing a client sends is a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from councils.application.authorisation import Forbidden, Unauthenticated
from councils.application.sign_in_limit import TooManyAttempts
from councils.domain.errors import Conflict, DomainError, InvalidCommand, NotFound, Refused

log = logging.getLogger("councils.api")

HtmlRenderer = Callable[[Request, int, dict[str, Any]], Response]


def problem(exc: DomainError) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of a domain error; the most specific class first."""
    body: dict[str, Any] = {"message": str(exc), "reason": exc.reason}
    if isinstance(exc, Unauthenticated):
        return 401, {"error": "unauthenticated", **body}
    if isinstance(exc, TooManyAttempts):
        return 429, {"error": "too many requests", "retry_after": exc.retry_after, **body}
    if isinstance(exc, Forbidden):
        return 403, {"error": "forbidden", "rule": exc.rule_name, **body}
    if isinstance(exc, NotFound):
        return 404, {"error": "not found", "rule": exc.rule_name, **body}
    if isinstance(exc, Refused):
        return 409, {"error": "refused", "rule": exc.rule_name, **body}
    if isinstance(exc, InvalidCommand):
        return 422, {"error": "invalid command", **body}
    if isinstance(exc, Conflict):
        return 409, {"error": "conflict", **body}
    return 400, {"error": exc.label, **body}


HTTP_ERRORS = {400: "bad request", 401: "unauthenticated", 403: "forbidden", 404: "not found",
               405: "method not allowed", 413: "too large", 415: "unsupported media type",
               422: "invalid request", 429: "too many requests"}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        kind = err.get("type", "")
        if kind == "json_invalid":
            return f"malformed JSON: {err.get('ctx', {}).get('error', err.get('msg'))}"
        if kind == "extra_forbidden":
            parts.append(f"unknown field {where!r}")
        elif kind == "missing":
            parts.append(f"missing field {where!r}")
        else:
            parts.append(f"{where or 'body'}: {err.get('msg')}")
    return "; ".join(parts) or "invalid request"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.app.state.html_errors is not None


def respond(request: Request, status: int, body: dict[str, Any],
            headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        renderer: HtmlRenderer = request.app.state.html_errors
        return renderer(request, status, body)
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers; `app.state.html_errors` renders the same errors as pages."""
    if not hasattr(app.state, "html_errors"):
        app.state.html_errors = None

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        status, body = problem(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return respond(request, status, body, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        status = 400 if message.startswith("malformed JSON") else 422
        error = "malformed JSON" if status == 400 else "invalid request"
        return respond(request, status, {"error": error, "message": message})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        error = HTTP_ERRORS.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else error
        return respond(request, exc.status_code, {"error": error, "message": message},
                       dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, {"error": "internal error",
                                      "message": "the server failed; nothing was applied"})
