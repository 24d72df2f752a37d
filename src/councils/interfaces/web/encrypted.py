"""The web's encrypted ballot (issue 14): the browser encrypts (static/encrypted-ballot.js), this
posts the ciphertext as `cast_encrypted_ballot` for the signed-in person, then shows the tracker
on the ballot's page as any secret ballot's receipt. A refusal comes back on the question page.
The tellers' page (`/tellers`, static/teller.js) takes each teller's key, shuffle and partial
decryption as the JSON command the CLI printed or the browser made, sent as that teller."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application import encrypted_reads
from councils.application.authorisation import Unauthenticated
from councils.domain.errors import DomainError
from councils.interfaces.api.errors import problem
from councils.interfaces.api.limits import TELLER_MAX_BODY
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, text
from councils.interfaces.web.pages import question_context
from councils.interfaces.web.render import redirect, render, services
from councils.interfaces.web.session import CSRF_FIELD, check_csrf, keep_receipt, web_session

router = APIRouter(include_in_schema=False)


@router.post("/questions/{question_id}/encrypted-ballot", response_class=HTMLResponse)
async def cast_encrypted(request: Request, question_id: str) -> Response:
    form = await read_form(request)
    account = web_session(request).account
    try:
        if account is None:
            raise Unauthenticated("sign in to vote")
        raw = {"cmd": "cast_encrypted_ballot", "question": question_id, "voter": account.person or "",
               "ballot": text(form, "ballot") or "{}"}
        applied = await run_in_threadpool(services(request).authorised.handle, account, raw)
    except DomainError as exc:
        status, error = problem(exc)
        ctx = await run_in_threadpool(question_context, request, question_id)
        return render(request, "question.html", status=status, error=error, **ctx)
    response = redirect(request, f"/questions/{question_id}/ballot-cast")
    if applied.receipt:
        keep_receipt(request, response, question_id, applied.receipt)  # the tracker
    return response


def _tellers_page(request: Request, status: int = 200, error: dict[str, object] | None = None) -> Response:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to see your duties as a teller")
    svc = services(request)
    with svc.queries.lock:
        duties = encrypted_reads.teller_duties(svc.gov.state, account.person or "")
    return render(request, "tellers.html", status=status, error=error, title=i18n.gettext("My duties as a teller"),
                  duties=duties)


@router.get("/tellers", response_class=HTMLResponse)
def tellers(request: Request) -> Response:
    """A teller's page (issue 14): every encrypted question where the signed-in person is a teller,
    and what is awaited of them: a key (made by `councils teller keygen` or in this browser, the
    private part never sent), their turn in a ranked question's mix, their partial decryption."""
    return _tellers_page(request)


@router.post("/tellers/{question_id}", response_class=HTMLResponse)
async def teller_submit(request: Request, question_id: str) -> Response:
    """The JSON command a teller's `councils teller submit-...` printed, or the browser made, sent
    as that teller; a refusal comes back on the teller's page, saying what is wrong. A shuffle or a
    decryption of thousands of ranked ballots is tens of megabytes: the form takes a field up to the
    teller's body limit (api/limits.py), not the 1 MB of other forms."""
    account = web_session(request).account
    if account is None:  # no one unknown makes the server read a teller's 64 MB form
        raise Unauthenticated("sign in to act as a teller")
    form = await request.form(max_files=0, max_fields=10, max_part_size=TELLER_MAX_BODY)
    check_csrf(request, form.get(CSRF_FIELD))
    try:
        raw = encrypted_reads.teller_submission(question_id, account.person or "", text(form, "submission") or "")
        await run_in_threadpool(services(request).authorised.handle, account, raw)
    except DomainError as exc:
        status, error = problem(exc)
        return await run_in_threadpool(_tellers_page, request, status, error)
    done = {"submit_teller_key": i18n.gettext("Your key is recorded."),
            "submit_shuffle": i18n.gettext("Your shuffle is recorded: its proof holds."),
            "submit_partial_decryption": i18n.gettext("Your partial decryption is recorded: its proof holds.")}
    return redirect(request, f"/tellers#{question_id}", done[str(raw["cmd"])])
