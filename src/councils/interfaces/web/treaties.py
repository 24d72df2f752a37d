"""The treaties of a republic or union, and its languages and territory, on the web (issue 12
item 5): pages that list them by name, and for a clerk of the polity the forms that record a
treaty proposed, ratified or renounced, languages declared, territory held and a council moved.
Each form sends the same command as the CLI and the API, through the one write path; a refusal is
shown on the page in people's words, with what was typed; success redirects (Post/Redirect/Get)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, slug, text, texts
from councils.interfaces.web.outline import OutlineRefused, outline_from_form
from councils.interfaces.web.render import attempt, redraw, render, send, services
from councils.interfaces.web.words import COMPETENCE_NAMES, competence_name

router = APIRouter(include_in_schema=False)


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _treaties_context(request: Request, polity_id: str) -> dict[str, Any]:
    data = services(request).queries.treaties(polity_id)
    competences = [{"code": code, "name": competence_name(code)} for code in COMPETENCE_NAMES]
    return {"title": i18n.gettext("Treaties of %(name)s") % {"name": data["name"]}, "t": data, "error": None,
            "error_at": "", "typed": {}, "competences": competences}


def _holdings_context(request: Request, polity_id: str) -> dict[str, Any]:
    data = services(request).queries.holdings(polity_id)
    return {"title": i18n.gettext("Languages and territory of %(name)s") % {"name": data["name"]}, "h": data,
            "error": None, "error_at": "", "typed": {}}


async def _send(request: Request, polity_id: str, raw: dict[str, Any], then: Callable[[], tuple[str, str]],
                page: str, typed: dict[str, Any], where: str) -> Response:
    """Send `raw` as the signed-in account and see the page `then` names, with its message; refused,
    the polity's treaties page (`page`) or its territory page again, the refusal by the form (`where`)."""
    return await attempt(request, run_in_threadpool(send, request, raw), lambda _: then(),
                         *_page(request, polity_id, page), typed=typed, error_at=where)


def _page(request: Request, polity_id: str, page: str) -> tuple[str, Callable[[], dict[str, Any]]]:
    """The template of the polity's treaties or territory page and what draws its context."""
    if page == "treaties.html":
        return page, lambda: _treaties_context(request, polity_id)
    return page, lambda: _holdings_context(request, polity_id)


async def _invalid(request: Request, polity_id: str, page: str, reason: str, typed: dict[str, Any],
                   where: str) -> Response:
    """A form refused before it is sent (what it says cannot be a command): its page again."""
    error = {"error": "invalid command", "reason": reason}
    return await redraw(request, *_page(request, polity_id, page), 422, error, typed=typed, error_at=where)


@router.get("/polities/{polity_id}/treaties", response_class=HTMLResponse)
def treaties(request: Request, polity_id: str) -> Response:
    return render(request, "treaties.html", **_treaties_context(request, polity_id))


