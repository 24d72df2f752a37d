"""Petitions: a recall, a popular initiative, an extraordinary congress, opened by those who sign.

- A recall of a delegate is opened only by a petition of the constituency's electors (R8;
  RSFSR 1918 Art. 78: recall at any time), signed by the share the constitution declares
  (`[petitions.recall] share`); an elector alone cannot open one.
- A popular initiative puts a law to a council or a republic's congress once the share of its
  electors (`[petitions.initiative] share`) has signed.
- An extraordinary congress of a union is called on the demand of its member republics
  (USSR 1924 Art. 11: two union republics; `[petitions.congress] republics` or `share`).
- A proposal of an elector goes on their council's agenda (a motion opened there) once the
  share of its electors `[petitions.proposal] share` supports it (LiquidFeedback's quorum
  of supporters before an issue is admitted).

Each signature is an event of the ledger, one per signer; the signers who may sign are fixed
when the petition starts. The signature that reaches the threshold also records the effect,
in the same command: the recall or the law is opened as a question, the congress is called.
"""

from __future__ import annotations

from councils.domain.commands import OpenQuestion, SignPetition, StartPetition
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers import questions
from councils.domain.handlers.emit import Emitter
from councils.domain.petition import Petition
from councils.domain.ports import Context
from councils.domain.rules import r1_franchise, r6_no_rule_over_another, r8_recall
from councils.domain.state import Body, Polity, State

INITIATIVE = "constitution petitions.initiative"
CONGRESS = "constitution petitions.congress"
PROPOSAL = "constitution petitions.proposal"
ONE_SIGNATURE = "one signature"


def _body(state: State, ident: str | None, kind: str) -> Body:
    if ident is None:
        raise InvalidCommand(f"start_petition: a {kind} petition needs 'body'")
    body = state.bodies.get(ident)
    if body is None:
        raise NotFound("body", ident)
    return body


def start_petition(state: State, c: StartPetition, ctx: Context, emit: Emitter) -> None:
    if c.petition in state.petitions:
        raise Refused("exists", f"petition {c.petition!r} already exists")
    if c.person is not None and c.person not in state.persons:
        raise NotFound("person", c.person)
    question = c.question or c.petition
    if c.kind != "congress" and question in state.questions:
        raise Refused("exists", f"question {question!r} already exists")
    year = ctx.now.year
    if c.kind == "recall":
        polity, body, signers, details = _recall(state, c, year)
    elif c.kind == "initiative":
        polity, body, signers, details = _initiative(state, c, year)
    elif c.kind == "proposal":
        polity, body, signers, details = _proposal(state, c, year)
    else:
        polity, body, signers, details = _congress(state, c)
    if c.kind != "congress":
        details["question"] = question
    if not signers:
        raise Refused("empty roll", f"no one may sign a {c.kind} petition in {body.id} now")
    rule = polity.constitution.petition_rule(c.kind)
    details["share"] = str(rule.share) if rule.republics is None else None
    emit("PetitionStarted", f"petition:{c.petition}", polity.id, petition=c.petition, kind=c.kind,
         polity=polity.id, body=body.id, text=c.text,
         details={k: v for k, v in details.items() if v is not None},
         signers=signers, needed=rule.needed(len(signers)), started_by=c.person)


def _recall(state: State, c: StartPetition, year: int) -> tuple[Polity, Body, list[str], dict[str, object]]:
    body = _body(state, c.body, "recall")
    if body.kind == "assembly":
        raise Refused(Rule.R8, "a delegate is recalled by the electors of their constituency, "
                               "not by an assembly")
    r8_recall.check_recall(state, body, c.delegate)  # a seat this constituency filled; none open
    already = next((p.id for p in state.petitions.values() if p.kind == "recall"
                    and p.status == "open" and p.detail("delegate") == c.delegate), None)
    if already is not None:
        raise Refused(Rule.R8, f"a petition to recall {c.delegate} is already collecting signatures "
                               f"({already}); sign that one")
    return state.polities[body.polity], body, questions.electors(state, body, year), \
        {"delegate": c.delegate}


