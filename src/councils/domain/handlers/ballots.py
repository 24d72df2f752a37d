"""Casting a ballot: open ballots keep the name, secret ones go sealed to the ballot box."""

from __future__ import annotations

from councils.domain.commands import CastBallot
from councils.domain.errors import InvalidCommand, NotFound, Refused
from councils.domain.events import SealedBallot
from councils.domain.handlers import agenda
from councils.domain.handlers.emit import Emitter
from councils.domain.handlers.windows import check_ballot
from councils.domain.ports import Context
from councils.domain.rules import r1_franchise, r8_recall
from councils.domain.state import State


def cast_ballot(state: State, c: CastBallot, ctx: Context, emit: Emitter) -> None:
    q = state.questions.get(c.question)
    if q is None:
        raise NotFound("question", c.question)
    details = q.details  # (the guards below skip calls a plain open question does not need:
    if details.get("encrypted"):  # this is the busiest handler)
        raise Refused("encrypted ballot", f"{q.id} takes encrypted ballots only (cast_encrypted_ballot)")
    if q.status != "open" or "closes_at" in details:
        check_ballot(q, ctx.now)  # only inside its voting window
    if q.status != "open":
        raise Refused("closed", f"question {q.id} is closed ({q.outcome}); no ballot is taken after close")
    if q.id in state.amended_by:
        agenda.check_motion_free(state, q, "voting on it")  # amendments are voted first
    r8_recall.check_holds_seat(state, q, c.voter)  # a seat lost since the question opened (R8)
    if c.voter not in q.roll:
        r1_franchise.check_may_vote(state, q, c.voter, ctx.now.year)
    if c.voter in q.voted:
        raise Refused("one ballot", f"{c.voter} has already voted on {q.id}")
    prefs = c.preferences
    unknown = [p for p in prefs if p not in q.options]
    if unknown:
        raise InvalidCommand(f"cast_ballot: {unknown[0]!r} is not an option of {q.id} "
                             f"(options: {', '.join(q.options)})")
    if q.method in ("majority", "plurality") and len(prefs) != 1:
        raise InvalidCommand(f"cast_ballot: {q.id} is decided by {q.method}; give one 'choice'")
    if q.method in ("irv", "stv", "schulze", "ranked_pairs", "borda") and c.approve is not None:
        raise InvalidCommand(f"cast_ballot: {q.id} is counted by {q.method}; give a 'ranking'")
    if q.method == "approval" and c.ranking is not None:
        raise InvalidCommand(f"cast_ballot: {q.id} is counted by approval; give 'approve'")
    if q.method == "approval":  # a set has no order: kept in the options' order, so that the order
        prefs = tuple(o for o in q.options if o in prefs)  # cannot sign a ballot for a vote buyer
    if q.secret:
        receipt = ctx.new_receipt()
        emit("VoterParticipated", f"question:{q.id}", q.polity, question=q.id, voter=c.voter)
        emit.decision.sealed.append(SealedBallot(q.id, receipt, prefs))
        emit.decision.receipt = receipt
    else:
        emit("BallotCast", f"question:{q.id}", q.polity, question=q.id, voter=c.voter,
             preferences=list(prefs))
