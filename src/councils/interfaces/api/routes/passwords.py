"""Passwords over the API: a person changes their own; the admin resets a forgotten one.

A change needs the current password, checked as a sign-in is and under the same limit
(a token left on a shared computer must not let its finder set a password, nor guess
the current one faster than the sign-in form allows). Either way every other session
of the account ends, so whoever knew the old password is signed out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from pydantic import Field, StrictStr

from councils.application.accounts import MAX_PASSWORD, MIN_PASSWORD
from councils.interfaces.api.auth import SignedIn, Svc
from councils.interfaces.api.openapi_errors import errors
from councils.interfaces.api.routes.session import Strict

router = APIRouter(tags=["accounts"])


class PasswordChange(Strict):
    current_password: StrictStr = Field(max_length=MAX_PASSWORD)
    new_password: StrictStr = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)


class PasswordReset(Strict):
    password: StrictStr = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)


@router.post("/me/password", status_code=204,
             summary="Change my password (the current one required); my other sessions end",
             responses=errors(401, 429, e403="The current password is wrong"))
def change_password(body: PasswordChange, account: SignedIn, svc: Svc, request: Request,
                    authorization: Annotated[str, Header()] = "") -> Response:
    address = request.client.host if request.client else None
    svc.authorised.change_password(account, body.current_password, body.new_password, address,
                                   keep_token=authorization.partition(" ")[2].strip() or None)
    return Response(status_code=204)


@router.post("/accounts/{login}/password", status_code=204,
             summary="Reset an account's password (admin); its sessions end",
             responses=errors(401, 404, e403="Only the admin resets passwords"))
def reset_password(login: Annotated[str, Path(max_length=100)], body: PasswordReset,
                   account: SignedIn, svc: Svc) -> Response:
    svc.authorised.reset_password(account, login, body.password)
    return Response(status_code=204)
