"""My notices: what I have been told, what became of each e-mail, and what I choose to receive."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from councils.application.authorisation import Forbidden
from councils.application.notices import OWN_NOTICES, choose, page, seen_json
from councils.application.ports import NOTICE_KINDS
from councils.interfaces.api.auth import SignedIn, Svc

router = APIRouter(tags=["notices"])


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    address: StrictStr | None = Field(default=None, max_length=320,
                                      description="where to send them; none: on my page only")
    kinds: list[StrictStr] = Field(default_factory=lambda: list(NOTICE_KINDS), max_length=10,
                                   description=f"any of {', '.join(NOTICE_KINDS)}")
    language: StrictStr | None = Field(default=None, max_length=20,
                                       description="the e-mails' language (en, ru, uk) where the body "
                                                   "declares it; else the body's first language")


def _mine(svc: Svc, person: str) -> dict[str, Any]:
    outbox = svc.gov.ledger.outbox
    chosen = outbox.preferences(person)
    with svc.queries.lock:
        state = svc.gov.state
        seen = page(state, outbox, person)
    return {"preferences": {"address": chosen.address, "kinds": list(chosen.kinds),
                            "language": chosen.language},
            "notices": [seen_json(s) for s in seen]}


@router.get("/me/notices", summary="My notices (newest first) and what I chose to receive",
            responses={401: {"description": "Not signed in"},
                       403: {"description": "The account is not linked to a person"}})
def my_notices(account: SignedIn, svc: Svc) -> dict[str, Any]:
    if account.person is None:
        raise Forbidden(OWN_NOTICES, f"{account.login} is not linked to a registered person, so it "
                                     "receives no notices")
    return _mine(svc, account.person)


@router.put("/me/notices", summary="Choose what notices I receive, and at which address",
            responses={401: {"description": "Not signed in"},
                       403: {"description": "The account is not linked to a person"}})
def choose_notices(body: Choice, account: SignedIn, svc: Svc) -> dict[str, Any]:
    chosen = choose(svc.gov.ledger.outbox, account.person, body.address, body.kinds, body.language)
    return _mine(svc, chosen.person)
