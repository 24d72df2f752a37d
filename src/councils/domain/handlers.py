"""Decide what a command does: check it against the rules, return the events it causes.

Handlers never change the state; the application appends the events and only then
folds them in, so a refused command (or a failed append) leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution
from councils.domain.amendments import amended_document
from councils.domain.commands import (
    CastBallot,
    CloseQuestion,
    Command,
    ConveneAssembly,
    CreateCouncil,
    FoundRepublic,
    FoundUnion,
    OpenQuestion,
    RegisterPerson,
)
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.events import Event, SealedBallot
from councils.domain.ports import Context, CountRequest
from councils.domain.rules import (
    r1_franchise,
    r2_councils_over_assemblies,
    r3_right_of_separation,
    r4_labouring_classes,
    r5_voluntary_union,
    r6_no_rule_over_another,
    r7_apportionment,
    r8_recall,
    r10_entrenchment,
)
from councils.domain.state import Body, Polity, Question, State

DECIDING_KINDS = ("motion", "law", "recall", "secession", "accession", "admission", "amendment")
YES_NO = ("yes", "no", "abstain")


@dataclass
class Decision:
    """What one command produced: ledger events, sealed ballot contents, a voter's receipt."""

    events: list[Event] = field(default_factory=list)
    sealed: list[SealedBallot] = field(default_factory=list)
    receipt: str | None = None


class _Emitter:
    def __init__(self, now: datetime) -> None:
        self.at = now.isoformat(timespec="seconds")
        self.decision = Decision()

    def __call__(self, type_: str, stream: str, scope: str, **data: Any) -> None:
        self.decision.events.append(Event(type_, data, stream, scope, self.at))


def handle(state: State, command: Command, ctx: Context) -> Decision:
    handler = _HANDLERS[type(command)]
    emit = _Emitter(ctx.now)
    handler(state, command, ctx, emit)
    return emit.decision


# --- founding ----------------------------------------------------------------------------


