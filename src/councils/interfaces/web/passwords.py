"""Passwords on the web: change my own (`/me/password`); the admin resets another's.

The same application calls as the API (`AuthorisedGovernance.change_password` and
`reset_password`), so a form refuses what the API refuses, with the same words. A
refused form comes back without the passwords typed: a page never echoes a password.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application.accounts import MAX_PASSWORD, MIN_PASSWORD
from councils.application.authorisation import Unauthenticated
from councils.domain.errors import DomainError, InvalidCommand
from councils.interfaces.api.errors import problem
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, text
from councils.interfaces.web.render import redirect, render, services
from councils.interfaces.web.session import SESSION_COOKIE, web_session

router = APIRouter(include_in_schema=False)


def _page(request: Request, status: int = 200, **extra: Any) -> Response:
    context: dict[str, Any] = {"title": i18n.gettext("Password"), "error": None, "reset_error": None,
                               "reset_login": "", "min_password": MIN_PASSWORD,
                               "max_password": MAX_PASSWORD, **extra}
    response = render(request, "password.html", status=status, **context)
    failure = extra.get("error") or extra.get("reset_error")
    if failure and failure.get("retry_after"):
        response.headers["Retry-After"] = str(failure["retry_after"])
    return response


def _new_password(form: Any, field: str, repeat: str) -> str:
    new = form.get(field)
    if not isinstance(new, str) or not new:
        raise InvalidCommand(i18n.gettext("type the new password"))
    if new != form.get(repeat):
        raise InvalidCommand(i18n.gettext("the new password and its repetition differ; type them again"))
    return new


@router.get("/me/password", response_class=HTMLResponse)
def password_page(request: Request) -> Response:
    if web_session(request).account is None:
        raise Unauthenticated("sign in to change your password")
    return _page(request)


@router.post("/me/password", response_class=HTMLResponse)
async def change_password(request: Request) -> Response:
    form = await read_form(request)
    account = web_session(request).account
    current = form.get("current_password")
    address = request.client.host if request.client else None
    try:
        if account is None:
            raise Unauthenticated("sign in to change your password")
        new = _new_password(form, "new_password", "repeat_password")
        await run_in_threadpool(services(request).authorised.change_password, account,
                                current if isinstance(current, str) else "", new, address,
                                request.cookies.get(SESSION_COOKIE))
    except DomainError as exc:  # a wrong current password, the limit (429), a bad new one
        status, error = problem(exc)
        return await run_in_threadpool(lambda: _page(request, status, error=error))
    return redirect(request, "/me", i18n.gettext("Password changed; every other session of this "
                                                 "account is signed out."))


@router.post("/accounts/password", response_class=HTMLResponse)
async def reset_password(request: Request) -> Response:
    """The admin's reset: any account, no old password; that account's sessions end."""
    form = await read_form(request)
    account = web_session(request).account
    login = text(form, "login")[:200]
    try:
        new = _new_password(form, "password", "repeat")
        await run_in_threadpool(services(request).authorised.reset_password, account, login, new)
    except DomainError as exc:
        status, error = problem(exc)
        return await run_in_threadpool(
            lambda: _page(request, status, reset_error=error, reset_login=login))
    return redirect(request, "/me/password", i18n.gettext(
        "The password of %(login)s is reset; its sessions are signed out. Give it to its holder "
        "in person.") % {"login": login})
