"""The minutes of a body: the decisions it took, with their counts and rolls, each at its place
in the ledger, and the signed checkpoint that vouches for that ledger.

Minutes are drawn from the record, not written beside it: every line comes from the folded
state and the ledger's own events (the `QuestionDecided` event of each decision, with its
position and hash), and the page says the head it was drawn at. A reader who holds a
signed checkpoint at or after that head can check every position quoted (`councils ledger
verify --checkpoints`). The agenda is what is open before the body now, with the petition
that put each item there, if one did.

The minutes of one sitting (`sitting_minutes`) are bounded by the ledger positions of its
`SittingConvened` and `SittingClosed` events, not by the clock: the decisions taken between
them on its agenda's questions (and on the amendments to its motions), and its agenda with
what became of each item (decided at the sitting, or carried over).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from councils.application.governance import Governance
from councils.application.ports import Checkpoint, CheckpointLog
from councils.domain.errors import NotFound
from councils.domain.sittings import Sitting
from councils.domain.state import State


@dataclass(frozen=True)
class Decision:
    question: str
    kind: str
    text: str
    outcome: str
    binding: bool
    advisory: str | None
    electorate: int
    voted: int
    tallies: dict[str, Any]
    notes: list[str]
    decided_at: str
    position: int
    hash: str
    petition: str | None
    roll: list[str] = field(default_factory=list)  # by name, for a roll of at most ROLL_LISTED


ROLL_LISTED = 200
"""Up to this many, the minutes name everyone on a decision's roll; beyond, they give the number."""


@dataclass(frozen=True)
class Minutes:
    body: str
    body_name: str
    polity: str
    polity_name: str
    as_of: str
    head_position: int
    head_hash: str
    decisions: list[Decision] = field(default_factory=list)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    checkpoint: Checkpoint | None = None
    checkpoint_valid: bool | None = None
    since: str | None = None  # a sitting's bounds, if the minutes are of one sitting
    until: str | None = None
    sitting: str | None = None  # the minutes of this sitting (sitting_minutes)
    convened: tuple[int, str] | None = None  # the ledger position and hash of its convening
    closed: tuple[int, str] | None = None  # and of its closing (None while it sits)


def _names(state: State, roll: Iterable[str]) -> list[str]:
    found = []
    for ident in roll:
        person = state.persons.get(ident) or state.former.get(ident)
        found.append(person.name or person.id if person is not None else ident)
    return found


def minutes(gov: Governance, body_id: str, checkpoints: CheckpointLog | None = None,
            since: str | None = None, until: str | None = None) -> Minutes:
    """The minutes of `body_id` as the ledger stands now (a `NotFound` for an unknown body);
    with `since` and `until` (ISO 8601), those of a span of time: the decisions taken within it."""
    return _minutes(gov, body_id, checkpoints, since, until, None)


def sitting_minutes(gov: Governance, sitting_id: str, checkpoints: CheckpointLog | None = None) -> Minutes:
    """The minutes of one sitting (a `NotFound` for an unknown one): its agenda, and the decisions
    taken between its convening and its closing (or now, while it sits) on what was before it."""
    state = gov.catch_up()
    sitting = state.sittings.get(sitting_id)
    if sitting is None:
        raise NotFound("sitting", sitting_id)
    return _minutes(gov, sitting.body, checkpoints, sitting.convened_at, sitting.closed_at, sitting)


def decided_at_sitting(state: State, sitting: Sitting) -> list[str]:
    """The questions `sitting` decided (its agenda's and the amendments to its motions), told from
    the folded state alone: the same as its minutes find between its two ledger events, without
    reading the ledger, so that a page showing a sitting costs its agenda, not the ledger's length.

    While it sits, what it decided is what is decided now of what was before it, less the
    amendments decided before it met (`Sitting.settled`); once closed, what its closing recorded
    as decided, less those. They come in the order they were decided by the clock (within one
    second, in the order they were put: the page lists the agenda and the amendments apart)."""
    if not sitting.open:
        found = [q for q in sitting.decided if q not in sitting.settled]
    else:
        covered = [*sitting.agenda, *(a for m in sitting.agenda for a in state.amended_by.get(m, ()))]
        found = [q for q in covered if q not in sitting.settled and state.questions[q].body == sitting.body
                 and state.questions[q].status == "decided"]
    return sorted(found, key=lambda q: state.questions[q].decided_at or "")


def _minutes(gov: Governance, body_id: str, checkpoints: CheckpointLog | None, since: str | None,
             until: str | None, sitting: Sitting | None) -> Minutes:
    state = gov.catch_up()
    body = state.bodies.get(body_id)
    if body is None:
        raise NotFound("body", body_id)
    polity = state.polities[body.polity]
    position, head = gov.ledger.head()
    mine = {q.id for q in state.questions.values() if q.body == body_id
            and (sitting is None or sitting.covers(q.id, q.detail("amends")))}
    where: dict[str, tuple[int, str]] = {}
    convened: tuple[int, str] | None = None
    closed: tuple[int, str] | None = None
    # A sitting's minutes start at its convening event (the state remembers the position before
    # it), so that drawing them costs the sitting's share of the ledger, not the whole of it.
    for r in gov.ledger.read(after=sitting.convened_after if sitting is not None else 0):
        if sitting is not None:
            if r.event.type in ("SittingConvened", "SittingClosed") and r.event.data.get("sitting") == sitting.id:
                if r.event.type == "SittingConvened":
                    convened = (r.position, r.hash)
                else:
                    closed = (r.position, r.hash)
                    break  # a sitting's decisions are those recorded between its two events
            if convened is None:
                continue
        if r.event.type == "QuestionDecided" and r.event.data.get("question") in mine and (
                sitting is not None or ((since is None or r.event.at >= since)
                                        and (until is None or r.event.at <= until))):
            where[r.event.data["question"]] = (r.position, r.hash)
    decisions = []
    for qid, (pos, digest) in sorted(where.items(), key=lambda item: item[1][0]):
        q = state.questions[qid]
        count = q.count or {}
        rounds = count.get("rounds") or []
        decisions.append(Decision(
            qid, q.kind, q.text, q.outcome or "", bool(q.binding), q.advisory, len(q.roll),
            len(q.voted), dict(rounds[-1].get("tallies") or {}) if rounds else {},
            [str(n) for n in count.get("notes") or []], q.decided_at or "", pos, digest,
            q.detail("petition"), _names(state, q.roll) if len(q.roll) <= ROLL_LISTED else []))
    if sitting is None:
        agenda = [{"question": q.id, "kind": q.kind, "text": q.text, "opened_at": q.opened_at,
                   "petition": q.detail("petition"), "status": "open"}
                  for q in state.questions.values() if q.body == body_id and q.status == "open"]
    else:
        agenda = [{"question": q.id, "kind": q.kind, "text": q.text, "opened_at": q.opened_at,
                   "petition": q.detail("petition"),
                   "status": "decided" if q.id in where else "carried over" if not sitting.open else "open"}
                  for q in (state.questions[i] for i in sitting.agenda)]
    checkpoint, valid = None, None
    if checkpoints is not None:
        signed = checkpoints.read()
        if signed:
            checkpoint = signed[-1]
            valid = checkpoints.valid(checkpoint)
    return Minutes(body_id, body.name, polity.id, polity.name,
                   gov.clock().isoformat(timespec="seconds"), position, head, decisions, agenda,
                   checkpoint, valid, since, until, sitting.id if sitting is not None else None,
                   convened, closed)
