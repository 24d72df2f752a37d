"""Nations inside a republic or union (issue 12): its autonomous units with their congresses and
nationalities, languages, territory, treaties and transfers. Public, like every other read.

The changes are commands sent to `POST /api/commands` (found_autonomy, declare_languages,
declare_territory, transfer_council, propose_treaty, ratify_treaty, renounce_treaty).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from councils.interfaces.api.auth import Svc
from councils.interfaces.api.routes.reads import as_of

router = APIRouter(tags=["nations"], dependencies=[Depends(as_of)])


@router.get("/polities/{polity_id}/nations",
            summary="A republic's or union's autonomous units, languages, territory and treaties",
            responses={404: {"description": "No republic or union of that id"}})
def nations(polity_id: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.nations(polity_id)


@router.get("/republics/{republic_id}/pyramid",
            summary="A republic's congress pyramid: each level, the seats each body is given and who sent whom",
            responses={404: {"description": "No republic of that id"}})
def pyramid(republic_id: str, svc: Svc) -> dict[str, Any]:
    return svc.queries.pyramid(republic_id)
