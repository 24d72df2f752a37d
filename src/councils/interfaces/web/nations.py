"""The page of the nations inside a republic or union (issue 12): autonomous units with their
nationalities, languages and congress, territory, the Soviet of Nationalities, treaties; and,
for a clerk of a republic, the form that records an autonomous unit or national council."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.domain.errors import DomainError
from councils.interfaces.api.errors import problem
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, slug, text
from councils.interfaces.web.render import redirect, render, services
from councils.interfaces.web.session import web_session

router = APIRouter(include_in_schema=False)


def _page(request: Request, polity_id: str, status: int = 200, error: dict[str, Any] | None = None,
          typed: dict[str, str] | None = None) -> Response:
    data = services(request).queries.nations(polity_id)
    title = i18n.gettext("Nations of %(name)s") % {"name": data["name"]}
    return render(request, "nations.html", status=status, title=title, nations=data,
                  error=error, typed=typed or {})


@router.get("/polities/{polity_id}/nations", response_class=HTMLResponse)
def nations(request: Request, polity_id: str) -> Response:
    return _page(request, polity_id)


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@router.post("/polities/{polity_id}/nations/autonomies", response_class=HTMLResponse)
async def found_autonomy(request: Request, polity_id: str) -> Response:
    """Record an autonomous unit (or a scattered nation's council), as `found_autonomy` does."""
    form = await read_form(request)
    typed = {key: text(form, key) for key in ("autonomy", "name", "kind", "nationalities", "languages")}
    autonomy = typed["autonomy"] or _id_from(typed["name"])  # an id is secondary: made from the name if not given
    if not autonomy:
        error = {"error": "invalid command", "reason": i18n.gettext("give the unit's name (its id is made from it)")}
        return await run_in_threadpool(_page, request, polity_id, 422, error, typed)
    raw: dict[str, Any] = {"cmd": "found_autonomy", "republic": polity_id, "autonomy": autonomy,
                           "kind": typed["kind"], "nationalities": _listed(typed["nationalities"])}
    if typed["name"]:
        raw["name"] = typed["name"]
    if typed["languages"]:
        raw["languages"] = _listed(typed["languages"])
    account = web_session(request).account
    try:
        await run_in_threadpool(services(request).authorised.handle, account, raw)
    except DomainError as exc:
        status, error = problem(exc)
        return await run_in_threadpool(_page, request, polity_id, status, error, typed)
    return redirect(request, f"/polities/{polity_id}/nations#autonomies",
                    i18n.gettext("%(name)s is recorded.") % {"name": typed["name"] or autonomy})


def _id_from(name: str) -> str:
    """A readable id from a unit's name ("Tatar ASSR" -> "tatar-assr"); from other scripts, a made one."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    return base or (slug(name) if name else "")
