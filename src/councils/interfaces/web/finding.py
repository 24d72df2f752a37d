"""Finding things: the questions list (filters and a search over titles), the filtered ledger,
the clerk's and the administrator's landing pages, the language menu, the favicon.

The search is the database's full-text search over question titles behind one port
(`application.ports.TitleSearch`): SQLite FTS5 or PostgreSQL's text search, chosen by the
composition root for the ledger in use. Every word typed must appear in the title (a word
may be the start of one), capitals and accents aside; the best match comes first.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from councils import bootstrap
from councils.application.authorisation import (
    Forbidden,
    Unauthenticated,
    clerk_anywhere_in,
    clerk_of,
)
from councils.application.ports import TitleSearch
from councils.domain.events import EVENT_TYPES
from councils.interfaces.web import i18n
from councils.interfaces.web.render import LANG_COOKIE, prepare, render, services
from councils.interfaces.web.session import receipts, web_session

router = APIRouter(include_in_schema=False)

LEDGER_SCAN = 50_000  # events read at most for one filtered page of the ledger


def _recent_first(q: dict[str, Any]) -> str:
    return str(q.get("decided_at") or q.get("opened_at") or "")


@router.get("/questions", response_class=HTMLResponse)
def questions(request: Request, q: Annotated[str, Query(max_length=200)] = "",
              body: Annotated[str, Query(max_length=200)] = "",
              polity: Annotated[str, Query(max_length=100)] = "",
              status: Annotated[str, Query(max_length=20)] = "",
              kind: Annotated[str, Query(max_length=20)] = "") -> Response:
    """Every question, newest first; filtered by body, republic, open/decided and kind."""
    svc = services(request)
    prepare(request)  # the language of the page, before anything is said
    found = svc.queries.questions(body=body or None, polity=polity or None,
                                  status=status if status in ("open", "decided") else None)
    if kind:
        found = [x for x in found if x["kind"] == kind]
    found.sort(key=_recent_first, reverse=True)
    if q.strip():  # best match first, by the database's full-text search
        by_id = {x["id"]: x for x in found}
        found = [by_id[i] for i in title_search(request).search(q, {i: x["text"] for i, x in by_id.items()})]
    bodies = svc.queries.bodies(polity or None)
    return render(request, "questions.html", title=i18n.gettext("Questions"), questions=found,
                  search=q, body=body, polity=polity, status_filter=status, kind=kind,
                  bodies=bodies, polities=svc.queries.polities(),
                  kinds=sorted({x["kind"] for x in svc.queries.questions()}))


def title_search(request: Request) -> TitleSearch:
    """The app's full-text search over titles (FTS5 or PostgreSQL), made once per app."""
    found: TitleSearch | None = getattr(request.app.state, "title_search", None)
    if found is None:
        found = bootstrap.title_search(services(request).gov.ledger)
        request.app.state.title_search = found
    return found


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
           limit: Annotated[int, Query(ge=1, le=500)] = 50,
           polity: Annotated[str, Query(max_length=100)] = "",
           type: Annotated[str, Query(max_length=60)] = "",
           since: Annotated[str, Query(max_length=10)] = "",
           until: Annotated[str, Query(max_length=10)] = "") -> Response:
    """The ledger a page at a time; with filters, the next events that match (a bounded scan)."""
    svc = services(request)
    head = svc.queries.head()
    since, until = _day(since), _day(until)
    filtered = bool(polity or type or since or until)
    scanned_to = after
    if filtered:
        events: list[dict[str, Any]] = []
        for n, record in enumerate(svc.gov.ledger.read(after=after)):
            scanned_to = record.position
            e = record.to_json()
            day = str(e["at"])[:10]
            if ((not polity or e["scope"] == polity) and (not type or e["type"] == type)
                    and (not since or day >= since) and (not until or day <= until)):
                events.append(e)
            if len(events) >= limit or n + 1 >= LEDGER_SCAN:
                break
        more = scanned_to < head["position"]
        page = {"after": after, "limit": limit, "events": events, "head": head,
                "next_after": scanned_to if more else None, "scanned_to": scanned_to}
    else:
        page = svc.queries.ledger(after, limit)
        page["scanned_to"] = None
    return render(request, "ledger.html", title=i18n.gettext("Ledger"), v=None, ledger=page,
                  filters={"polity": polity, "type": type, "since": since, "until": until},
                  filtered=filtered, polities=svc.queries.polities(), types=sorted(EVENT_TYPES),
                  beyond=after >= head["position"] and head["position"] > 0)


@router.get("/clerk", response_class=HTMLResponse)
def clerk_desk(request: Request) -> Response:
    """The clerk's landing page: each republic or union they keep, and what they can do there."""
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in as a clerk to see the clerk's desk")
    svc = services(request)
    polities = svc.queries.polities()
    state = svc.authorised.state()
    kept = [p for p in polities if clerk_anywhere_in(state, account, p)]
    if not kept:
        raise Forbidden("authorisation", f"the account {account.login} is no clerk")
    desks = []
    for pid in kept:
        desks.append({"id": pid, **polities[pid],
                      "open": svc.queries.questions(polity=pid, status="open"),
                      "bodies": [b for b in svc.queries.bodies(pid)
                                 if clerk_of(account, pid, b["id"])]})
    return render(request, "clerk_desk.html", title=i18n.gettext("Clerk's desk"), desks=desks)


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request) -> Response:
    """The administrator's landing page: accounts by role, and where each task is done."""
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in as the administrator")
    if not account.is_admin:
        raise Forbidden("authorisation", f"the account {account.login} is not the administrator")
    svc = services(request)
    accounts = sorted(svc.accounts.all(), key=lambda a: a.login)
    by_role: dict[str, list[Any]] = {}
    for a in accounts:
        roles = sorted({g.role for g in a.grants}) or (["elector"] if a.person else ["reader"])
        for role in roles:
            by_role.setdefault(role, []).append(a)
    return render(request, "admin.html", title=i18n.gettext("Administration"), by_role=by_role,
                  polities=svc.queries.polities(), head=svc.queries.head())


@router.get("/language/{code}")
def language(request: Request, code: str,
             next: Annotated[str, Query(max_length=500)] = "/") -> Response:
    """Remember the person's language (a cookie of their own browser) and go back."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return response


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    from importlib import resources

    path = resources.files("councils.interfaces.web") / "static" / "favicon.svg"
    return FileResponse(str(path), media_type="image/svg+xml")


def my_receipts(request: Request) -> list[dict[str, str]]:
    """This browser's receipts of the signed-in person, with their questions' texts."""
    names = prepare(request)
    return [{"question": q, "text": names.question_text(q), "receipt": r}
            for q, r in reversed(receipts(request).items())]
