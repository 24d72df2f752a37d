"""The ledger, paged, and its verification: anyone can check the chain of hashes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from councils.application.records import published_checkpoints, published_keys
from councils.interfaces.api.auth import Svc

router = APIRouter(tags=["ledger"])


@router.get("/ledger", summary="Events in order, with positions and hashes (paged)")
def ledger(svc: Svc, after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    return svc.queries.ledger(after, limit)


@router.get("/ledger/verify", summary="Recompute the hash chain; name the first broken position")
def verify(svc: Svc) -> dict[str, Any]:
    return svc.queries.verify()


@router.get("/checkpoints", summary="The signed checkpoints of the ledger's head: the latest and all")
def checkpoints(svc: Svc) -> dict[str, Any]:
    """Each is the JSON `councils ledger checkpoint` prints: keep one, and `councils ledger
    verify --against` later proves the ledger still extends it."""
    return published_checkpoints(svc.checkpoints)


@router.get("/keys", summary="The public keys that sign the ledger's checkpoints and archives")
def keys(svc: Svc) -> dict[str, Any]:
    """And the hand-overs between them recorded in the ledger, each signed by the key before it."""
    return published_keys(svc.checkpoints, svc.public_keys, svc.rotations.of(svc.gov), svc.polity_keys)
