"""Who is calling the API: a bearer token from `POST /api/session`, or no one.

The API takes only bearer tokens, never the web's session cookie, so a page on another
site cannot make a signed-in browser send API commands (no CSRF surface on /api).
"""

from __future__ import annotations

from typing import Annotated

from anyio import CapacityLimiter, to_thread
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from councils.application.accounts import Account
from councils.application.authorisation import Unauthenticated
from councils.interfaces.api.group_commit import UNKNOWN_TOKEN
from councils.interfaces.api.services import Services, api_services

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/session")
# Tokens read from the database at once, at most: more would only queue for the
# connection pool (and, past its size, open and close connections) and the GIL.
LOOKUPS = CapacityLimiter(4)


async def actor(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                svc: Annotated[Services, Depends(api_services)]) -> Account | None:
    """The signed-in account, or None; an unknown or expired token is an error, not anonymity.

    A token read lately is answered from memory on the event loop; only one that must be
    read from the database goes to a worker thread.
    """
    if credentials is None:
        return None
    known, account = svc.accounts.cached_token(credentials.credentials, "api")
    if not known:
        account = await to_thread.run_sync(svc.accounts.from_token, credentials.credentials, "api",
                                           limiter=LOOKUPS)
    if account is None:
        raise Unauthenticated(UNKNOWN_TOKEN)
    return account


def signed_in(account: Annotated[Account | None, Depends(actor)]) -> Account:
    if account is None:
        raise Unauthenticated("sign in with POST /api/session and send 'Authorization: Bearer <token>'")
    return account


Actor = Annotated[Account | None, Depends(actor)]
SignedIn = Annotated[Account, Depends(signed_in)]
Svc = Annotated[Services, Depends(api_services)]
