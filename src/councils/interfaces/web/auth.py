"""Signing in and out of the web UI (a session cookie; the API uses bearer tokens)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.application.sign_in_limit import TooManyAttempts
from councils.interfaces.web import i18n
from councils.interfaces.web.forms import read_form, text
from councils.interfaces.web.render import prepare, redirect, render, services
from councils.interfaces.web.session import sign_in, sign_out

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a path on this site: no open redirect to another one."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: Annotated[str, Query(max_length=500)] = "/") -> Response:
    return render(request, "signin.html", title=i18n.gettext("Sign in"), next=_safe_next(next), login="",
                  error=None)


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    form = await read_form(request)
    login, password = text(form, "login"), form.get("password")
    target = _safe_next(text(form, "next"))
    account = None
    if isinstance(password, str) and login and len(password) <= 256:
        address = request.client.host if request.client else None
        try:
            account = await run_in_threadpool(services(request).accounts.authenticate, login,
                                              password, address)
        except TooManyAttempts as exc:
            error = {"error": "too many requests", "message": str(exc), "reason": exc.reason}
            response = render(request, "signin.html", status=429, title=i18n.gettext("Sign in"), next=target,
                              login=login, error=error)
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
    if account is None:
        error = {"error": "unauthenticated", "message": "wrong login or password",
                 "reason": "the login or the password is wrong"}
        return render(request, "signin.html", status=401, title=i18n.gettext("Sign in"), next=target,
                      login=login, error=error)
    await run_in_threadpool(sign_in, request, account)
    prepare(request)
    return redirect(request, target, i18n.gettext("Signed in as %(login)s.") % {"login": account.login})


@router.post("/signout")
async def signout(request: Request) -> Response:
    await read_form(request)
    await run_in_threadpool(sign_out, request)
    prepare(request)
    return redirect(request, "/", i18n.gettext("Signed out."))
