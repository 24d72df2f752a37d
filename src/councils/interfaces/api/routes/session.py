"""Signing in for the API (bearer tokens) and managing accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from councils.application.accounts import Account, Grant
from councils.application.authorisation import Unauthenticated
from councils.interfaces.api.auth import SignedIn, Svc
from councils.interfaces.api.openapi_errors import errors

router = APIRouter(tags=["accounts"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SignIn(Strict):
    login: StrictStr = Field(max_length=100)
    password: StrictStr = Field(max_length=256)


class RoleIn(Strict):
    role: StrictStr = Field(description="admin, clerk or observer")
    scope: StrictStr = Field(description="a polity or body id ('*' for admin)")


class NewAccount(Strict):
    login: StrictStr = Field(max_length=100)
    password: StrictStr = Field(min_length=8, max_length=256)
    name: StrictStr = Field(default="", max_length=200)
    person: StrictStr | None = Field(default=None, description="the registered person it votes as")
    roles: list[RoleIn] = Field(default_factory=list, max_length=50)


def account_json(account: Account) -> dict[str, Any]:
    return {"login": account.login, "name": account.name, "person": account.person,
            "roles": [{"role": g.role, "scope": g.scope} for g in account.grants]}


@router.post("/session", summary="Sign in; returns a bearer token", responses=errors(401, 429))
def sign_in(body: SignIn, svc: Svc, request: Request) -> dict[str, Any]:
    address = request.client.host if request.client else None
    account = svc.accounts.authenticate(body.login, body.password, address)
    if account is None:
        raise Unauthenticated("wrong login or password")
    token = svc.accounts.open_session(account, "api")
    return {"token": token, "token_type": "bearer", "account": account_json(account)}


@router.delete("/session", status_code=204, summary="Sign out: the token stops working",
               responses=errors(401))
def sign_out(account: SignedIn, svc: Svc,
             authorization: Annotated[str, Header()] = "") -> Response:
    svc.accounts.close_session(authorization.partition(" ")[2].strip())
    return Response(status_code=204)


@router.get("/me", summary="The signed-in account, its roles, and the person it votes as",
            responses=errors(401))
def me(account: SignedIn, svc: Svc) -> dict[str, Any]:
    out = account_json(account)
    out["person_record"] = svc.queries.person(account.person) if account.person else None
    return out


@router.post("/accounts", status_code=201,
             summary="Create an account (admin: any; clerk: sign-ins for residents)",
             responses=errors(401, 403, 404, 409))
def create_account(body: NewAccount, account: SignedIn, svc: Svc) -> dict[str, Any]:
    created = svc.authorised.create_account(
        account, body.login, body.password, name=body.name, person=body.person,
        grants=tuple(Grant(r.role, r.scope) for r in body.roles))
    return account_json(created)
