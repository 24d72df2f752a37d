"""Refuse request bodies over a limit before they are read into memory.

A declared Content-Length over the limit is answered 413 at once; a body sent without
one (chunked) is counted as it arrives and cut off with the same 413. Raising Starlette's
HTTPException from `receive` lets FastAPI pass it through unchanged to the error handlers.

Every body is held to 1 MB but a teller's: `POST /api/commands` and the tellers' page
(`POST /tellers/{question}`), sent with credentials, take up to 64 MB at this layer, so that
a ranked question of thousands of ballots can be shuffled and decrypted through the API and
the web (a shuffle is about 5 KB a ballot); those routes then refuse, with the same 413, a
body over 1 MB that is not one `submit_shuffle` or `submit_partial_decryption` (`teller_sized`).
The header is only a first sieve: both routes resolve the caller's token or session before they
read a body that may pass 1 MB, so no one unknown makes the server read 64 MB.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1_000_000
# A teller's shuffle or partial decryption of a large ranked question (issue 14): up to the engine's
# own limits (vocabulary.TEXT_MAX: 50 MB of shuffle text), with room for its JSON or form escaping.
TELLER_MAX_BODY = 64_000_000
TELLER_COMMANDS = ("submit_shuffle", "submit_partial_decryption")
_TELLER_FORM = re.compile(r"/tellers/[^/]+")


def teller_route(scope: Scope) -> bool:
    """A route that takes a teller's submissions, sent with credentials: only these may pass 1 MB,
    and each still refuses a large body that is not a teller's shuffle or decryption (`too_large`)."""
    if scope.get("method") != "POST" or not (scope["path"] == "/api/commands" or _TELLER_FORM.fullmatch(scope["path"])):
        return False
    headers = Headers(scope=scope)
    return "authorization" in headers or "cookie" in headers


def teller_sized(body: object) -> bool:
    """Whether a body over MAX_BODY, once read as JSON, is one command a teller may send that large."""
    return isinstance(body, dict) and body.get("cmd") in TELLER_COMMANDS


def too_large_message(limit: int = MAX_BODY) -> str:
    """The words of a 413 on a teller's route: the limit, and who may go past it."""
    return (f"the request body is larger than {limit:,} bytes; only a teller's "
            f"{' or '.join(TELLER_COMMANDS)} (one command) may be up to {TELLER_MAX_BODY:,} bytes")


def too_large(limit: int = MAX_BODY) -> JSONResponse:
    return JSONResponse({"error": "too large", "message": too_large_message(limit)}, status_code=413)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY, teller_bytes: int = TELLER_MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.teller_bytes = teller_bytes

    def _message(self, limit: int) -> str:
        if limit == self.teller_bytes:
            return f"the request body is larger than {limit:,} bytes (the limit of a teller's shuffle or decryption)"
        return f"the request body is larger than {limit:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = max(self.teller_bytes, self.max_bytes) if teller_route(scope) else self.max_bytes
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            status = 413 if declared.isdigit() else 400
            message = self._message(limit) if status == 413 else "invalid Content-Length header"
            response = JSONResponse({"error": "too large" if status == 413 else "bad request",
                                     "message": message}, status_code=status,
                                    headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, self._message(limit))
            return message

        await self.app(scope, limited, send)
