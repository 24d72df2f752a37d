"""The OpenAPI document describes the errors the API answers, with the body it answers.

Every error is the one shape `errors.problem` builds (`{"error", "message", "reason"?,
"rule"?, "retry_after"?}`), so a client, and Schemathesis in the tests, can check any
4xx against the document. FastAPI's own 422 names its `HTTPValidationError` (a `detail`
list) which this API never sends: it is replaced by `Error`. Any request may also get
400 (malformed JSON, a bad Content-Length) and 413 (a body too large), so every
operation declares them; each route declares its own others with `errors(...)`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict

DESCRIPTIONS = {
    400: "Malformed JSON or a bad Content-Length",
    401: "Not signed in, or an unknown or expired token",
    403: "The account may not do this (the rule is named)",
    404: "No such thing",
    409: "Refused by a rule (named), or a conflict",
    413: "The request body is too large",
    422: "A malformed command or request (the field is named)",
    429: "Too many failed sign-ins lately (Retry-After)",
}
EVERYWHERE = (400, 413)
ERROR_REF = {"$ref": "#/components/schemas/Error"}


class Error(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str
    reason: str | None = None
    rule: str | None = None
    retry_after: int | None = None


def errors(*codes: int, **described: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: these statuses, each with the Error body."""
    out: dict[int | str, dict[str, Any]] = {
        code: {"model": Error, "description": DESCRIPTIONS[code]} for code in codes}
    for name, text in described.items():  # errors(e403="...") overrides a description
        out.setdefault(int(name[1:]), {"model": Error})["description"] = text
    return out


def install(app: FastAPI) -> None:
    """Make `app.openapi()` give every error response the Error body, 400 and 413 included."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description,
                          routes=app.routes, tags=app.openapi_tags)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["Error"] = Error.model_json_schema(ref_template="#/components/schemas/{model}")
        for path in doc.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code in EVERYWHERE:
                    responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
                for status, response in responses.items():
                    if status[0] in "45":
                        response["content"] = {"application/json": {"schema": ERROR_REF}}
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
