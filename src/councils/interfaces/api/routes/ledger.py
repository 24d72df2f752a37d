"""The ledger, paged, and its verification: anyone can check the chain of hashes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from councils.interfaces.api.auth import Svc

router = APIRouter(tags=["ledger"])


@router.get("/ledger", summary="Events in order, with positions and hashes (paged)")
def ledger(svc: Svc, after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    return svc.queries.ledger(after, limit)


@router.get("/ledger/verify", summary="Recompute the hash chain; name the first broken position")
def verify(svc: Svc) -> dict[str, Any]:
    return svc.queries.verify()
