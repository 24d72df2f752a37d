"""The `Secure` flag on every cookie when the visitor reached us over TLS.

A session cookie sent once over plain HTTP can be read by anyone on the network, so
behind TLS every cookie must say `Secure` (the browser then never sends it in clear).
Whether the request came over TLS is `scope["scheme"]`: "https" when uvicorn serves TLS
itself, or when a reverse proxy that terminates TLS says so in `X-Forwarded-Proto`, which
uvicorn believes only from the proxy addresses `councils serve --proxy` names (its
`forwarded_allow_ips`), so a client cannot claim it. `always=True` (`serve
--secure-cookies`) marks them whatever the scheme, for a proxy that sends no such header.
Over TLS, `Strict-Transport-Security` tells the browser to come back only over TLS.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = (b"strict-transport-security", b"max-age=31536000")


def _secured(value: bytes) -> bytes:
    attributes = [a.strip().lower() for a in value.split(b";")[1:]]
    return value if b"secure" in attributes else value + b"; Secure"


class SecureCookies:
    def __init__(self, app: ASGIApp, always: bool = False) -> None:
        self.app = app
        self.always = always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"
        if not (tls or self.always):
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, _secured(v) if k.lower() == b"set-cookie" else v)
                           for k, v in message.get("headers", [])]
                message["headers"] = [*headers, HSTS] if tls else headers
            await send(message)

        await self.app(scope, receive, send_secured)
