"""The treaties of a republic or union, and its languages and territory, on the web (issue 12
item 5): pages that list them by name, and for a clerk of the polity the forms that record a
treaty proposed, ratified or renounced, languages declared, territory held and a council moved.
Each form sends the same command as the CLI and the API, through the one write path; a refusal is
shown on the page in people's words, with what was typed; success redirects (Post/Redirect/Get)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.domain.errors import DomainError
from councils.interfaces.api.errors import problem
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, slug, text, texts
from councils.interfaces.web.outline import OutlineRefused, outline_from_form
from councils.interfaces.web.render import redirect, render, services
from councils.interfaces.web.session import web_session
from councils.interfaces.web.words import COMPETENCE_NAMES, competence_name

router = APIRouter(include_in_schema=False)


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _treaties_page(request: Request, polity_id: str, status: int = 200, error: dict[str, Any] | None = None,
                   typed: dict[str, Any] | None = None, where: str = "") -> Response:
    data = services(request).queries.treaties(polity_id)
    competences = [{"code": code, "name": competence_name(code)} for code in COMPETENCE_NAMES]
    return render(request, "treaties.html", status=status,
                  title=i18n.gettext("Treaties of %(name)s") % {"name": data["name"]}, t=data, error=error,
                  error_at=where, typed=typed or {}, competences=competences)


def _holdings_page(request: Request, polity_id: str, status: int = 200, error: dict[str, Any] | None = None,
                   typed: dict[str, Any] | None = None, where: str = "") -> Response:
    data = services(request).queries.holdings(polity_id)
    return render(request, "territory.html", status=status,
                  title=i18n.gettext("Languages and territory of %(name)s") % {"name": data["name"]}, h=data,
                  error=error, error_at=where, typed=typed or {})


async def _send(request: Request, raw: dict[str, Any]) -> dict[str, Any] | None:
    """Send `raw` as the signed-in account; the refusal's body if it is refused."""
    try:
        await run_in_threadpool(services(request).authorised.handle, web_session(request).account, raw)
    except DomainError as exc:
        return {"status": problem(exc)[0], "error": problem(exc)[1]}
    return None


@router.get("/polities/{polity_id}/treaties", response_class=HTMLResponse)
def treaties(request: Request, polity_id: str) -> Response:
    return _treaties_page(request, polity_id)


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
            error = {"error": "invalid command", "reason": i18n.gettext("the notice is a whole number of days")}
            return await run_in_threadpool(_treaties_page, request, polity_id, 422, error, typed, "propose")
        raw["notice_days"] = int(typed["notice_days"])
    refused = await _send(request, raw)
    if refused:
        return await run_in_threadpool(_treaties_page, request, polity_id, refused["status"], refused["error"],
                                       typed, "propose")
    return redirect(request, f"/polities/{polity_id}/treaties#treaty-{treaty}",
                    i18n.gettext("The treaty is proposed to its parties."))


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
    refused = await _send(request, {"cmd": f"{act}_treaty", "treaty": treaty_id, "party": polity_id,
                                    "question": question})
    if refused:
        return await run_in_threadpool(_treaties_page, request, polity_id, refused["status"], refused["error"],
                                       {"question": question}, f"{act}-{treaty_id}")
    said = (i18n.gettext("The ratification is recorded: the treaty now binds this party.") if act == "ratify" else
            i18n.gettext("The renunciation is recorded; it takes effect by the treaty's terms."))
    return redirect(request, f"/polities/{polity_id}/treaties#treaty-{treaty_id}", said)


@router.get("/polities/{polity_id}/territory", response_class=HTMLResponse)
def holdings(request: Request, polity_id: str) -> Response:
    return _holdings_page(request, polity_id)


@router.post("/polities/{polity_id}/languages", response_class=HTMLResponse)
async def declare_languages(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed = {"holder": text(form, "holder") or polity_id, "languages": text(form, "languages")}
    refused = await _send(request, {"cmd": "declare_languages", "holder": typed["holder"],
                                    "languages": _listed(typed["languages"])})
    if refused:
        return await run_in_threadpool(_holdings_page, request, polity_id, refused["status"], refused["error"],
                                       typed, "languages")
    return redirect(request, f"/polities/{polity_id}/territory#languages", i18n.gettext("The languages are declared."))


@router.post("/polities/{polity_id}/territory", response_class=HTMLResponse)
async def declare_territory(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed = {"holder": text(form, "holder") or polity_id, "area": text(form, "area")}
    try:  # an outline typed or sent as a file, checked as a figure a map can draw (web/outline.py)
        geojson, typed["geojson"] = await outline_from_form(form)
    except OutlineRefused as exc:
        typed["geojson"] = text(form, "geojson")
        error = {"error": "invalid command", "reason": str(exc)}
        return await run_in_threadpool(_holdings_page, request, polity_id, 422, error, typed, "territory")
    raw: dict[str, Any] = {"cmd": "declare_territory", "holder": typed["holder"], "area": typed["area"] or None}
    if geojson is not None:
        raw["geojson"] = geojson
    refused = await _send(request, raw)
    if refused:
        return await run_in_threadpool(_holdings_page, request, polity_id, refused["status"], refused["error"],
                                       typed, "territory")
    return redirect(request, f"/polities/{polity_id}/territory#holdings", i18n.gettext("The territory is recorded."))


@router.post("/polities/{polity_id}/transfers", response_class=HTMLResponse)
async def transfer(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    typed: dict[str, Any] = {"council": text(form, "council"), "to": text(form, "to"),
                             "consents": texts(form, "consents"), "other_consents": text(form, "other_consents")}
    consents = [*typed["consents"], *_listed(typed["other_consents"])]
    refused = await _send(request, {"cmd": "transfer_council", "council": typed["council"], "to": typed["to"],
                                    "consents": consents})
    if refused:
        return await run_in_threadpool(_holdings_page, request, polity_id, refused["status"], refused["error"],
                                       typed, "transfer")
    return redirect(request, f"/polities/{polity_id}/territory#transfers", i18n.gettext("The council has moved."))
