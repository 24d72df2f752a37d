"""Opening a question: the rules that decide whether it may be put, and who may vote on it."""

from __future__ import annotations

from typing import Any

from councils.domain.amendments import amended_document
from councils.domain.commands import OpenQuestion
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers import agenda, nations
from councils.domain.handlers.emit import Emitter
from councils.domain.handlers.windows import window
from councils.domain.nations import national_roll
from councils.domain.ports import Context
from councils.domain.rules import (
    pyramid,
    r1_franchise,
    r3_right_of_separation,
    r4_labouring_classes,
    r5_voluntary_union,
    r6_no_rule_over_another,
    r7_apportionment,
    r8_recall,
    r10_entrenchment,
    treaty_competence,
    unions,
)
from councils.domain.state import Body, Polity, State

DECIDING_KINDS = ("motion", "law", "recall", "secession", "accession", "admission", "amendment")
YES_NO = ("yes", "no", "abstain")


def _roll(state: State, body: Body, year: int) -> list[str]:
    """Who may vote, decided once, when the question opens."""
    if body.kind in ("congress", "chamber") or pyramid.is_congress_of_delegates(state, body):
        return sorted({seat.person for seat in body.seats})
    republic = state.polities[body.polity]
    if body.kind == "assembly":
        minimum = republic.constitution.franchise.min_age
        return sorted(p.id for p in state.persons.values()
                      if p.republic == republic.id and year - p.born >= minimum and p.deprived is None)
    nationalities = national_roll(state, body.id)  # a scattered nation's council (domain/nations.py)
    if nationalities is not None:
        return sorted(p.id for p in state.persons.values() if p.republic == republic.id
                      and p.nationality in nationalities and r1_franchise.is_elector(republic, p, year))
    return sorted(p.id for p in state.residents_of(body.id)
                  if r1_franchise.is_elector(republic, p, year))


electors = _roll  # who may sign a petition in a body (handlers/petitions.py): its roll now


def open_question(state: State, c: OpenQuestion, ctx: Context, emit: Emitter,
                  by_petition: str | None = None) -> None:
    """`by_petition`: the petition that reached its threshold and opens it (handlers/petitions.py)."""
    if c.question in state.questions:
        raise Refused("exists", f"question {c.question!r} already exists")
    body = state.bodies.get(c.body)
    if body is None:
        raise NotFound("body", c.body)
    polity = state.polities[body.polity]
    year = ctx.now.year
    details: dict[str, Any] = {k: v for k, v in (
        ("competence", c.competence), ("target", c.target), ("union", c.union),
        ("republic", c.republic), ("delegate", c.delegate), ("amend", c.amend),
        ("matter", c.matter), ("answers", c.answers)) if v is not None}
    if c.answers is not None:
        answered = state.questions.get(c.answers)
        if answered is None:
            raise NotFound("question", c.answers)
        if state.bodies[answered.body].kind != "assembly":
            raise Refused(Rule.R2, f"{c.answers} is not an assembly's question; a council body answers "
                                   "an assembly, not another council body")
    if polity.kind == "union" and not unions.decides_own_membership(polity, body, c):
        r3_right_of_separation.check_union_question(polity, c)
        r3_right_of_separation.check_not_aimed_at_a_leaving_member(state, polity, c)
        if c.kind == "accession":
            raise Refused(Rule.R5, "only a republic's own congress decides to join a union")
    treaty = treaty_competence.delegated(state, body, c, ctx.now)  # a competence delegated by treaty
    if treaty is None:
        r6_no_rule_over_another.check_target(state, body, c)
    else:
        details["treaty"] = treaty
    nations.check_question(state, body, c, details)  # autonomous units' bodies; texts by language
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
        if by_petition is None:
            r8_recall.refuse_without_petition(polity, body, c.delegate)
    elif c.kind == "secession" and "separation" not in details:  # else a unit's (handlers/nations.py)
        _check_secession(state, polity, body)
        details["union"] = polity.union
    elif c.kind == "accession" and "stays_in" not in details:  # else a unit staying (handlers/nations.py)
        r5_voluntary_union.check_accession(state, body, c)
    elif c.kind == "admission":
        r5_voluntary_union.check_admission(state, body, c)
    elif c.kind == "amendment":
        _check_amendment(state, polity, body, c, details)
    if by_petition is not None:
        details["petition"] = by_petition
    details.update(agenda.check_amendment(state, body, c))  # amendments first (issue 15)
    rule = polity.constitution.rule_for(c.kind)
    if c.kind in DECIDING_KINDS:
        options = _yes_no(c)
    if options is None or (len(options) < 2 and c.kind != "election"):
        raise InvalidCommand(f"open_question: a {c.kind} needs at least two 'options'")
    if len(set(options)) != len(options):
        raise InvalidCommand("open_question: the options must be distinct")
    method = _method(c, rule.allowed, rule.method, polity, details)
    details.update(window(c, rule, ctx.now))
    roll = _roll(state, body, year)
    if not roll:
        raise Refused("empty roll", f"no one may vote in {body.id} now "
                                    f"({'no seated delegates' if body.kind != 'council' else 'no electors'})")
    if c.tellers is not None:  # an encrypted question (handlers/encrypted.py)
        from councils.domain.handlers.encrypted import opening

        details["encrypted"] = opening(polity, c, method, roll, emit.at)
    category = "congress" if body.kind in ("congress", "chamber") else body.kind
    if category in polity.constitution.secret_ballot_in:  # the voters' promise, fixed as it opens
        details["publish_minimum"] = polity.constitution.publish_minimum_turnout
    emit("QuestionOpened", f"question:{c.question}", polity.id, question=c.question, body=body.id,
         polity=polity.id, kind=c.kind, text=c.text, options=list(options), method=method,
         threshold=rule.threshold, quorum=str(rule.quorum),
         secret=category in polity.constitution.secret_ballot_in, roll=roll, details=details)


def _yes_no(c: OpenQuestion) -> tuple[str, ...]:
    """The options of a kind decided yes or no are the kind's, not the opener's."""
    if c.options is None or set(c.options) == set(YES_NO):
        return YES_NO
    if set(c.options) == {"yes", "no"}:
        return ("yes", "no")
    raise Refused(f"constitution questions.{c.kind}",
                  f"a {c.kind} is decided yes or no: its options are yes, no and abstain, "
                  f"not {', '.join(c.options)}")


def _method(c: OpenQuestion, allowed: tuple[str, ...], default: str, polity: Polity,
            details: dict[str, Any]) -> str:
    """The method, only among those the constitution allows for the kind (threshold and quorum
    are always the kind's)."""
    if c.method is not None and c.method not in allowed:
        raise Refused(f"constitution questions.{c.kind}.methods",
                      f"the constitution of {polity.id} decides a {c.kind} by "
                      f"{' or '.join(allowed)}, not by {c.method}")
    method = c.method or default
    if c.kind == "election" and method == "stv" and details["seats"] == 1 and "irv" in allowed:
        method = "irv"
    return method


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
    if republic.kind != "republic" and body.id != f"{republic.id}/congress":  # a union: by its congress
        raise Refused(Rule.R3, "only a member republic, or a member union by its own congress, secedes")
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
