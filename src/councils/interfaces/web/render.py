"""Rendering pages: one Jinja2 environment, the visitor's session in every template.

Autoescaping is on for every template, so names and texts from the ledger are always
shown as text, never as markup.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from councils.application.authorisation import permissions
from councils.interfaces.api.services import Services
from councils.interfaces.web import charts, plain
from councils.interfaces.web.session import CSRF_FIELD, set_flash, web_session

env = Environment(loader=PackageLoader("councils.interfaces.web", "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True),
                  trim_blocks=True, lstrip_blocks=True)
env.globals.update(explain=plain.explain, shown=charts.shown, CSRF_FIELD=CSRF_FIELD)

KIND_NAMES = {"congress": "Congress", "chamber": "Chamber", "council": "Council",
              "assembly": "Assembly"}
env.filters["kind_name"] = lambda kind: KIND_NAMES.get(kind, kind)


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    session = web_session(request)
    svc = services(request)
    with svc.authorised.lock:
        can = permissions(svc.gov.state, session.account, svc.gov.clock().year)
    html = env.get_template(template).render(
        request=request, me=session.account, csrf_token=session.csrf_token, flash=session.flash,
        can=can, path=request.url.path, **context)
    response = HTMLResponse(html, status_code=status)
    session.apply(response)
    return response


def redirect(request: Request, url: str, *flash: str) -> Response:
    """After a successful form: see the result (Post/Redirect/Get), with a message once."""
    response = RedirectResponse(url, status_code=303)
    web_session(request).apply(response)
    if flash:
        set_flash(request, response, *flash)
    return response


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """Every error as a page: the rule in plain words, then the reason (see api.errors)."""
    return render(request, "error.html", status=status, error=body,
                  title=f"{status}: {body.get('error', 'error')}")
