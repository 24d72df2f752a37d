"""Closing a question: publish sealed ballots, count, decide whether it binds, apply its effects."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from councils.domain import residents
from councils.domain.amendments import amended_document
from councils.domain.commands import CloseQuestion
from councils.domain.errors import NotFound, Refused
from councils.domain.events import Event
from councils.domain.handlers import agenda, nations
from councils.domain.handlers.emit import Emitter
from councils.domain.handlers.questions import _roll
from councils.domain.handlers.windows import check_close, next_window, opening_due
from councils.domain.ports import Context, CountRequest
from councils.domain.rules import (
    pyramid,
    r2_councils_over_assemblies,
    r3_right_of_separation,
    r4_labouring_classes,
    r5_voluntary_union,
    r6_no_rule_over_another,
    r10_entrenchment,
    treaty_competence,
)
from councils.domain.state import Polity, Question, State


def close_question(state: State, c: CloseQuestion, ctx: Context, emit: Emitter) -> None:
    q = state.questions.get(c.question)
    if q is None:
        raise NotFound("question", c.question)
    check_close(q, ctx.now)  # a window's closing time, and who may close before it
    if q.status != "open":
        raise Refused("closed", f"question {q.id} is already closed")
    agenda.check_motion_free(state, q, "closing it")  # amendments are voted first
    if q.detail("encrypted"):  # its tellers decrypt the tally, then `decide` (handlers/encrypted.py)
        from councils.domain.handlers.encrypted import close_encrypted

        close_encrypted(state, q, ctx, emit)
        return
    stream = f"question:{q.id}"
    if q.secret:
        sealed = sorted(ctx.sealed_ballots(q.id), key=lambda b: b.receipt)
        if len(sealed) != len(q.voted):
            raise Refused("ballot box", f"{len(q.voted)} electors voted on {q.id} but the ballot box "
                                        f"holds {len(sealed)} ballots")
        # the minimum in force when it opened (the promise its voters voted under), so an
        # amendment passed while it is open cannot publish their ballots one by one
        minimum = int(q.detail("publish_minimum")
                      or state.polities[q.polity].constitution.publish_minimum_turnout)
        if len(sealed) >= minimum:
            emit("BallotsPublished", stream, q.polity, question=q.id,
                 ballots=[{"receipt": b.receipt, "preferences": list(b.preferences)} for b in sealed])
        else:  # too few to hide a voter among: the receipts (each voter finds theirs) and the totals
            emit("BallotsPublished", stream, q.polity, question=q.id,
                 ballots=[{"receipt": b.receipt} for b in sealed],
                 withheld=f"{len(sealed)} ballot(s) cast, fewer than the {minimum} below which the "
                          "constitution publishes a secret question's totals but not its ballots "
                          "one by one ([ballots] publish_minimum_turnout)")
        ballots = tuple(b.preferences for b in sealed)
    else:
        ballots = tuple(prefs for _, prefs in q.ballots)
    decide(state, q, ballots, ctx, emit)


POLL_ADVISORY = "an advisory poll: it asks the body's opinion and binds no one"


def decide(state: State, q: Question, ballots: tuple[tuple[str, ...], ...], ctx: Context, emit: Emitter,
           extra: dict[str, Any] | None = None) -> None:
    """Count the ballots and record the decision with its effects (`extra`: more for its count)."""
    stream = f"question:{q.id}"
    seats = int(q.detail("seats") or 1)
    count = ctx.count(CountRequest(q.id, q.method, q.options, ballots, seats, q.threshold,
                                   q.quorum, len(q.roll)))
    if extra:
        count = {**count, **extra}
    if q.detail("departed"):  # the roll changed while it was open (a member left the union)
        count = {**count, "departed": f"{', '.join(q.detail('departed'))} left the roll while the "
                                      f"question was open ({q.detail('departed_why')}); their "
                                      "ballots are not counted"}
    winners = tuple(count.get("winners", ()))
    outcome = str(count.get("outcome") or ", ".join(winners) or "no decision")
    if q.method != "majority" and not _quorate(q, len(ballots)):  # majority counts apply it themselves
        count = {**count, "quorum": f"{q.quorum} of {len(q.roll)} electors: {len(ballots)} ballot(s) "
                                     "cast, not met"}
        winners, outcome = (), "no quorum"
    body = state.bodies[q.body]
    advisory = ((POLL_ADVISORY if q.kind == "poll" else None)  # an advisory poll (issue 15)
                or r4_labouring_classes.advisory_reason(body, q.kind)
                or (treaty_competence.advisory_reason(state, q, ctx.now) if q.detail("treaty")  # issue 12
                    else r6_no_rule_over_another.advisory_reason(state, q)))
    overriding = None
    if body.kind == "assembly":
        overriding = r2_councils_over_assemblies.council_decision_on(state, q)
    binding = advisory is None and overriding is None
    emit("QuestionDecided", stream, q.polity, question=q.id, outcome=outcome, winners=list(winners),
         count=count, binding=binding, advisory=advisory)
    if overriding is not None:
        emit("DecisionOverridden", stream, q.polity, question=q.id, by=overriding.id,
             reason=r2_councils_over_assemblies.reason(overriding, q))
    if body.kind != "assembly":
        for assembly_q in r2_councils_over_assemblies.assembly_decisions_overridden_by(state, q):
            emit("DecisionOverridden", f"question:{assembly_q.id}", assembly_q.polity,
                 question=assembly_q.id, by=q.id, reason=r2_councils_over_assemblies.reason(q, assembly_q))
    if binding:
        _effects(state, q, winners, outcome, ctx, emit)
        agenda.amendment_effects(state, q, outcome, emit)


def _quorate(q: Question, cast: int) -> bool:
    """Whatever the method, a decision binds only if the kind's quorum of the roll voted."""
    return cast >= Fraction(q.quorum) * len(q.roll)