def _constitution(doc: Any, polity: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise InvalidCommand(f"constitution of {polity} was not resolved to a document")
    try:
        load_constitution(doc, f"constitution of {polity}")
    except ConstitutionError as exc:
        raise InvalidCommand(str(exc)) from None
    return doc


def _free_id(state: State, ident: str) -> None:
    if "/" in ident:
        raise InvalidCommand(f"the id {ident!r} of a union or republic may not contain '/'")
    if ident in state.polities:
        raise Refused("exists", f"{ident!r} is already founded")


def _found_union(state: State, c: FoundUnion, ctx: Context, emit: _Emitter) -> None:
    _free_id(state, c.union)
    doc = _constitution(c.constitution, c.union)
    emit("UnionFounded", c.union, c.union, union=c.union, name=c.title or c.union, constitution=doc)
    _body(emit, f"{c.union}/congress", c.union, "congress", f"Congress of {c.title or c.union}")
    chamber = load_constitution(doc, c.union).union.second_chamber
    if chamber is not None:
        _body(emit, f"{c.union}/{chamber.name}", c.union, "chamber", chamber.name.capitalize())


def _found_republic(state: State, c: FoundRepublic, ctx: Context, emit: _Emitter) -> None:
    _free_id(state, c.republic)
    doc = _constitution(c.constitution, c.republic)
    emit("RepublicFounded", c.republic, c.republic, republic=c.republic, name=c.title or c.republic,
         constitution=doc)
    _body(emit, f"{c.republic}/congress", c.republic, "congress",
          f"Congress of Councils of {c.title or c.republic}")


def _body(emit: _Emitter, body: str, polity: str, kind: str, name: str, **extra: Any) -> None:
    emit("BodyCreated", body, polity, body=body, polity=polity, kind=kind, name=name, **extra)


def _republic(state: State, ident: str) -> Polity:
    polity = state.polities.get(ident)
    if polity is None or polity.kind != "republic":
        raise NotFound("republic", ident)
    return polity


def _body_id(republic: str, ident: str) -> str:
    return ident if "/" in ident else f"{republic}/{ident}"


def _create_council(state: State, c: CreateCouncil, ctx: Context, emit: _Emitter) -> None:
    republic = _republic(state, c.republic)
    council = _body_id(c.republic, c.council)
    if not council.startswith(f"{c.republic}/"):
        raise Refused(Rule.R6, f"{council} is not a body of {c.republic}")
    if council in state.bodies:
        raise Refused("exists", f"{council!r} already exists")
    if c.kind not in republic.constitution.council_kinds:
        raise InvalidCommand(f"create_council: the constitution of {c.republic} has no "
                             f"{c.kind!r} councils")
    within = None
    if c.within is not None:
        within = _body_id(c.republic, c.within)
        parent = state.bodies.get(within)
        if parent is None or parent.kind != "council":
            raise NotFound("council", within)
        if parent.polity != c.republic:
            raise Refused(Rule.R6, f"{within} belongs to {parent.polity}, not to {c.republic}")
    _body(emit, council, c.republic, "council", c.title or council.split("/", 1)[1],
          council_kind=c.kind, within=within)


def _register_person(state: State, c: RegisterPerson, ctx: Context, emit: _Emitter) -> None:
    if c.person in state.persons:
        raise Refused("exists", f"person {c.person!r} is already registered")
    council = state.bodies.get(c.council)
    if council is None or council.kind != "council":
        raise NotFound("council", c.council)
    if c.born > ctx.now.year or c.born < ctx.now.year - 150:
        raise InvalidCommand(f"register_person: 'born' must be a plausible year, got {c.born}")
    emit("PersonRegistered", f"person:{c.person}", council.polity, person=c.person,
         council=council.id, republic=council.polity, nationality=c.nationality,
         name=c.full_name, born=c.born, **{"class": c.social_class})


def _convene_assembly(state: State, c: ConveneAssembly, ctx: Context, emit: _Emitter) -> None:
    _republic(state, c.republic)
    assembly = _body_id(c.republic, c.assembly)
    if not assembly.startswith(f"{c.republic}/"):
        raise Refused(Rule.R6, f"{assembly} is not a body of {c.republic}")
    if assembly in state.bodies:
        raise Refused("exists", f"{assembly!r} already exists")
    _body(emit, assembly, c.republic, "assembly", f"Assembly of {c.republic}")


# --- questions ---------------------------------------------------------------------------


def _roll(state: State, body: Body, year: int) -> list[str]:
    """Who may vote, decided once, when the question opens."""
    if body.kind in ("congress", "chamber"):
        return sorted({seat.person for seat in body.seats})
    republic = state.polities[body.polity]
    if body.kind == "assembly":
        minimum = republic.constitution.franchise.min_age
        return sorted(p.id for p in state.persons.values()
                      if p.republic == republic.id and year - p.born >= minimum)
    return sorted(p.id for p in state.residents_of(body.id)
                  if r1_franchise.is_elector(republic, p, year))


def _open_question(state: State, c: OpenQuestion, ctx: Context, emit: _Emitter) -> None:
    if c.question in state.questions:
        raise Refused("exists", f"question {c.question!r} already exists")
    body = state.bodies.get(c.body)
    if body is None:
        raise NotFound("body", c.body)
    polity = state.polities[body.polity]
    year = ctx.now.year
    details: dict[str, Any] = {k: v for k, v in (
        ("competence", c.competence), ("target", c.target), ("union", c.union),
        ("republic", c.republic), ("delegate", c.delegate), ("amend", c.amend)) if v is not None}
    if polity.kind == "union":
        r3_right_of_separation.check_union_question(polity, c)
        if c.kind == "accession":
            raise Refused(Rule.R5, "only a republic's own congress decides to join a union")
    r6_no_rule_over_another.check_target(state, body, c)
    r4_labouring_classes.check_membership_body(body, c.kind)
    options = c.options
    if c.kind == "election":
        options = _check_election(state, body, polity, c, details, year)
    elif c.kind == "recall":
        if body.kind == "assembly":
            raise Refused(Rule.R8, "a delegate is recalled by the electors of their constituency, "
                                   "not by an assembly")
        target, seat = r8_recall.check_recall(state, body, c.delegate)
        details.update(seat_body=target.id, constituency=seat.constituency)
    elif c.kind == "secession":
        _check_secession(state, polity, body)
        details["union"] = polity.union
    elif c.kind == "accession":
        r5_voluntary_union.check_accession(state, body, c)
    elif c.kind == "admission":
        r5_voluntary_union.check_admission(state, body, c)
    elif c.kind == "amendment":
        _check_amendment(state, polity, body, c, details)
    if c.kind in DECIDING_KINDS and options is None:
        options = YES_NO
    if options is None or (len(options) < 2 and c.kind != "election"):
        raise InvalidCommand(f"open_question: a {c.kind} needs at least two 'options'")
    if len(set(options)) != len(options):
        raise InvalidCommand("open_question: the options must be distinct")
    rule = polity.constitution.rule_for(c.kind)
    method = c.method or rule.method
    if c.kind == "election" and method == "stv" and details["seats"] == 1:
        method = "irv"
    if method == "majority" and set(options) - set(YES_NO):
        method = "plurality" if c.method is None else method
        if c.method == "majority":
            raise InvalidCommand("open_question: method 'majority' takes the options yes/no/abstain")
    roll = _roll(state, body, year)
    if not roll:
        raise Refused("empty roll", f"no one may vote in {body.id} now "
                                    f"({'no seated delegates' if body.kind != 'council' else 'no electors'})")
    category = "congress" if body.kind in ("congress", "chamber") else body.kind
    emit("QuestionOpened", f"question:{c.question}", polity.id, question=c.question, body=body.id,
         polity=polity.id, kind=c.kind, text=c.text, options=list(options), method=method,
         threshold=rule.threshold, quorum=str(rule.quorum),
         secret=category in polity.constitution.secret_ballot_in, roll=roll, details=details)


def _check_election(state: State, body: Body, polity: Polity, c: OpenQuestion,
                    details: dict[str, Any], year: int) -> tuple[str, ...]:
    if body.kind == "assembly":
        raise Refused(Rule.R2, "delegates are elected by councils and congresses, not by an assembly")
    if c.to is None:
        raise InvalidCommand("open_question: an election needs 'to' (the body delegates go to)")
    target = state.bodies.get(c.to)
    if target is None:
        raise NotFound("body", c.to)
    if target.polity != body.polity and state.polities[target.polity].kind == "republic":
        raise Refused(Rule.R6, f"{body.id} cannot send delegates to {target.id}, a body of "
                               f"{target.polity}")
    details["seats"] = r7_apportionment.check_seats(state, body, target, c.seats, year)
    details["to"] = target.id
    details["constituency"] = r7_apportionment.constituency_of(state, body, target)
    if not c.options:
        raise InvalidCommand("open_question: an election needs 'options' (the candidates' person ids)")
    r1_franchise.check_candidates(state, state.polities[body.polity], c.options, year)
    return c.options


def _check_secession(state: State, republic: Polity, body: Body) -> None:
    if republic.kind != "republic":
        raise Refused(Rule.R3, "only a member republic secedes")
    if republic.union is None:
        raise Refused(Rule.R3, f"{republic.id} is not a member of any union; there is nothing to leave")
    if republic.seceding is not None:
        raise Refused(Rule.R3, f"{republic.id} has already decided to secede "
                               f"(effective {republic.seceding['effective_at']})")


def _check_amendment(state: State, polity: Polity, body: Body, c: OpenQuestion,
                     details: dict[str, Any]) -> None:
    if body.kind != "congress":
        raise Refused(Rule.R10, "a constitution is amended by the congress")
    if polity.kind == "republic" and c.union is not None:
        union = state.polities.get(c.union)
        if union is None or polity.union != union.id:
            raise Refused(Rule.R10, f"{polity.id} is not a member of {c.union}")
        amendment = next((q for q, p in state.amendments.items() if p["polity"] == union.id), None)
        r10_entrenchment.check_consent_question(state, polity, amendment)
        details["consent_to"] = amendment
        return
    if not c.amend:
        raise InvalidCommand("open_question: an amendment needs 'amend' (keys and new values)")
    amended_document(polity.document, c.amend, polity.id)
    if polity.kind == "union" and r10_entrenchment.touches_separation(c.amend) and any(
        p["polity"] == polity.id for p in state.amendments.values()
    ):
        raise Refused(Rule.R10, f"an amendment to the separation rule of {polity.id} is already "
                                "waiting for the members' consent")


def _cast_ballot(state: State, c: CastBallot, ctx: Context, emit: _Emitter) -> None:
    q = state.questions.get(c.question)
    if q is None:
        raise NotFound("question", c.question)
    if q.status != "open":
        raise Refused("closed", f"question {q.id} is closed ({q.outcome}); no ballot is taken after close")
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
    if q.method in ("irv", "stv") and c.approve is not None:
        raise InvalidCommand(f"cast_ballot: {q.id} is counted by {q.method}; give a 'ranking'")
    if q.method == "approval" and c.ranking is not None:
        raise InvalidCommand(f"cast_ballot: {q.id} is counted by approval; give 'approve'")
    if q.secret:
        receipt = ctx.new_receipt()
        emit("VoterParticipated", f"question:{q.id}", q.polity, question=q.id, voter=c.voter)
        emit.decision.sealed.append(SealedBallot(q.id, receipt, prefs))
        emit.decision.receipt = receipt
    else:
        emit("BallotCast", f"question:{q.id}", q.polity, question=q.id, voter=c.voter,
             preferences=list(prefs))


def _close_question(state: State, c: CloseQuestion, ctx: Context, emit: _Emitter) -> None:
    q = state.questions.get(c.question)
    if q is None:
        raise NotFound("question", c.question)
    if q.status != "open":
        raise Refused("closed", f"question {q.id} is already closed")
    stream = f"question:{q.id}"
    if q.secret:
        sealed = sorted(ctx.sealed_ballots(q.id), key=lambda b: b.receipt)
        if len(sealed) != len(q.voted):
            raise Refused("ballot box", f"{len(q.voted)} electors voted on {q.id} but the ballot box "
                                        f"holds {len(sealed)} ballots")
        emit("BallotsPublished", stream, q.polity, question=q.id,
             ballots=[{"receipt": b.receipt, "preferences": list(b.preferences)} for b in sealed])
        ballots = tuple(b.preferences for b in sealed)
    else:
        ballots = tuple(prefs for _, prefs in q.ballots)
    seats = int(q.detail("seats") or 1)
    count = ctx.count(CountRequest(q.id, q.method, q.options, ballots, seats, q.threshold,
                                   q.quorum, len(q.roll)))
    winners = tuple(count.get("winners", ()))
    outcome = str(count.get("outcome") or ", ".join(winners) or "no decision")
    body = state.bodies[q.body]
    advisory = r4_labouring_classes.advisory_reason(body, q.kind)
    overriding = None
    if body.kind == "assembly":
        overriding = r2_councils_over_assemblies.council_decision_on(state, q)
    binding = advisory is None and overriding is None
    emit("QuestionDecided", stream, q.polity, question=q.id, outcome=outcome, winners=list(winners),
         count=count, binding=binding, advisory=advisory)
    if overriding is not None:
        emit("DecisionOverridden", stream, q.polity, question=q.id, by=overriding.id)
    if body.kind != "assembly":
        for assembly_q in r2_councils_over_assemblies.assembly_decisions_overridden_by(state, q):
            emit("DecisionOverridden", f"question:{assembly_q.id}", assembly_q.polity,
                 question=assembly_q.id, by=q.id)
    if binding:
        _effects(state, q, winners, outcome, ctx, emit)


def _effects(state: State, q: Question, winners: tuple[str, ...], outcome: str, ctx: Context,
             emit: _Emitter) -> None:
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
    elif q.kind == "secession":
        union = q.detail("union")
        effective = r3_right_of_separation.effective_at(state.polities.get(union), polity, ctx.now)
        emit("SecessionDecided", polity.id, polity.id, republic=polity.id, union=union,
             question=q.id, effective_at=effective.isoformat(timespec="seconds"))
        if effective <= ctx.now:
            emit("RepublicSeceded", polity.id, polity.id, republic=polity.id, union=union,
                 question=q.id)
    elif q.kind == "accession":
        union = state.polities[q.detail("union")]
        emit("AccessionDecided", polity.id, polity.id, republic=polity.id, union=union.id,
             question=q.id)
        if r5_voluntary_union.joins_on_decision(union):
            emit("RepublicJoined", polity.id, polity.id, republic=polity.id, union=union.id,
                 question=q.id)
    elif q.kind == "admission":
        republic = q.detail("republic")
        emit("RepublicJoined", republic, republic, republic=republic, union=polity.id, question=q.id)
    elif q.kind == "amendment":
        _amendment_effects(state, q, polity, emit)


def _amendment_effects(state: State, q: Question, polity: Polity, emit: _Emitter) -> None:
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


def due(state: State, now: datetime) -> list[Event]:
    """Effects whose time has come: secessions whose notice period has run out."""
    at = now.isoformat(timespec="seconds")
    events = []
    for polity in state.polities.values():
        if polity.seceding and datetime.fromisoformat(polity.seceding["effective_at"]) <= now:
            events.append(Event("RepublicSeceded", {"republic": polity.id,
                                                    "union": polity.seceding["union"],
                                                    "question": polity.seceding["question"]},
                                polity.id, polity.id, at))
    return events


_HANDLERS: dict[type[Command], Callable[[State, Any, Context, _Emitter], None]] = {
    FoundUnion: _found_union,
    FoundRepublic: _found_republic,
    CreateCouncil: _create_council,
    RegisterPerson: _register_person,
    ConveneAssembly: _convene_assembly,
    OpenQuestion: _open_question,
    CastBallot: _cast_ballot,
    CloseQuestion: _close_question,
}
