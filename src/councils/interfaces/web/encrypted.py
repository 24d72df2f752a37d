"""The web's encrypted ballot (issue 14): the browser encrypts (static/encrypted-ballot.js), this
posts the ciphertext as `cast_encrypted_ballot` for the signed-in person, then shows the tracker
on the ballot's page as any secret ballot's receipt. A refusal comes back on the question page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import Unauthenticated
from councils.domain.errors import DomainError
from councils.interfaces.api.errors import problem
from councils.interfaces.web.forms import read_form, text
from councils.interfaces.web.pages import question_context
from councils.interfaces.web.render import redirect, render, services
from councils.interfaces.web.session import keep_receipt, web_session

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
