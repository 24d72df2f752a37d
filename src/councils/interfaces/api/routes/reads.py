"""Read endpoints: unions, republics, bodies with their delegates, people, questions.

Everything here is public except the register of residents (a republic's clerks and
observers read it): a union of councils governs in the open, and the ledger that proves
every decision is public anyway.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from councils.interfaces.api.auth import Actor, SignedIn, Svc
from councils.interfaces.api.openapi_errors import errors


async def as_of(response: Response, svc: Svc) -> None:
    """Every read says the time it is as of and the ledger position it reflects (two headers).

    Effects that fall due are recorded by the scheduler at their time, so a read as of
    a moment shows what was in force then.
    """
    when, position = svc.queries.as_of()
    response.headers["X-Councils-As-Of"] = when
    response.headers["X-Councils-Position"] = str(position)


router = APIRouter(tags=["reads"], dependencies=[Depends(as_of)])

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many (1-500)")]
Offset = Annotated[int, Query(ge=0, description="Skip this many")]


@router.get("/unions", summary="Every union")
def unions(svc: Svc) -> list[dict[str, Any]]:
    return svc.queries.unions()


@router.get("/unions/{union_id}", summary="A union: members, former members, timeline, bodies",
            responses=errors(404))
def union(union_id: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.union(union_id)


@router.get("/republics", summary="Every republic")
def republics(svc: Svc) -> list[dict[str, Any]]:
    return svc.queries.republics()


@router.get("/republics/{republic_id}",
            summary="A republic: its council tree, congress, constitution and questions",
            responses=errors(404))
def republic(republic_id: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.republic(republic_id)


@router.get("/republics/{republic_id}/people",
            summary="The register of residents (the republic's clerks and observers)",
            responses=errors(401, 403, 404))
def people(republic_id: str, account: SignedIn, svc: Svc, council: str | None = None,
           offset: Offset = 0, limit: Limit = 100) -> dict[str, Any]:
    svc.authorised.may_read_register(account, republic_id)
    return svc.queries.people(republic_id, council, offset, limit)


@router.get("/bodies", summary="Bodies, optionally of one polity")
def bodies(svc: Svc, polity: str | None = None) -> list[dict[str, Any]]:
    return svc.queries.bodies(polity)


@router.get("/bodies/{body_id:path}",
            summary="A body with its delegates, the delegates it sends, and its questions",
            responses=errors(404))
def body(body_id: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.body(body_id)


@router.get("/questions", summary="Questions, filtered by body, polity or status")
def questions(svc: Svc, body: str | None = None, polity: str | None = None,
              status: Literal["open", "decided"] | None = None) -> list[dict[str, Any]]:
    return svc.queries.questions(body, polity, status)


@router.get("/questions/{question_id}",
            summary="A question: live participation; once closed, the full count",
            responses=errors(401, 404))
def question(question_id: str, svc: Svc, actor: Actor) -> dict[str, Any]:
    out = svc.queries.question(question_id)
    if actor is not None and actor.person is not None:
        out["you_voted"] = svc.queries.has_voted(question_id, actor.person)
    return out


@router.get("/questions/{question_id}/receipts/{receipt}",
            summary="Check that a secret ballot with this receipt was counted",
            responses=errors(404))
def receipt(question_id: str, receipt: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.receipt(question_id, receipt)
