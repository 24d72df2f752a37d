"""Refuse request bodies over a limit before they are read into memory.

A declared Content-Length over the limit is answered 413 at once; a body sent without
one (chunked) is counted as it arrives and cut off with the same 413. Raising Starlette's
HTTPException from `receive` lets FastAPI pass it through unchanged to the error handlers.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1_000_000


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"the request body is larger than {self.max_bytes:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            message = self._message() if status == 413 else "invalid Content-Length header"
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
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited, send)
