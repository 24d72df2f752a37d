"""Acting from the pages: cast a ballot, open and close questions, the secession and
accession flows. On a refusal the same page comes back with the rule and the reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import Unauthenticated, clerk_of, require_clerk
from councils.domain.commands import QUESTION_KINDS
from councils.domain.errors import DomainError
from councils.domain.rules import r7_apportionment
from councils.interfaces.api.errors import problem
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import ballot_command, question_command, read_form, slug, text, texts
from councils.interfaces.web.pages import flow_context, question_context, union_context
from councils.interfaces.web.render import prepare, redirect, render, services
from councils.interfaces.web.session import keep_receipt, receipts, web_session

router = APIRouter(include_in_schema=False)
FORM_KINDS = ("motion", "law", "election", "recall", "amendment", "poll")
METHODS = ("majority", "plurality", "approval", "irv", "stv", "schulze", "ranked_pairs", "borda")


def _apply(request: Request, raw: dict[str, Any]) -> Any:
    return services(request).authorised.handle(web_session(request).account, raw)


@router.post("/questions/{question_id}/ballot", response_class=HTMLResponse)
async def cast(request: Request, question_id: str) -> Response:
    """Cast, then redirect to the ballot's page (a reload there sends nothing again)."""
    form = await read_form(request)
    account = web_session(request).account
    ctx = await run_in_threadpool(question_context, request, question_id)
    try:
        if account is None:
            raise Unauthenticated("sign in to vote")
        voter = account.person or ""
        raw = ballot_command(ctx["q"], voter, form)
        applied = await run_in_threadpool(_apply, request, raw)
    except DomainError as exc:
        status, error = problem(exc)
        ctx["chosen"] = {"rank": [text_ for text_ in form.getlist("rank") if isinstance(text_, str)],
                         "approve": [a for a in form.getlist("approve") if isinstance(a, str)],
                         "choice": text(form, "choice")}
        return render(request, "question.html", status=status, error=error, **ctx)
    response = redirect(request, f"/questions/{question_id}/ballot-cast")
    if applied.receipt:
        keep_receipt(request, response, question_id, applied.receipt)
    return response


@router.get("/questions/{question_id}/ballot-cast", response_class=HTMLResponse)
def ballot_cast(request: Request, question_id: str) -> Response:
    """The cast ballot's page: the receipt again, from this browser's own record of it."""
    q = services(request).queries.question(question_id)
    account = web_session(request).account
    voted = services(request).queries.has_voted(question_id, account.person if account else None)
    if not voted:
        return redirect(request, f"/questions/{question_id}")
    return render(request, "ballot_cast.html", title=i18n.gettext("Ballot cast"), q=q,
                  receipt=receipts(request).get(question_id))


@router.get("/questions/{question_id}/close", response_class=HTMLResponse)
def close_confirm(request: Request, question_id: str) -> Response:
    """Before a clerk closes a question: the turnout and the window, and one more click.

    One click on "Close and count" once closed a question with half its votes in (issue
    15): closing is final, so the page says who has voted and when the window closes,
    and says so before the domain refuses a close its constitution forbids.
    """
    ctx = question_context(request, question_id)
    if ctx["q"]["status"] != "open":
        return redirect(request, f"/questions/{question_id}")
    return render(request, "close_confirm.html", **{**ctx, "error": None, "title": i18n.gettext("Close and count?")})


@router.post("/questions/{question_id}/close", response_class=HTMLResponse)
async def close(request: Request, question_id: str) -> Response:
    form = await read_form(request)
    if text(form, "confirm") != "yes":  # not from the confirmation page: show it first
        return redirect(request, f"/questions/{question_id}/close")
    try:
        await run_in_threadpool(_apply, request, {"cmd": "close_question", "question": question_id})
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(question_context, request, question_id)
        return render(request, "question.html", status=status, error=error, **ctx)
    prepare(request)
    return redirect(request, f"/questions/{question_id}", i18n.gettext("The question is closed and counted."))