def _effects(state: State, q: Question, winners: tuple[str, ...], outcome: str, ctx: Context,
             emit: Emitter) -> None:
    """What a binding decision changes: seats, membership, the constitution."""
    polity = state.polities[q.polity]
    if q.kind == "election" and winners:
        target = state.bodies[q.detail("to")]
        emit("DelegatesSeated", target.id, target.polity, body=target.id,
             constituency=q.detail("constituency"), persons=list(winners), question=q.id)
        return
    if outcome != "yes":
        if q.kind == "amendment" and q.detail("consent_to"):
            emit("AmendmentRejected", f"question:{q.detail('consent_to')}", q.polity,
                 amendment=q.detail("consent_to"), republic=polity.id, question=q.id)
        return
    if q.kind == "recall":
        seat_body = state.bodies[q.detail("seat_body")]
        emit("DelegateRecalled", seat_body.id, seat_body.polity, body=seat_body.id,
             person=q.detail("delegate"), constituency=q.detail("constituency"), question=q.id)
        for above, seat in pyramid.mandates_above(state, q.detail("delegate"), seat_body.id):  # issue 12
            emit("DelegateRecalled", above.id, above.polity, body=above.id, person=seat.person,
                 constituency=seat.constituency, question=q.id, mandate_of=seat_body.id)
    elif q.detail("separation"):  # an autonomous unit separates, or stays in the union (handlers/nations.py)
        nations.separation_effects(state, q, emit)
    elif q.kind == "secession":
        union = q.detail("union")
        effective = r3_right_of_separation.effective_at(state.polities.get(union), polity, ctx.now)
        emit("SecessionDecided", polity.id, polity.id, republic=polity.id, union=union,
             question=q.id, effective_at=effective.isoformat(timespec="seconds"))
        if effective <= ctx.now:
            emit("RepublicSeceded", polity.id, polity.id, republic=polity.id, union=union,
                 question=q.id)
            for e in _amendments_completed(state, union, polity.id, ctx.now.isoformat(timespec="seconds")):
                emit.decision.events.append(e)
    elif q.kind == "accession":
        union = state.polities[q.detail("union")]
        emit("AccessionDecided", polity.id, polity.id, republic=polity.id, union=union.id,
             question=q.id)
        if r5_voluntary_union.joins_on_decision(state, union):
            emit("RepublicJoined", polity.id, polity.id, republic=polity.id, union=union.id,
                 question=q.id)
    elif q.kind == "admission":
        republic = q.detail("republic")
        emit("RepublicJoined", republic, republic, republic=republic, union=polity.id, question=q.id)
    elif q.kind == "amendment":
        _amendment_effects(state, q, polity, emit)