@router.post("/polities/{polity_id}/treaties", response_class=HTMLResponse)
async def propose(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed: dict[str, Any] = {key: text(form, key) for key in ("treaty", "text", "other_obligations",
                                                              "notice_days", "admits")}
    typed["parties"] = texts(form, "parties")
    # competences ticked by name (several "obligations"), and any others typed by code, comma-separated
    typed["obligations"] = [code for value in texts(form, "obligations") for code in _listed(value)]
    obligations = list(dict.fromkeys([*typed["obligations"], *_listed(typed["other_obligations"])]))
    typed["other_obligations"] = ", ".join(code for code in obligations if code not in COMPETENCE_NAMES)
    treaty = typed["treaty"] or slug(typed["text"])  # an id is secondary: made from the text if not given
    raw: dict[str, Any] = {"cmd": "propose_treaty", "treaty": treaty, "text": typed["text"],
                           "parties": [polity_id, *[p for p in typed["parties"] if p != polity_id]],
                           "obligations": obligations}
    if typed["admits"]:
        raw["admits"] = typed["admits"]
    if typed["notice_days"]:
        if not typed["notice_days"].isdigit():
            return await _invalid(request, polity_id, "treaties.html",
                                  i18n.gettext("the notice is a whole number of days"), typed, "propose")
        raw["notice_days"] = int(typed["notice_days"])
    return await _send(request, polity_id, raw, lambda: (f"/polities/{polity_id}/treaties#treaty-{treaty}",
                                                         i18n.gettext("The treaty is proposed to its parties.")),
                       "treaties.html", typed, "propose")


@router.post("/polities/{polity_id}/treaties/{treaty_id}/ratify", response_class=HTMLResponse)
async def ratify(request: Request, polity_id: str, treaty_id: str) -> Response:
    return await _ratify_or_renounce(request, polity_id, treaty_id, "ratify")


@router.post("/polities/{polity_id}/treaties/{treaty_id}/renounce", response_class=HTMLResponse)
async def renounce(request: Request, polity_id: str, treaty_id: str) -> Response:
    return await _ratify_or_renounce(request, polity_id, treaty_id, "renounce")


async def _ratify_or_renounce(request: Request, polity_id: str, treaty_id: str, act: str) -> Response:
    """The party's own congress decided (R5): record it, as `ratify_treaty` or `renounce_treaty` does."""
    form = await read_form(request)
    question = text(form, "question")

    def said() -> tuple[str, str]:
        return f"/polities/{polity_id}/treaties#treaty-{treaty_id}", (
            i18n.gettext("The ratification is recorded: the treaty now binds this party.") if act == "ratify" else
            i18n.gettext("The renunciation is recorded; it takes effect by the treaty's terms."))

    return await _send(request, polity_id, {"cmd": f"{act}_treaty", "treaty": treaty_id, "party": polity_id,
                                            "question": question}, said, "treaties.html",
                       {"question": question}, f"{act}-{treaty_id}")


@router.get("/polities/{polity_id}/territory", response_class=HTMLResponse)
def holdings(request: Request, polity_id: str) -> Response:
    return render(request, "territory.html", **_holdings_context(request, polity_id))


@router.post("/polities/{polity_id}/languages", response_class=HTMLResponse)
async def declare_languages(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed = {"holder": text(form, "holder") or polity_id, "languages": text(form, "languages")}
    return await _send(request, polity_id, {"cmd": "declare_languages", "holder": typed["holder"],
                                            "languages": _listed(typed["languages"])},
                       lambda: (f"/polities/{polity_id}/territory#languages",
                                i18n.gettext("The languages are declared.")),
                       "territory.html", typed, "languages")


@router.post("/polities/{polity_id}/territory", response_class=HTMLResponse)
async def declare_territory(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed = {"holder": text(form, "holder") or polity_id, "area": text(form, "area")}
    try:  # an outline typed or sent as a file, checked as a figure a map can draw (web/outline.py)
        geojson, typed["geojson"] = await outline_from_form(form)
    except OutlineRefused as exc:
        typed["geojson"] = text(form, "geojson")
        return await _invalid(request, polity_id, "territory.html", str(exc), typed, "territory")
    raw: dict[str, Any] = {"cmd": "declare_territory", "holder": typed["holder"], "area": typed["area"] or None}
    if geojson is not None:
        raw["geojson"] = geojson
    return await _send(request, polity_id, raw,
                       lambda: (f"/polities/{polity_id}/territory#holdings",
                                i18n.gettext("The territory is recorded.")),
                       "territory.html", typed, "territory")


@router.post("/polities/{polity_id}/transfers", response_class=HTMLResponse)
async def transfer(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed: dict[str, Any] = {"council": text(form, "council"), "to": text(form, "to"),
                             "consents": texts(form, "consents"), "other_consents": text(form, "other_consents")}
    consents = [*typed["consents"], *_listed(typed["other_consents"])]
    return await _send(request, polity_id, {"cmd": "transfer_council", "council": typed["council"],
                                            "to": typed["to"], "consents": consents},
                       lambda: (f"/polities/{polity_id}/territory#transfers", i18n.gettext("The council has moved.")),
                       "territory.html", typed, "transfer")
