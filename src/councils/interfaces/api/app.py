"""`create_app`: the HTTP API and the web UI on one Governance.

The API lives under /api (OpenAPI at /api/openapi.json, docs at /api/docs); the web UI,
if its package is present, at the root. Both use the same services, so a page and an
API call see the same state and are refused for the same reasons.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from argon2 import PasswordHasher
from fastapi import FastAPI

from councils.application.accounts import Accounts
from councils.application.governance import Governance
from councils.bootstrap import Container, wire
from councils.interfaces.api import docs, errors, openapi_errors
from councils.interfaces.api.limits import MAX_BODY, BodyLimit
from councils.interfaces.api.routes import commands, ledger, notices, passwords, petitions, reads, session
from councils.interfaces.api.routes import encrypted as encrypted_routes
from councils.interfaces.api.routes import nations as nation_routes
from councils.interfaces.api.routes import sittings as sitting_routes
from councils.interfaces.api.secure_cookies import SecureCookies
from councils.interfaces.api.security_headers import SecurityHeaders
from councils.interfaces.api.services import build_services

DESCRIPTION = """The governance engine of a voluntary union of council republics.

Every change is a command (`POST /api/commands`); a refusal names the rule that refused
it. Reads are public except the register of residents. Sign in with `POST /api/session`
and send the token as `Authorization: Bearer <token>`.
"""


def create_app(source: Container | Governance, accounts: Accounts | None = None, *, web: bool = True,
               max_body: int = MAX_BODY, hasher: PasswordHasher | None = None,
               scheduler: bool = True, secure_cookies: bool = False) -> FastAPI:
    """The app on the composition root's container (or on a Governance, wired by `bootstrap.wire`).

    While the app runs, the container's scheduler records time-driven effects as they
    fall due (`scheduler=False` leaves that to `councils tick`).
    """
    container = source if isinstance(source, Container) else wire(source, accounts=accounts, hasher=hasher)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if scheduler:
            container.scheduler.start()
        try:
            yield
        finally:
            container.scheduler.stop()

    app = FastAPI(title="councils", version="0.1.0", description=DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.services = build_services(container)
    app.state.html_errors = None
    errors.install(app)
    openapi_errors.install(app)
    docs.install(app)  # Swagger UI from the package, not from a CDN
    for module in (commands, reads, ledger, session, passwords, petitions, notices):
        app.include_router(module.router, prefix="/api")
    app.include_router(nation_routes.router, prefix="/api")  # autonomies, territory, treaties (issue 12)
    app.include_router(encrypted_routes.router, prefix="/api")  # encrypted questions (issue 14)
    app.include_router(sitting_routes.router, prefix="/api")  # sittings of a body (issue 15)
    if web:
        from councils.interfaces.web import mount

        mount(app)
    app.state.max_body = max_body  # what the teller routes hold a body that is not a teller's to
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(SecureCookies, always=secure_cookies)
    return app