def _initiative(state: State, c: StartPetition, year: int
                ) -> tuple[Polity, Body, list[str], dict[str, object]]:
    body = _body(state, c.body, "initiative")
    polity = state.polities[body.polity]
    if polity.kind != "republic" or body.kind not in ("council", "congress"):
        raise Refused(INITIATIVE, f"a popular initiative puts a law to a council or to a republic's "
                                  f"congress by its electors; {body.id} is neither")
    r6_no_rule_over_another.check_target(state, body, _law(c, c.petition, body.id))
    if body.kind == "congress":  # every elector of the republic
        signers = sorted(p.id for p in state.persons.values()
                         if p.republic == polity.id and r1_franchise.is_elector(polity, p, year))
    else:
        signers = questions.electors(state, body, year)
    return polity, body, signers, {"competence": c.competence, "target": c.target}


def _proposal(state: State, c: StartPetition, year: int
              ) -> tuple[Polity, Body, list[str], dict[str, object]]:
    body = _body(state, c.body, "proposal")
    if body.kind != "council":
        raise Refused(PROPOSAL, f"an elector proposes a motion to their council; {body.id} is a "
                                f"{body.kind}")
    return state.polities[body.polity], body, questions.electors(state, body, year), {}


def _congress(state: State, c: StartPetition) -> tuple[Polity, Body, list[str], dict[str, object]]:
    union = state.polities.get(c.union or "")
    if union is None or union.kind != "union":
        raise NotFound("union", c.union or "")
    body = state.bodies[f"{union.id}/congress"]
    return union, body, sorted(union.members), {"union": union.id}


def _law(c: StartPetition | Petition, question: str, body: str) -> OpenQuestion:
    if isinstance(c, Petition):
        return OpenQuestion(question=question, body=body, kind="law", text=c.text,
                            competence=c.detail("competence"), target=c.detail("target"))
    return OpenQuestion(question=question, body=body, kind="law", text=c.text,
                        competence=c.competence, target=c.target)


def sign_petition(state: State, c: SignPetition, ctx: Context, emit: Emitter) -> None:
    p = state.petitions.get(c.petition)
    if p is None:
        raise NotFound("petition", c.petition)
    if p.status != "open":
        raise Refused("closed", f"petition {p.id} has already reached its {p.needed} signatures "
                                f"({p.succeeded_at}); it takes no more")
    signer = _signer(state, p, c)
    if signer in p.signatures:
        raise Refused(ONE_SIGNATURE, f"{signer} has already signed {p.id}")
    stream = f"petition:{p.id}"
    emit("PetitionSigned", stream, p.polity, petition=p.id, signer=signer)
    count = len(p.signatures) + 1
    if count < p.needed:
        return
    emit("PetitionSucceeded", stream, p.polity, petition=p.id, signatures=count, needed=p.needed,
         opens=p.detail("question") if p.kind != "congress" else p.body)
    if p.kind == "recall":
        questions.open_question(state, OpenQuestion(
            question=p.detail("question"), body=p.body, kind="recall", text=p.text,
            delegate=p.detail("delegate")), ctx, emit, by_petition=p.id)
    elif p.kind == "initiative":
        questions.open_question(state, _law(p, p.detail("question"), p.body), ctx, emit,
                                by_petition=p.id)
    elif p.kind == "proposal":  # on the agenda: the motion is open for the council's ballots
        questions.open_question(state, OpenQuestion(
            question=p.detail("question"), body=p.body, kind="motion", text=p.text), ctx, emit,
            by_petition=p.id)


def _signer(state: State, p: Petition, c: SignPetition) -> str:
    """Who signs, and whether they may: the signers were fixed when the petition started."""
    if p.kind == "congress":
        if c.republic is None or c.person is not None:
            raise InvalidCommand("sign_petition: a petition to call a congress is signed by a member "
                                 "'republic', not by a 'person'")
        if c.republic not in p.signers:
            raise Refused(CONGRESS, f"{c.republic} was not a member republic of {p.polity} when "
                                    f"{p.id} started; only its members call its congress")
        return c.republic
    if c.person is None or c.republic is not None:
        raise InvalidCommand(f"sign_petition: a {p.kind} petition is signed by an elector: give "
                             "'person'")
    if c.person not in p.signers:
        if c.person not in state.persons:
            raise NotFound("person", c.person)
        rule = Rule.R8 if p.kind == "recall" else Rule.R1
        raise Refused(rule, f"{c.person} is not an elector of {p.body}'s constituency on the list "
                            f"of {p.id} (fixed when it started); only they may sign it")
    return c.person
