"""Sittings of a body: public reads (issue 15 item 4).

Convening and closing are commands (`convene_sitting`, `close_sitting`) sent to
`POST /api/commands` by a clerk of the body, like every other; these endpoints only read:
the sittings of a body, and one sitting with its minutes (its agenda, the decisions taken
at it with their counts and rolls, each at its ledger position, and the latest signed
checkpoint of the server's log, if it keeps one).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends

from councils.application.minutes import sitting_minutes
from councils.application.snapshot import sitting_json
from councils.domain.errors import NotFound
from councils.interfaces.api.auth import Svc
from councils.interfaces.api.routes.reads import as_of

router = APIRouter(tags=["sittings"], dependencies=[Depends(as_of)])


@router.get("/sittings", summary="Sittings, the latest convened first, of one body if `body` is given")
def sittings(svc: Svc, body: str | None = None) -> list[dict[str, Any]]:
    with svc.queries.lock:  # the state keeps them in the ledger's order
        return [{"sitting": s.id, **sitting_json(s)} for s in reversed(svc.gov.state.sittings.values())
                if body is None or s.body == body]


@router.get("/sittings/{sitting_id}",
            summary="A sitting and its minutes: agenda, decisions with counts and rolls at their ledger "
                    "positions, the signed checkpoint",
            responses={404: {"description": "No such sitting"}})
def sitting(sitting_id: str, svc: Svc) -> dict[str, Any]:
    with svc.queries.lock:
        found = svc.gov.state.sittings.get(sitting_id)
        if found is None:
            raise NotFound("sitting", sitting_id)
        drawn = sitting_minutes(svc.gov, sitting_id, svc.checkpoints)
    return {"sitting": sitting_id, **sitting_json(found), "minutes": asdict(drawn)}
