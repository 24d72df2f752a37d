"""Reading petitions for every interface: what each asks, who may sign, who signed, what it opened.

Read from the folded state under the queries' lock, like every other read; names beside ids
(the web shows names, the API gives both).
"""

from __future__ import annotations

from typing import Any

from councils.application.queries import Queries
from councils.application.snapshot import petition_json
from councils.domain.errors import NotFound
from councils.domain.petition import Petition
from councils.domain.state import State


def _name(s: State, ident: str) -> str:
    person = s.persons.get(ident) or s.former.get(ident)
    if person is not None:
        return person.name or person.id
    polity = s.polities.get(ident)
    if polity is not None:
        return polity.name
    body = s.bodies.get(ident)
    return body.name if body is not None else ident


def _read(s: State, p: Petition) -> dict[str, Any]:
    out = {"id": p.id, **petition_json(p), "body_name": _name(s, p.body),
           "polity_name": _name(s, p.polity),
           "signed_by": [{"id": who, "name": _name(s, who), "at": p.signed_at.get(who)}
                         for who in p.signatures]}
    delegate = p.detail("delegate")
    if delegate is not None:
        out["delegate_name"] = _name(s, delegate)
    out["comments"] = comments_of(s, p.id)
    question = p.detail("question")
    if question is not None and question in s.questions:
        out["question"] = {"id": question, "status": s.questions[question].status,
                           "outcome": s.questions[question].outcome}
    return out


def comments_of(s: State, subject: str) -> list[dict[str, Any]]:
    """The discussion of a question or petition, oldest first, with names."""
    return [{**c, "name": _name(s, c["person"])} for c in s.comments.get(subject, [])]


def question_comments(queries: Queries, question: str) -> list[dict[str, Any]]:
    with queries.lock:
        s = queries.gov.state
        if question not in s.questions:
            raise NotFound("question", question)
        return comments_of(s, question)


def petitions(queries: Queries, polity: str | None = None, status: str | None = None
              ) -> list[dict[str, Any]]:
    """Every petition, newest last, optionally of one polity or one status (open, succeeded)."""
    with queries.lock:
        s = queries.gov.state
        return [_read(s, p) for p in s.petitions.values()
                if (polity is None or p.polity == polity) and (status is None or p.status == status)]


def petition(queries: Queries, ident: str) -> dict[str, Any]:
    with queries.lock:
        s = queries.gov.state
        found = s.petitions.get(ident)
        if found is None:
            raise NotFound("petition", ident)
        return _read(s, found)


def may_sign(queries: Queries, ident: str, person: str | None) -> bool:
    """Whether `person` is on the petition's list and has not signed yet (what the web offers)."""
    with queries.lock:
        found = queries.gov.state.petitions.get(ident)
        return (found is not None and person is not None and found.status == "open"
                and person in found.signers and person not in found.signatures)
