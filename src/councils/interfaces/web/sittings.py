"""The web pages of a body's sittings (issue 15 item 4): a clerk convenes one with its agenda
and closes it; anyone reads its agenda and its minutes (HTML and PDF).

Convening and closing are commands of the language sent through the authorised writer, so
a page refuses exactly what the API refuses, with the rule named; a refused form comes back
with what was chosen.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import clerk_of
from councils.application.minutes import Minutes, decided_at_sitting, sitting_minutes
from councils.domain.errors import NotFound
from councils.interfaces.minutes_render import minutes_html, minutes_pdf
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, text, texts
from councils.interfaces.web.render import attempt, local_date, prepare, render, send, services
from councils.interfaces.web.session import web_session

router = APIRouter(include_in_schema=False)
STATUS_WORDS = {"decided": i18n.N_("decided at this sitting"),
                "carried over": i18n.N_("carried over to a later sitting"),
                "open": i18n.N_("still before the sitting")}


def _body_context(request: Request, body_id: str) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    with svc.authorised.lock:
        state = svc.gov.state
        body = state.bodies.get(body_id)
        if body is None:
            raise NotFound("body", body_id)
        held = [s for s in reversed(state.sittings.values()) if s.body == body.id]  # the latest first
        sittings = [{"id": s.id, "convened_at": s.convened_at, "closed_at": s.closed_at, "items": len(s.agenda),
                     "decided": len(set(decided_at_sitting(state, s)) & set(s.agenda))}  # as its page shows
                    for s in held]
        open_questions = [{"id": q.id, "text": q.text, "kind": q.kind} for q in state.questions.values()
                          if q.body == body.id and q.status in ("open", "scheduled")]
        clerk = account is not None and clerk_of(account, body.polity, body.id)
        sitting_now = next((s["id"] for s in sittings if s["closed_at"] is None), None)
    suggested = f"{body.id.replace('/', '-')}-{len(sittings) + 1}"
    return {"title": i18n.gettext("Sittings of %(body)s") % {"body": body.name}, "body": body,
            "sittings": sittings, "open_questions": open_questions, "clerk": clerk,
            "sitting_now": sitting_now, "suggested": suggested, "error": None, "chosen": []}


@router.get("/bodies/{body_id:path}/sittings", response_class=HTMLResponse)
def body_sittings(request: Request, body_id: str) -> Response:
    """A body's sittings, newest first; its clerk convenes the next one here."""
    return render(request, "sittings.html", **_body_context(request, body_id))


@router.post("/bodies/{body_id:path}/sittings", response_class=HTMLResponse)
async def convene(request: Request, body_id: str) -> Response:
    form = await read_form(request)
    sitting = text(form, "sitting")
    raw = {"cmd": "convene_sitting", "sitting": sitting, "body": body_id, "agenda": texts(form, "item")}
    return await attempt(request, run_in_threadpool(send, request, raw, "sign in as a clerk to convene a sitting"),
                         lambda _: (f"/sittings/{sitting}", i18n.gettext("The sitting is convened.")),
                         "sittings.html", lambda: _body_context(request, body_id),
                         chosen=texts(form, "item"), **({"suggested": sitting} if sitting else {}))


def _sitting_context(request: Request, sitting_id: str) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    with svc.authorised.lock:
        state = svc.gov.state
        s = state.sittings.get(sitting_id)
        if s is None:
            raise NotFound("sitting", sitting_id)
        body = state.bodies[s.body]
        # from the state alone: a page view must not read the ledger from its start (the minutes do)
        decided = decided_at_sitting(state, s)
        items = [{"id": q.id, "text": q.text, "kind": q.kind, "outcome": q.outcome,
                  "status": "decided" if q.id in decided else "carried over" if not s.open else "open"}
                 for q in (state.questions[i] for i in s.agenda)]
        amendments = [{"id": q.id, "text": q.text, "outcome": q.outcome or ""}
                      for q in (state.questions[i] for i in decided if i not in s.agenda)]
        clerk = account is not None and clerk_of(account, body.polity, body.id)
    title = i18n.gettext("Sitting of %(body)s, %(date)s") % {"body": body.name, "date": local_date(s.convened_at)}
    return {"title": title,
            "sitting": s, "body": body, "items": items, "amendments": amendments, "clerk": clerk,
            "status_words": STATUS_WORDS, "error": None}


@router.get("/sittings/{sitting_id}", response_class=HTMLResponse)
def sitting_page(request: Request, sitting_id: str) -> Response:
    """The agenda of a sitting, what became of each item, and the links to its minutes."""
    return render(request, "sitting.html", **_sitting_context(request, sitting_id))


@router.post("/sittings/{sitting_id}/close", response_class=HTMLResponse)
async def close(request: Request, sitting_id: str) -> Response:
    await read_form(request)  # the CSRF token
    raw = {"cmd": "close_sitting", "sitting": sitting_id}
    return await attempt(request, run_in_threadpool(send, request, raw, "sign in as a clerk to close a sitting"),
                         lambda _: (f"/sittings/{sitting_id}", i18n.gettext("The sitting is closed.")),
                         "sitting.html", lambda: _sitting_context(request, sitting_id))


def _minutes(request: Request, sitting_id: str) -> tuple[Minutes, dict[str, str]]:
    svc = services(request)
    with svc.authorised.lock:
        drawn = sitting_minutes(svc.gov, sitting_id, svc.checkpoints)
    names = prepare(request)  # the visitor's language, as every page's
    asked = [d.question for d in drawn.decisions] + [str(a.get("question")) for a in drawn.agenda]
    return drawn, {q: names.question_text(q) for q in asked}


@router.get("/sittings/{sitting_id}/minutes.pdf")
def sitting_minutes_pdf(request: Request, sitting_id: str) -> Response:
    """The minutes of a sitting as a PDF (WeasyPrint), to print or to file."""
    drawn, questions = _minutes(request, sitting_id)
    pdf = minutes_pdf(drawn, i18n.language(), i18n.gettext, i18n.ngettext, questions)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="minutes-{sitting_id}.pdf"'})


@router.get("/sittings/{sitting_id}/minutes", response_class=HTMLResponse)
def sitting_minutes_page(request: Request, sitting_id: str) -> Response:
    """The minutes of a sitting: its agenda, its decisions with counts and rolls at their ledger
    positions, the signed checkpoint."""
    drawn, questions = _minutes(request, sitting_id)
    return HTMLResponse(minutes_html(drawn, i18n.language(), i18n.gettext, i18n.ngettext, questions),
                        headers={"Content-Language": i18n.language()})
