"""The web pages of issue 15: petitions, my notices, the clerk's keeping of the register, minutes.

Every action is a command of the language sent through the authorised writer, so a page
refuses exactly what the API refuses, with the rule named; a refused form comes back
with what was typed.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from councils.application import petition_reads
from councils.application.authorisation import Unauthenticated, clerk_of, require_clerk
from councils.application.minutes import minutes
from councils.application.notices import choose, page
from councils.application.ports import NOTICE_KINDS
from councils.domain.commands import DEPARTURES, GROUNDS, PETITION_KINDS
from councils.domain.errors import NotFound
from councils.interfaces.minutes_render import candidate_names, minutes_html, minutes_pdf
from councils.interfaces.web import i18n, notes
from councils.interfaces.web.forms import read_form, slug, text, texts
from councils.interfaces.web.render import attempt, prepare, render, send, services
from councils.interfaces.web.session import web_session

router = APIRouter(include_in_schema=False)
KIND_WORDS = {"recall": i18n.N_("recall of a delegate"), "initiative": i18n.N_("popular initiative of a law"),
              "congress": i18n.N_("extraordinary congress of the union"),
              "proposal": i18n.N_("proposal of a motion to a council")}
NOTICE_WORDS = {"opened": i18n.N_("a question opens on a roll I am on"),
                "closing": i18n.N_("a question I may vote on is about to close"),
                "decided": i18n.N_("the result of a question I could vote on is declared"),
                "recalled": i18n.N_("the delegate of my constituency is recalled")}


def _apply(request: Request, raw: dict[str, Any], unsigned: str | None = None) -> Any:
    """`raw` sent as the signed-in account (`render.send`), its blank fields left out."""
    return send(request, {k: v for k, v in raw.items() if v not in (None, "")}, unsigned)


# --- petitions -------------------------------------------------------------------------


@router.get("/petitions", response_class=HTMLResponse)
def petitions(request: Request) -> Response:
    found = petition_reads.petitions(services(request).queries)
    return render(request, "petitions.html", title=i18n.gettext("Petitions"),
                  petitions=list(reversed(found)), kind_words=KIND_WORDS)


def _new_context(request: Request, body: str, kind: str, delegate: str) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to start a petition")
    with svc.authorised.lock:
        state = svc.gov.state
        delegates = sorted({(s.person, s.constituency) for b in state.bodies.values() for s in b.seats
                            if s.constituency == body})
        unions = sorted(p.id for p in state.polities.values() if p.kind == "union")
        found = state.bodies.get(body)
    return {"title": i18n.gettext("Start a petition"), "body": body, "body_known": found is not None,
            "kind": kind if kind in PETITION_KINDS else "recall", "kinds": PETITION_KINDS,
            "kind_words": KIND_WORDS, "delegates": [d for d, _ in delegates], "unions": unions,
            "form": {"delegate": delegate}, "error": None}


@router.get("/petitions/new", response_class=HTMLResponse)
def new_petition(request: Request, body: Annotated[str, Query(max_length=200)] = "",
                 kind: Annotated[str, Query(max_length=20)] = "recall",
                 delegate: Annotated[str, Query(max_length=100)] = "") -> Response:
    return render(request, "petition_new.html", **_new_context(request, body, kind, delegate))


@router.post("/petitions/new", response_class=HTMLResponse)
async def start_petition(request: Request) -> Response:
    form = await read_form(request)
    account = web_session(request).account
    kind = text(form, "kind")
    raw = {"cmd": "start_petition", "petition": text(form, "petition") or slug(text(form, "text")),
           "kind": kind, "text": text(form, "text"),
           "body": text(form, "body") if kind != "congress" else None,
           "delegate": text(form, "delegate") if kind == "recall" else None,
           "union": text(form, "union") if kind == "congress" else None,
           "competence": text(form, "competence") if kind == "initiative" else None,
           "person": account.person if account is not None and kind != "congress" else None}
    return await attempt(
        request, run_in_threadpool(_apply, request, raw),
        lambda _: (f"/petitions/{raw['petition']}",
                   i18n.gettext("The petition is started; sign it to count yourself.")),
        "petition_new.html", lambda: _new_context(request, text(form, "body"), kind, text(form, "delegate")),
        form={k: text(form, k) for k in ("petition", "text", "delegate", "union", "competence")})


def _petition_context(request: Request, petition_id: str) -> dict[str, Any]:
    svc = services(request)
    p = petition_reads.petition(svc.queries, petition_id)
    account = web_session(request).account
    person = account.person if account is not None else None
    republics: list[str] = []
    if account is not None and p["kind"] == "congress" and p["status"] == "open":
        with svc.authorised.lock:
            state = svc.gov.state
            listed = state.petitions[petition_id]
            republics = [r for r in sorted(listed.signers)
                         if clerk_of(account, r) and r not in listed.signatures]
    return {"title": i18n.gettext("Petition: %(text)s") % {"text": p["text"]}, "p": p,
            "kind_words": KIND_WORDS, "may_sign": petition_reads.may_sign(svc.queries, petition_id, person),
            "republics": republics, "error": None}


@router.get("/petitions/{petition_id}", response_class=HTMLResponse)
def petition(request: Request, petition_id: str) -> Response:
    return render(request, "petition.html", **_petition_context(request, petition_id))


@router.post("/petitions/{petition_id}/sign", response_class=HTMLResponse)
async def sign_petition(request: Request, petition_id: str) -> Response:
    form = await read_form(request)
    account = web_session(request).account
    republic = text(form, "republic")
    raw = {"cmd": "sign_petition", "petition": petition_id,
           "republic": republic or None,
           "person": None if republic else (account.person if account is not None else None)}

    def signed(applied: Any) -> tuple[str, str]:
        types = [r.event.type for r in applied.events]
        return f"/petitions/{petition_id}", (
            i18n.gettext("Signed. The petition has its signatures: what it asks is now open.")
            if "PetitionSucceeded" in types else i18n.gettext("Signed."))

    return await attempt(request, run_in_threadpool(_apply, request, raw, "sign in to sign a petition"), signed,
                         "petition.html", lambda: _petition_context(request, petition_id))


# --- my notices ----------------------------------------------------------------------


def _notices_context(request: Request) -> dict[str, Any]:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to see your notices")
    svc = services(request)
    outbox = svc.gov.ledger.outbox
    person = account.person
    seen = []
    chosen = None
    if person is not None:
        chosen = outbox.preferences(person)
        with svc.authorised.lock:
            seen = page(svc.gov.state, outbox, person)
    return {"title": i18n.gettext("My notices"), "person": person, "seen": seen, "chosen": chosen,
            "kinds": NOTICE_KINDS, "notice_words": NOTICE_WORDS, "languages": i18n.LANGUAGES, "error": None}


@router.get("/me/notices", response_class=HTMLResponse)
def my_notices(request: Request) -> Response:
    return render(request, "notices.html", **_notices_context(request))


def _choose(request: Request, form: FormData) -> None:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to choose your notices")
    choose(services(request).gov.ledger.outbox, account.person, text(form, "address"),
           texts(form, "kind"), text(form, "language"))


@router.post("/me/notices", response_class=HTMLResponse)
async def choose_notices(request: Request) -> Response:
    form = await read_form(request)
    return await attempt(request, run_in_threadpool(_choose, request, form),
                         lambda _: ("/me/notices", i18n.gettext("Your choice of notices is saved.")),
                         "notices.html", lambda: _notices_context(request))


# --- the clerk keeps the register ------------------------------------------------------


def _register_context(request: Request, person_id: str) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    with svc.authorised.lock:
        state = svc.gov.state
        person = state.persons.get(person_id)
        if person is None:
            raise NotFound("person", person_id)
        moving = state.moving.get(person.id)
        receiving = (moving is not None and account is not None
                     and clerk_of(account, moving["republic"], moving["council"]))
        if not receiving:  # the clerk of the republic they move to sees the entry to receive them
            require_clerk(state, account, person.republic, person.council, "keep the register")
        councils = sorted(b.id for b in state.bodies.values() if b.kind == "council")
        classes = state.polities[person.republic].constitution.franchise
        record = {"id": person.id, "name": person.name or person.id, "council": person.council,
                  "republic": person.republic, "class": person.social_class, "born": person.born,
                  "deprived": person.deprived, "moving": state.moving.get(person.id)}
    return {"title": i18n.gettext("Register: %(name)s") % {"name": record["name"]}, "person": record,
            "councils": councils, "classes": (*classes.enfranchised, *classes.excluded),
            "grounds": GROUNDS, "departures": DEPARTURES, "error": None, "form": {},
            "receiving": receiving}


@router.get("/register/{person_id}", response_class=HTMLResponse)
def register_person(request: Request, person_id: str) -> Response:
    if web_session(request).account is None:
        raise Unauthenticated("sign in as a clerk to keep the register")
    return render(request, "register_person.html", **_register_context(request, person_id))


REGISTER_FIELDS = {"move_resident": ("council",), "receive_resident": ("council",),
                   "change_class": ("class",), "record_departure": ("reason",),
                   "deprive_rights": ("ground", "decision", "decided", "until"),
                   "restore_rights": ("decision", "decided")}


@router.post("/register/{person_id}", response_class=HTMLResponse)
async def keep_register(request: Request, person_id: str) -> Response:
    form = await read_form(request)
    cmd = text(form, "cmd")
    raw: dict[str, Any] = {"cmd": cmd if cmd in REGISTER_FIELDS else "move_resident", "person": person_id}
    for key in REGISTER_FIELDS.get(cmd, ()):
        raw[key] = text(form, key) or None
    gone = cmd == "record_departure"
    return await attempt(
        request, run_in_threadpool(_apply, request, raw, "sign in as a clerk to keep the register"),
        lambda _: ("/clerk" if gone else f"/register/{person_id}", i18n.gettext("Recorded in the register.")),
        "register_person.html", lambda: _register_context(request, person_id),
        form={k: text(form, k) for k in ("council", "class", "reason", "ground", "decision", "decided", "until")})


# --- minutes ---------------------------------------------------------------------------


def _minutes(request: Request, body_id: str) -> Any:
    """The body's minutes; `?since=&until=` (ISO 8601) for those of one sitting."""
    svc = services(request)
    since, until = request.query_params.get("since"), request.query_params.get("until")
    with svc.authorised.lock:
        return minutes(svc.gov, body_id, since=since, until=until)


