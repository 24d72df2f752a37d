"""Headers that keep the web UI from being framed, sniffed or made to run scripts from elsewhere.

A page that casts a ballot must not be shown inside another site's frame (a click taken
for a vote), nor run a script injected from elsewhere: every response says so. Scripts
come only from this server (htmx is served from /static); inline styles are allowed,
since htmx adds one for its indicators. The interactive API docs (Swagger UI, served from
the package) start from one inline script, so /api/docs alone may run one.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'")
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
_COMMON = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin")]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = (DOCS_POLICY if scope.get("path", "").startswith("/api/docs") else POLICY).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_COMMON,
                                      (b"content-security-policy", policy)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
