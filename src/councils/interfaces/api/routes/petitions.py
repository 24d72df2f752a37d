"""Petitions and minutes: public reads (a petition is signed in the open, like the ledger that
records it; minutes are drawn from that ledger).

Starting and signing are commands (`start_petition`, `sign_petition`) sent to
`POST /api/commands` like every other; these endpoints only read.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends

from councils.application import petition_reads
from councils.application.minutes import minutes
from councils.interfaces.api.auth import Svc
from councils.interfaces.api.routes.reads import as_of

router = APIRouter(tags=["petitions"], dependencies=[Depends(as_of)])


@router.get("/petitions", summary="Petitions, filtered by polity or status")
def petitions(svc: Svc, polity: str | None = None,
              status: Literal["open", "succeeded"] | None = None) -> list[dict[str, Any]]:
    return petition_reads.petitions(svc.queries, polity, status)


@router.get("/petitions/{petition_id}",
            summary="A petition: what it asks, who may sign, who signed, what it opened",
            responses={404: {"description": "No such petition"}})
def petition(petition_id: str, svc: Svc) -> dict[str, Any]:
    return petition_reads.petition(svc.queries, petition_id)


@router.get("/minutes/{body_id:path}",
            summary="A body's minutes: decisions with counts and rolls at their ledger positions; the agenda",
            responses={404: {"description": "No such body"}})
def body_minutes(body_id: str, svc: Svc, since: str | None = None,
                 until: str | None = None) -> dict[str, Any]:
    with svc.queries.lock:
        drawn = minutes(svc.gov, body_id, since=since, until=until)
    return asdict(drawn)


@router.get("/questions/{question_id}/comments",
            summary="The discussion of a question, oldest first (post with the command post_comment)",
            responses={404: {"description": "No such question"}})
def question_comments(question_id: str, svc: Svc) -> list[dict[str, Any]]:
    return petition_reads.question_comments(svc.queries, question_id)