def new_question_context(request: Request, body_id: str, kind: str) -> dict[str, Any]:
    svc = services(request)
    options = svc.queries.question_form(body_id)
    body = options["body"]
    if kind != "recall":  # electors of the constituency may call a recall (R8): the policy decides
        require_clerk(svc.authorised.state(), web_session(request).account, body["polity"],
                      body["id"], "open questions")
    vacant: dict[str, int] = {}
    with svc.authorised.lock:
        state, year = svc.gov.state, svc.gov.clock().year
        for target in options["targets"]:
            try:
                vacant[target["id"]] = r7_apportionment.vacancies(
                    state, state.bodies[body["id"]], state.bodies[target["id"]], year)[0]
            except (KeyError, DomainError):
                continue
    return {"title": i18n.gettext("Open a question"), "body": body, "kinds": FORM_KINDS,
            "vacant": vacant, "chosen_candidates": [],
            "no_seat": bool(vacant) and all(v <= 0 for v in vacant.values()),
            "kind": kind if kind in QUESTION_KINDS else "", "targets": options["targets"],
            "candidates": options["candidates"], "recallable": options["recallable"],
            "methods": options["allowed"].get(kind, ["majority"]),
            "default_method": options["methods"].get(kind, "majority"),
            "polity_kind": options["polity_kind"], "pending_amendment": options["pending_amendment"],
            "form": {}, "error": None}


@router.get("/questions/new", response_class=HTMLResponse)
def new_question(request: Request, body: Annotated[str, Query(max_length=200)] = "",
                 kind: Annotated[str, Query(max_length=20)] = "") -> Response:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in as a clerk to open a question")
    if not body:  # which body? the ones this account may open questions in
        svc = services(request)
        bodies = [b for b in svc.queries.bodies()
                  if clerk_of(account, b["polity"], b["id"])]
        return render(request, "choose_body.html", title=i18n.gettext("Open a question"),
                      bodies=bodies)
    return render(request, "new_question.html", **new_question_context(request, body, kind))


@router.post("/questions/new", response_class=HTMLResponse)
async def open_question(request: Request) -> Response:
    form = await read_form(request)
    try:
        raw = question_command(form)
        await run_in_threadpool(_apply, request, raw)
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(new_question_context, request, text(form, "body"),
                                      text(form, "kind"))
        ctx.update(error=error, form={k: text(form, k) for k in
                                      ("text", "question", "options", "seats", "competence",
                                       "target", "amend", "to", "method", "matter", "answers",
                                       "delegate")},
                   chosen_candidates=texts(form, "candidate"))
        return render(request, "new_question.html", status=status, **ctx)
    prepare(request)
    return redirect(request, f"/questions/{raw['question']}", i18n.gettext("The question is open for ballots."))


async def _flow(request: Request, republic_id: str, template: str, raw: dict[str, Any]) -> Response:
    try:
        await run_in_threadpool(_apply, request, raw)
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(flow_context, request, republic_id)
        name = ctx["republic"]["name"]
        title = (i18n.gettext("Secession of %(name)s") if template == "secession.html"
                 else i18n.gettext("Accession of %(name)s")) % {"name": name}
        return render(request, template, status=status, error=error, title=title, **ctx)
    prepare(request)
    return redirect(request, f"/questions/{raw['question']}",
                    i18n.gettext("The question is open; the congress's delegates vote on it."))


@router.post("/republics/{republic_id}/secession", response_class=HTMLResponse)
async def put_secession(request: Request, republic_id: str) -> Response:
    form = await read_form(request)
    raw = {"cmd": "open_question", "question": slug(f"{republic_id} secession"),
           "body": f"{republic_id}/congress", "kind": "secession",
           "text": text(form, "text") or f"{republic_id} leaves its union"}
    return await _flow(request, republic_id, "secession.html", raw)


@router.post("/republics/{republic_id}/accession", response_class=HTMLResponse)
async def put_accession(request: Request, republic_id: str) -> Response:
    form = await read_form(request)
    union = text(form, "union")
    raw = {"cmd": "open_question", "question": slug(f"{republic_id} joins {union}"),
           "body": f"{republic_id}/congress", "kind": "accession", "union": union,
           "text": f"{republic_id} joins {union}"}
    return await _flow(request, republic_id, "accession.html", raw)


@router.post("/unions/{union_id}/admission", response_class=HTMLResponse)
async def put_admission(request: Request, union_id: str) -> Response:
    form = await read_form(request)
    republic = text(form, "republic")
    raw = {"cmd": "open_question", "question": slug(f"admit {republic}"),
           "body": f"{union_id}/congress", "kind": "admission", "republic": republic,
           "text": f"Admit {republic} to {union_id}"}
    try:
        await run_in_threadpool(_apply, request, raw)
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(union_context, request, union_id)
        return render(request, "union.html", status=status, error=error, **ctx)
    prepare(request)
    return redirect(request, f"/questions/{raw['question']}", i18n.gettext("The admission is put to the congress."))