def _texts(request: Request, drawn: Any) -> dict[str, str]:
    """Each question of the minutes in the visitor's language, where it was given in it, and
    each candidate (an option or an outcome of an election) by name."""
    names = prepare(request)
    asked = [d.question for d in drawn.decisions] + [str(a.get("question")) for a in drawn.agenda]
    found = {q: names.question_text(q) for q in asked} | candidate_names(names.state, drawn)
    for d in drawn.decisions:
        found.update((n, notes.say(n)) for n in d.notes)  # the count's notes in the visitor's language
    return found


@router.get("/bodies/{body_id:path}/minutes.pdf")
def minutes_as_pdf(request: Request, body_id: str) -> Response:
    """The minutes as a PDF (WeasyPrint), to print or to file."""
    drawn = _minutes(request, body_id)
    prepare(request)  # the visitor's language, as every page's
    pdf = minutes_pdf(drawn, i18n.language(), i18n.gettext, i18n.ngettext, _texts(request, drawn))
    name = body_id.replace("/", "-")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="minutes-{name}.pdf"'})


@router.get("/bodies/{body_id:path}/minutes", response_class=HTMLResponse)
def minutes_page(request: Request, body_id: str) -> Response:
    """The minutes: the decisions, counts and rolls, each at its ledger position; the agenda."""
    drawn = _minutes(request, body_id)
    prepare(request)  # the visitor's language, as every page's
    return HTMLResponse(minutes_html(drawn, i18n.language(), i18n.gettext, i18n.ngettext, _texts(request, drawn)),
                        headers={"Content-Language": i18n.language()})