def _amendment_effects(state: State, q: Question, polity: Polity, emit: Emitter) -> None:
    consent_to = q.detail("consent_to")
    if consent_to:
        pending = state.amendments[consent_to]
        emit("AmendmentConsented", f"question:{consent_to}", polity.id, amendment=consent_to,
             republic=polity.id, question=q.id)
        if set(pending["awaiting"]) <= {*pending["consented"], polity.id}:
            union = state.polities[pending["polity"]]
            emit("ConstitutionAmended", union.id, union.id, polity=union.id, amendment=consent_to,
                 constitution=amended_document(union.document, pending["amend"], union.id))
        return
    amend = q.detail("amend")
    if polity.kind == "union" and r10_entrenchment.touches_separation(amend) and polity.members:
        emit("AmendmentPending", f"question:{q.id}", polity.id, question=q.id, polity=polity.id,
             amend=amend, awaiting=r10_entrenchment.members_to_consent(polity))
        return
    emit("ConstitutionAmended", polity.id, polity.id, polity=polity.id, amendment=q.id,
         constitution=amended_document(polity.document, amend, polity.id))


def _falls_due(polity: Polity) -> datetime | None:
    """When the polity's pending time-driven effect (a secession's notice running out) falls due."""
    return datetime.fromisoformat(polity.seceding["effective_at"]) if polity.seceding else None


def next_due(state: State) -> datetime | None:
    """When the next effect falls due, if any is waiting (what the scheduler sleeps until)."""
    times = [t for t in map(_falls_due, state.polities.values()) if t is not None]
    window = next_window(state)  # a question's window opening or closing
    if window is not None:
        times.append(window)
    sentence = residents.next_sentence_end(state)  # a deprivation for a fixed period ending
    if sentence is not None:
        times.append(sentence)
    return min(times) if times else None


def due(state: State, now: datetime) -> list[Event]:
    """Effects whose time has come: secessions whose notice period has run out.

    Each is recorded at the time it fell due (never before the last recorded event), not
    at the tick that noticed it: a secession decided in dated history takes effect at the
    end of its notice then, and later dated commands can still follow it.
    """
    events = []
    for polity in state.polities.values():
        when = _falls_due(polity)
        if polity.seceding and when is not None and when <= now:
            at = max(when.isoformat(timespec="seconds"), state.last_at)
            events.append(Event("RepublicSeceded", {"republic": polity.id,
                                                    "union": polity.seceding["union"],
                                                    "question": polity.seceding["question"]},
                                polity.id, polity.id, at))
            events.extend(_amendments_completed(state, polity.seceding["union"], polity.id, at))
    events.extend(opening_due(state, now, _roll))  # voting windows opening on time
    events.extend(residents.sentences_due(state, now))  # the vote back at a sentence's end
    return events


def _amendments_completed(state: State, union_id: str, republic: str, at: str) -> list[Event]:
    """R10: amendments that every remaining member has consented to, once `republic` has left."""
    union = state.polities[union_id]
    return [Event("ConstitutionAmended", {"polity": union.id, "amendment": question,
                                          "constitution": amended_document(
                                              union.document, state.amendments[question]["amend"],
                                              union.id)},
                  union.id, union.id, at)
            for question in r10_entrenchment.completed_by_departure(state, union_id, republic)]
