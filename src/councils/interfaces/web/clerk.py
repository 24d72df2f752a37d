"""The clerk's pages: register residents (one, or a CSV file with per-row errors), issue
sign-ins, open and close questions. Each action is the application's command, so the
page refuses exactly what the API refuses, with the same rule named."""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from councils.application.authorisation import clerk_anywhere_in, require_clerk
from councils.constitution.schema import CLASSES
from councils.domain.errors import DomainError, NotFound
from councils.interfaces.api.errors import problem
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import csv_rows, read_form, resident_command, text
from councils.interfaces.web.pages import people_context
from councils.interfaces.web.plain import humanise
from councils.interfaces.web.render import prepare, redirect, render, services
from councils.interfaces.web.session import hand_over, take_over, web_session

router = APIRouter(include_in_schema=False)


def clerk_context(request: Request, polity_id: str) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    polities = svc.queries.polities()
    if polity_id not in polities:
        raise NotFound("union or republic", polity_id)
    state = svc.authorised.state()
    if not clerk_anywhere_in(state, account, polity_id):
        require_clerk(state, account, polity_id, None, "use the clerk's pages")
    with svc.authorised.lock:
        franchise = state.polities[polity_id].constitution.franchise
    bodies = svc.queries.bodies(polity_id)
    return {
        "title": i18n.gettext("Clerk of %(name)s") % {"name": polities[polity_id]["name"]},
        "polity": {"id": polity_id, **polities[polity_id],
                   "union": svc.queries.republic(polity_id)["union"]
                   if polities[polity_id]["kind"] == "republic" else None},
        "bodies": bodies, "councils": [b for b in bodies if b["kind"] == "council"],
        "franchise": {"enfranchised": franchise.enfranchised, "excluded": franchise.excluded},
        "classes": CLASSES,
        "open_questions": svc.queries.questions(polity=polity_id, status="open"),
        "form": {}, "rows": None, "done": None, "error": None,
    }


def clerk_page(request: Request, polity_id: str, status: int = 200, **extra: Any) -> Response:
    return render(request, "clerk.html", status=status,
                  **{**clerk_context(request, polity_id), **extra})


@router.get("/clerk/{polity_id}", response_class=HTMLResponse)
def clerk(request: Request, polity_id: str,
          upload: Annotated[str, Query(max_length=40)] = "") -> Response:
    rows = kept_upload(request, upload) if upload else None
    if rows is None:
        return clerk_page(request, polity_id)
    done = sum(1 for r in rows if r.ok)
    return clerk_page(request, polity_id, rows=rows, done=(
        i18n.gettext("Registered %(done)s of %(rows)s rows.") % {"done": done, "rows": len(rows)}
        if done else None))


def _fields(form: FormData) -> dict[str, str]:
    return {k: text(form, k) for k in ("person", "name", "council", "nationality", "class", "born")}


@router.post("/clerk/{polity_id}/residents", response_class=HTMLResponse)
async def register_one(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    fields = _fields(form)
    svc = services(request)
    account = web_session(request).account
    try:
        await run_in_threadpool(svc.authorised.handle, account, resident_command(fields))
    except DomainError as exc:
        status, error = problem(exc)
        return await run_in_threadpool(clerk_page, request, polity_id, status, error=error,
                                       form=fields)
    names = prepare(request)
    return redirect(request, f"/clerk/{polity_id}",
                    i18n.gettext("Registered %(name)s (%(person)s) in %(council)s.") % {
                        "name": fields["name"] or fields["person"], "person": fields["person"],
                        "council": names(fields["council"])})


@router.post("/clerk/{polity_id}/residents/csv", response_class=HTMLResponse)
async def register_csv(request: Request, polity_id: str) -> Response:
    form = await read_form(request)
    svc = services(request)
    account = web_session(request).account
    try:
        rows = await csv_rows(form.get("file"), text(form, "council"))
    except DomainError as exc:
        status, error = problem(exc)
        return await run_in_threadpool(clerk_page, request, polity_id, status, error=error)
    valid = [r for r in rows if r.command is not None]
    outcomes = await run_in_threadpool(svc.authorised.handle_each, account,
                                       [r.command for r in valid if r.command is not None])
    names = prepare(request)
    for row, outcome in zip(valid, outcomes, strict=True):
        if isinstance(outcome, DomainError):  # the reason in names, the rule named beside it
            row.message = humanise(outcome.reason, names.find, names.code)
            row.rule = problem(outcome)[1].get("rule")
        elif isinstance(outcome, Exception):  # its own write failed; the other rows are kept
            row.message = "this row could not be recorded; nothing of it was kept"
        else:
            row.ok = True
    token = keep_upload(request, rows, account.login if account else "")
    return redirect(request, f"/clerk/{polity_id}?upload={token}#csv-result")


UPLOADS_KEPT = 50
UPLOAD_SECONDS = 3600


def keep_upload(request: Request, rows: list[Any], login: str) -> str:
    """Keep an upload's per-row results for an hour, for the page the form redirects to.

    They live in this server process only (they are no record: the ledger has what was
    registered), so a reload of that page shows them again and sends nothing.
    """
    uploads: dict[str, tuple[float, str, list[Any]]] = request.app.state.__dict__.setdefault(
        "csv_uploads", {})
    now = time.monotonic()
    for key in [k for k, (at, _, _) in uploads.items() if now - at > UPLOAD_SECONDS]:
        uploads.pop(key, None)
    while len(uploads) >= UPLOADS_KEPT:
        uploads.pop(next(iter(uploads)))
    token = secrets.token_urlsafe(12)
    uploads[token] = (now, login, rows)
    return token


def kept_upload(request: Request, token: str) -> list[Any] | None:
    """An upload's rows, to the account that made it."""
    uploads: dict[str, tuple[float, str, list[Any]]] = request.app.state.__dict__.get("csv_uploads", {})
    found = uploads.get(token)
    account = web_session(request).account
    if found is None or account is None or found[1] != account.login:
        return None
    return found[2]


@router.post("/clerk/{polity_id}/sign-ins", response_class=HTMLResponse)
async def issue_sign_in(request: Request, polity_id: str) -> Response:
    """A sign-in for a resident: login = person id, a random password shown once."""
    form = await read_form(request)
    person = text(form, "person")
    svc = services(request)
    account = web_session(request).account
    password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
    try:
        await run_in_threadpool(svc.authorised.create_account, account, person, password,
                                person=person)
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(people_context, request, polity_id)
        return render(request, "people.html", status=status, error=error, **ctx)
    response = redirect(request, f"/clerk/{polity_id}/sign-ins/issued")
    hand_over(request, response, {"person": person, "login": person, "password": password})
    return response


@router.get("/clerk/{polity_id}/sign-ins/issued", response_class=HTMLResponse)
def sign_in_issued(request: Request, polity_id: str) -> Response:
    """The new sign-in's password, shown once: a reload finds it gone and issues nothing."""
    clear: list[str] = []
    shown = take_over(request, clear)
    response = render(request, "signin_issued.html", title=i18n.gettext("Sign-in issued"),
                      person=shown["person"] if shown else "", login=shown["login"] if shown else "",
                      password=shown["password"] if shown else "", republic=polity_id,
                      gone=shown is None)
    for name in clear:
        response.delete_cookie(name, path="/clerk")
    return response
