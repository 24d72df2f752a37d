"""The web UI: server-rendered pages (Jinja2 + htmx) on the API's services.

No JavaScript build: htmx (vendored in static/) only adds live updates, and every page
works without it. Refusals are rendered by the same mapping as the API's errors.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from councils.interfaces.web import (
    actions,
    auth,
    clerk,
    encrypted,
    finding,
    i18n,
    nations,
    pages,
    passwords,
    petitions,
    pyramid,
    sittings,
    treaties,
)
from councils.interfaces.web.render import error_page


def mount(app: FastAPI) -> None:
    """Add the pages, static files and HTML error pages to `app`."""
    static = resources.files("councils.interfaces.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(auth.router)
    app.include_router(actions.router)  # /questions/new before /questions/{id}
    app.include_router(clerk.router)
    app.include_router(finding.router)  # /clerk and /questions before /clerk/{id}, /questions/{id}
    app.include_router(passwords.router)
    app.include_router(petitions.router)  # petitions, my notices, the register (issue 15)
    app.include_router(sittings.router)  # sittings of a body, their agendas and minutes (issue 15)
    app.include_router(encrypted.router)  # encrypted ballots (issue 14)
    app.include_router(pages.router)
    app.include_router(nations.router)  # /polities/{id}/nations (issue 12)
    app.include_router(pyramid.router)  # /republics/{id}/pyramid, the congress pyramid drawn (issue 12)
    app.include_router(treaties.router)  # treaties, languages, territory of a polity (issue 12)
    app.state.html_errors = error_page
    app.add_middleware(i18n.LanguageMiddleware)  # each request's language, before its handler
