"""Encrypted questions (issue 14): the public reads a voter's machine and the tellers need.

Opening with tellers, submitting keys, casting encrypted ballots and submitting partial
decryptions are commands (`open_question` with `tellers`, `submit_teller_key`,
`cast_encrypted_ballot`, `submit_partial_decryption`) sent to `POST /api/commands` like
every other; these endpoints only read what the ledger holds.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from councils.application import encrypted_reads
from councils.interfaces.api.auth import Svc
from councils.interfaces.api.openapi_errors import errors
from councils.interfaces.api.routes.reads import as_of

router = APIRouter(tags=["encrypted ballots"], dependencies=[Depends(as_of)])


@router.get("/questions/{question_id}/election",
            summary="An encrypted question's election: its Belenios election JSON and public key, tellers, trackers",
            responses=errors(404, 409))
def election(question_id: str, svc: Svc) -> dict[str, Any]:
    with svc.queries.lock:
        return encrypted_reads.election_view(svc.gov.state, question_id)


@router.get("/questions/{question_id}/archive",
            summary="A decided encrypted question's Belenios archive (UUID.bel), for belenios-tool election verify",
            responses={**errors(404, 409), 200: {"content": {"application/octet-stream": {}}}})
def archive(question_id: str, svc: Svc) -> Response:
    with svc.queries.lock:
        name, blob = encrypted_reads.archive(svc.gov.state, question_id)
    return Response(blob, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/questions/{question_id}/challenge",
             summary="Check a challenged (spoiled) encrypted ballot: does it encrypt the choices it claims?",
             responses=errors(404, 409, 422))
def challenge(question_id: str, svc: Svc, challenged: dict[str, Any]) -> dict[str, Any]:
    """Benaloh's challenge checked by the server, apart from the voter's device; nothing is
    recorded and no account is needed (the spoiled ballot is never cast)."""
    with svc.queries.lock:
        return encrypted_reads.challenge_check(svc.gov.state, question_id, challenged)