# --- comments --------------------------------------------------------------------------


def _comments_context(request: Request, question_id: str) -> dict[str, Any]:
    svc = services(request)
    q = svc.queries.question(question_id)
    account = web_session(request).account
    with svc.authorised.lock:
        found = svc.gov.state.questions[question_id]
        may = (account is not None and account.person is not None and account.person in found.roll
               and found.status in ("open", "scheduled"))
    shown = prepare(request).question_text(question_id)
    return {"title": i18n.gettext("Discussion: %(text)s") % {"text": shown}, "q": q,
            "comments": petition_reads.question_comments(svc.queries, question_id), "may_comment": may,
            "error": None, "form": {}}


@router.get("/questions/{question_id}/comments", response_class=HTMLResponse)
def question_comments(request: Request, question_id: str) -> Response:
    return render(request, "comments.html", **_comments_context(request, question_id))


async def _comment(request: Request, subject: dict[str, str]) -> None:
    """Post a comment as the signed-in person (its id drawn at random: it names nothing)."""
    form = await read_form(request)
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to take part in the discussion")
    raw = {"cmd": "post_comment", "comment": f"c-{secrets.token_hex(6)}", "person": account.person,
           "text": text(form, "text"), **subject}
    await run_in_threadpool(_apply, request, raw)


@router.post("/questions/{question_id}/comments", response_class=HTMLResponse)
async def comment_on_question(request: Request, question_id: str) -> Response:
    return await attempt(request, _comment(request, {"question": question_id}),
                         lambda _: (f"/questions/{question_id}/comments", i18n.gettext("Your comment is posted.")),
                         "comments.html", lambda: _comments_context(request, question_id))


@router.post("/petitions/{petition_id}/comments", response_class=HTMLResponse)
async def comment_on_petition(request: Request, petition_id: str) -> Response:
    return await attempt(request, _comment(request, {"petition": petition_id}),
                         lambda _: (f"/petitions/{petition_id}", i18n.gettext("Your comment is posted.")),
                         "petition.html", lambda: _petition_context(request, petition_id))
