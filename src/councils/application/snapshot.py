"""The whole state as plain JSON: what `councils state --json` prints and the demo checks.

Built from the folded state (the one read model), in the shape the public contract
names: `republics.<id>.union`, `unions.<id>.members`, `bodies.<id>.delegates`,
`questions.<id>.status/outcome/binding/overridden_by`, ... It says the time it is as of
and the position of the ledger it reflects, and lists the effects that have fallen due
but are not yet recorded (the scheduler of `councils serve`, or `councils tick`, records
them), so a reader is never shown a past effect as if it had not happened without being told.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from councils.application.nations_view import nations_snapshot
from councils.application.pyramid_view import pyramids_snapshot
from councils.domain.events import Event
from councils.domain.petition import Petition
from councils.domain.sittings import Sitting
from councils.domain.state import Body, Polity, Question, State


def snapshot(state: State, now: datetime, due: list[Event]) -> dict[str, Any]:
    out: dict[str, Any] = {"position": state.position, "as_of": now.isoformat(timespec="seconds"),
                           "due": [{"type": e.type, **e.data} for e in due],
                           "unions": {}, "republics": {}, "bodies": {}, "questions": {},
                           "persons": {}, "amendments": {}, "petitions": {}}
    for pid in sorted(state.polities):
        p = state.polities[pid]
        if p.kind == "union":
            out["unions"][pid] = _union(p)
        else:
            out["republics"][pid] = _republic(p)
    for bid in sorted(state.bodies):
        out["bodies"][bid] = _body(state.bodies[bid])
    for qid in sorted(state.questions):
        out["questions"][qid] = _question(state.questions[qid])
    for qid in sorted(state.amendments):  # R10: amendments waiting for the members' consent
        pending = state.amendments[qid]
        out["amendments"][qid] = {
            "union": pending["polity"], "amend": _plain(pending["amend"]),
            "consented": list(pending["consented"]),
            "awaiting": [r for r in pending["awaiting"] if r not in pending["consented"]]}
    for pid in sorted(state.petitions):  # petitions (domain/petition.py)
        out["petitions"][pid] = petition_json(state.petitions[pid])
    persons: dict[str, dict[str, int]] = out["persons"]
    for council, residents in state.residents.items():
        if residents:
            republic = state.persons[residents[0]].republic
            persons.setdefault(republic, {})[council] = len(residents)
    out["nations"] = nations_snapshot(state, out["as_of"])  # autonomies, languages, territory, treaties
    out["pyramids"] = pyramids_snapshot(state)  # each republic's congresses: who sent whom (issue 12)
    out["sittings"] = {sid: sitting_json(s) for sid, s in sorted(state.sittings.items())}  # issue 15
    return out


def sitting_json(s: Sitting) -> dict[str, Any]:
    """A sitting of a body as JSON: its agenda, when it sat, what it decided and carried over."""
    return {"body": s.body, "polity": s.polity, "agenda": list(s.agenda), "convened_at": s.convened_at,
            "closed_at": s.closed_at, "open": s.open, "decided": list(s.decided),
            "carried_over": list(s.carried_over)}


def petition_json(p: Petition) -> dict[str, Any]:
    """A petition as JSON: what it asks, who may sign, who signed, and what it opened."""
    return {"kind": p.kind, "polity": p.polity, "body": p.body, "text": p.text,
            "details": _plain(p.details), "eligible": len(p.signers), "needed": p.needed,
            "signatures": list(p.signatures), "signed": len(p.signatures), "status": p.status,
            "started_by": p.started_by, "started_at": p.started_at, "succeeded_at": p.succeeded_at}


def _plain(value: Any) -> Any:
    """As JSON would give it back: tuples become lists, keys strings."""
    return json.loads(json.dumps(value))


def _union(p: Polity) -> dict[str, Any]:
    return {"name": p.name, "constitution": p.constitution.name, "members": list(p.members),
            "union": p.union,  # a union that has joined a larger one (issue 12)
            "timeline": _plain(p.timeline)}


def _republic(p: Polity) -> dict[str, Any]:
    return {"name": p.name, "constitution": p.constitution.name, "union": p.union,
            "seceding": _plain(p.seceding), "timeline": _plain(p.timeline),
            "imported_from": _plain(p.imported_from)}


def _body(b: Body) -> dict[str, Any]:
    seats = sorted(b.seats, key=lambda s: (s.question or "", s.person))
    return {"polity": b.polity, "kind": b.kind, "name": b.name, "council_kind": b.council_kind,
            "within": b.within,
            "delegates": [{"person": s.person, "constituency": s.constituency, "question": s.question}
                          for s in seats]}


def _question(q: Question) -> dict[str, Any]:
    return {"body": q.body, "kind": q.kind, "status": q.status, "outcome": q.outcome,
            "binding": q.binding, "overridden_by": q.overridden_by,
            "overridden_because": q.overridden_because, "participation": len(q.voted),
            "electorate": len(q.roll),
            **_plain({"text": q.text, "options": list(q.options), "method": q.method,
                      "threshold": q.threshold, "quorum": q.quorum, "secret": q.secret,
                      "details": q.details, "winners": list(q.winners), "advisory": q.advisory,
                      "opened_at": q.opened_at, "decided_at": q.decided_at, "count": q.count})}
