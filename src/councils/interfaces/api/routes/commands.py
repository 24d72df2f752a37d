"""`POST /api/commands`: the command language of DESIGN.md over HTTP.

The body is one command object or a list of them. Each command is atomic; a list is
applied in order and stops at the first refusal, whose error names its `index` and
lists what was applied before it (those stay applied), as `councils apply FILE` does.
A single command shares its transaction with those of concurrent requests (a group
commit, `group_commit.py`), and is still authorised, applied or refused on its own.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import Unauthenticated
from councils.application.governance import Applied
from councils.domain.commands import COMMANDS
from councils.domain.errors import DomainError, InvalidCommand
from councils.interfaces.api.auth import bearer
from councils.interfaces.api.errors import problem
from councils.interfaces.api.group_commit import UNKNOWN_TOKEN
from councils.interfaces.api.limits import MAX_BODY, teller_sized, too_large
from councils.interfaces.api.services import Services

router = APIRouter(tags=["commands"])
MAX_COMMANDS = 1000

COMMAND_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["cmd"],
    "properties": {"cmd": {"type": "string", "enum": sorted(COMMANDS)}},
    "additionalProperties": True,
    "description": "One command of the command language (see docs/api.md and DESIGN.md).",
}


def applied_json(applied: Applied) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cmd": applied.command.name,
        "events": [{"position": r.position, "type": r.event.type, "stream": r.event.stream,
                    "hash": r.hash} for r in applied.events],
    }
    if applied.receipt is not None:
        out["receipt"] = applied.receipt
    return out


def decode(raw: bytes) -> Any:
    if not raw.strip():
        raise InvalidCommand("the body is empty; send a JSON command object or a list of them")
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise _Malformed("the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _Malformed(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise _Malformed("the JSON is nested too deeply") from None
    except ValueError as exc:  # an integer of thousands of digits: no field takes one
        raise _Malformed(f"a number too long to read ({str(exc).split(':')[0].lower()})") from None


class _Malformed(Exception):
    pass


@router.post(
    "/commands",
    summary="Apply one command or a list of commands",
    responses={400: {"description": "Malformed JSON"}, 401: {"description": "Not signed in"},
               403: {"description": "The account may not send this command (rule named)"},
               404: {"description": "Something named does not exist"},
               409: {"description": "Refused by a rule of the engine (rule named)"},
               413: {"description": "Body over 1 MB (a teller's submit_shuffle or "
                                      "submit_partial_decryption: 64 MB)"},
               422: {"description": "Malformed command"}},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "oneOf": [COMMAND_SCHEMA, {"type": "array", "items": COMMAND_SCHEMA,
                                   "maxItems": MAX_COMMANDS}]}}}},
                   "security": [{bearer.scheme_name: []}]},
)
async def post_commands(request: Request) -> JSONResponse:
    # The hot path of every ballot: the bearer token is read here and resolved with the
    # command in a worker thread, not through dependencies (each costs FastAPI time).
    credentials = await bearer(request)
    token = credentials.credentials if credentials is not None else None
    svc: Services = request.app.state.services
    limit: int = getattr(request.app.state, "max_body", MAX_BODY)
    if _may_pass(request, limit):  # only a signed-in caller's body is read past 1 MB
        known = token is not None and await run_in_threadpool(svc.accounts.from_token, token, "api") is not None
        if not known:
            raise Unauthenticated(UNKNOWN_TOKEN if token is not None else
                                  f"a body over {limit:,} bytes is read only from a signed-in teller: "
                                  "send the token from POST /api/session")
    raw = await request.body()
    try:
        body = decode(raw)  # once: a teller's body of tens of megabytes is not parsed twice
    except (_Malformed, InvalidCommand) as exc:
        if len(raw) > limit:  # too large is the first thing wrong with it
            return too_large(limit)
        if isinstance(exc, InvalidCommand):
            raise
        return JSONResponse({"error": "malformed JSON", "message": f"malformed JSON: {exc}"},
                            status_code=400)
    if len(raw) > limit and not teller_sized(body):  # only a teller's shuffle or decryption is let past 1 MB
        return too_large(limit)
    if isinstance(body, dict):  # one command: committed with those of concurrent requests
        return JSONResponse(applied_json(await svc.group.handle(token, body)))
    return await run_in_threadpool(_apply, svc, token, body)


def _may_pass(request: Request, limit: int) -> bool:
    """Whether the body may be larger than `limit` (declared so, or sent without a length): then the
    caller's token is checked before the body is read, so that no one unknown makes the server
    read a teller's 64 MB."""
    declared = request.headers.get("content-length")
    return declared is None or not declared.isdigit() or int(declared) > limit


def _apply(svc: Services, token: str | None, body: Any) -> JSONResponse:
    actor = svc.accounts.from_token(token, "api") if token is not None else None
    if token is not None and actor is None:
        raise Unauthenticated(UNKNOWN_TOKEN)
    if isinstance(body, list):
        if not body:
            raise InvalidCommand("the list of commands is empty")
        if len(body) > MAX_COMMANDS:
            raise InvalidCommand(f"at most {MAX_COMMANDS} commands in one request, got {len(body)}")
        done: list[dict[str, Any]] = []
        for index, raw in enumerate(body):
            try:
                done.append(applied_json(svc.authorised.handle(actor, raw)))
            except DomainError as exc:
                status, error = problem(exc)
                return JSONResponse({**error, "index": index, "applied": done}, status_code=status)
        return JSONResponse({"applied": done})
    return JSONResponse(applied_json(svc.authorised.handle(actor, body)))
