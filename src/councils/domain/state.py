"""The state of the union: a left fold over the ledger's events.

Nothing here decides anything; `apply` only records what an event says happened, so
that replaying the same events always rebuilds the same state (a tested property).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from councils.constitution.loader import load_constitution
from councils.constitution.schema import Constitution
from councils.domain.electorate import Roll, Turnout
from councils.domain.encrypted import FOLDS as ENCRYPTED_FOLDS
from councils.domain.encrypted import EncryptedQuestion
from councils.domain.events import Event
from councils.domain.nations import FOLDS as NATION_FOLDS
from councils.domain.nations import Nations
from councils.domain.petition import Petition
from councils.domain.sittings import FOLDS as SITTING_FOLDS
from councils.domain.sittings import Sitting


@dataclass
class Polity:
    """A union or a republic, with the constitution in force for it."""

    id: str
    kind: str  # "union" | "republic"
    name: str
    document: dict[str, Any]
    constitution: Constitution
    union: str | None = None  # republics: the union they belong to
    members: list[str] = field(default_factory=list)  # unions: member republics, in order of joining
    accession_decided: set[str] = field(default_factory=set)  # republics: unions they decided to join
    seceding: dict[str, Any] | None = None  # republics: a decided secession waiting for its notice
    timeline: list[dict[str, Any]] = field(default_factory=list)
    imported_from: str | None = None
    languages: tuple[str, ...] = ()  # declared (domain/nations.py); the web's default language


@dataclass
class Seat:
    person: str
    constituency: str  # the body (or, in a union congress, the republic) that elected the delegate
    question: str


@dataclass
class Body:
    id: str
    polity: str
    kind: str  # "congress" | "chamber" | "council" | "assembly"
    name: str
    council_kind: str | None = None
    within: str | None = None
    seats: list[Seat] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    """A registered resident. Slotted: a register holds millions of them."""

    id: str
    council: str
    republic: str
    nationality: str
    social_class: str
    born: int
    name: str | None = None
    deprived: str | None = None  # the ground on which a decision took their rights (residents.GROUNDS)


@dataclass
class Question:
    id: str
    body: str
    polity: str
    kind: str
    text: str
    options: tuple[str, ...]
    method: str
    threshold: str
    quorum: str
    secret: bool
    roll: Roll  # the electors when it opened (shared by questions opened on the same electorate)
    opened_at: str
    details: dict[str, Any]  # kind-specific fields: to, seats, delegate, union, republic, ...
    voted: Turnout = field(init=False)  # who has voted: a bit per elector on the roll
    ballots: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (voter or receipt, prefs)
    ballots_withheld: str | None = None  # why a secret question's ballots are not published one by one
    status: str = "open"
    outcome: str | None = None
    winners: tuple[str, ...] = ()
    count: dict[str, Any] | None = None
    binding: bool | None = None
    advisory: str | None = None
    overridden_by: str | None = None
    overridden_because: str | None = None
    decided_at: str | None = None

    def __post_init__(self) -> None:
        self.voted = Turnout(self.roll)

    def detail(self, key: str) -> Any:
        return self.details.get(key)

    def text_in(self, language: str | None) -> str:
        """Its text in `language` where it was given in it (`texts`, domain/nations.py), else its text."""
        texts = self.details.get("texts")
        return str(texts.get(language, self.text)) if texts and language else self.text


@dataclass
class State:
    polities: dict[str, Polity] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # council -> councils within
    residents: dict[str, list[str]] = field(default_factory=dict)  # council -> persons registered
    amendments: dict[str, dict[str, Any]] = field(default_factory=dict)  # pending R10 amendments
    petitions: dict[str, Petition] = field(default_factory=dict)  # domain/petition.py
    former: dict[str, Person] = field(default_factory=dict)  # residents who died or left (residents.py)
    moving: dict[str, dict[str, Any]] = field(default_factory=dict)  # person -> a move across republics
    sentences: dict[str, dict[str, str]] = field(default_factory=dict)  # person -> a deprivation's end
    comments: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # question/petition -> comments
    comment_ids: set[str] = field(default_factory=set)
    sittings: dict[str, Sitting] = field(default_factory=dict)  # sittings of bodies (domain/sittings.py)
    amended_by: dict[str, list[str]] = field(default_factory=dict)  # motion -> its amendments (agenda.py)
    nations: Nations = field(default_factory=Nations)  # autonomies, languages, territory, treaties
    encrypted: dict[str, EncryptedQuestion] = field(default_factory=dict)  # domain/encrypted.py
    position: int = 0
    last_at: str = ""  # the latest time recorded: a dated command is never earlier (handlers/dated.py)
    last_roll: dict[str, Roll] = field(default_factory=dict, compare=False, repr=False)  # body -> roll

    def roll_for(self, body: str, electors: list[str]) -> Roll:
        """The body's last roll if `electors` is the same list, else a new roll (then remembered)."""
        roll = self.last_roll.get(body)
        if roll is None or not roll.lists(electors):
            roll = self.last_roll[body] = Roll(electors)
        return roll

    def apply(self, event: Event) -> None:
        handler = _APPLY.get(event.type)
        if handler is not None:
            handler(self, event.data, event)
        if event.at > self.last_at:
            self.last_at = event.at
        self.position += 1

    def unapply(self, events: Sequence[Event]) -> bool:
        """Take back the last `events` applied, newest first, if each kind can be taken back.

        A transaction that fails after its events were folded in (a group decided command
        by command, each seeing the ones before it) must not leave the state ahead of the
        ledger. The kinds that fill a busy ledger (registrations, ballots, questions,
        councils) are taken back exactly; for any other kind this returns False having
        changed nothing, and the caller folds the state again from the ledger.
        """
        if any(e.type not in _UNAPPLY for e in events):
            return False
        for event in reversed(events):
            _UNAPPLY[event.type](self, event.data)
            self.position -= 1
        return True

    # --- read helpers used by the rules -------------------------------------------------

    def republic_of(self, body_id: str) -> Polity:
        return self.polities[self.bodies[body_id].polity]

    def subtree(self, council: str) -> list[str]:
        """A council and every council nested within it."""
        out, stack = [], [council]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(self.children.get(current, ()))
        return out

    def residents_of(self, council: str) -> list[Person]:
        return [self.persons[p] for c in self.subtree(council) for p in self.residents.get(c, ())]


def _union_founded(s: State, d: dict[str, Any], e: Event) -> None:
    doc = d["constitution"]
    s.polities[d["union"]] = Polity(d["union"], "union", d["name"], doc, load_constitution(doc, d["union"]))


def _republic_founded(s: State, d: dict[str, Any], e: Event) -> None:
    doc = d["constitution"]
    s.polities[d["republic"]] = Polity(d["republic"], "republic", d["name"], doc,
                                       load_constitution(doc, d["republic"]))


def _body_created(s: State, d: dict[str, Any], e: Event) -> None:
    s.bodies[d["body"]] = Body(d["body"], d["polity"], d["kind"], d["name"], d.get("council_kind"),
                               d.get("within"))
    if d.get("within"):
        s.children.setdefault(d["within"], []).append(d["body"])


_intern = sys.intern  # council, republic, nationality and class repeat across millions of residents


def _person_registered(s: State, d: dict[str, Any], e: Event) -> None:
    s.persons[d["person"]] = Person(d["person"], _intern(d["council"]), _intern(d["republic"]),
                                    _intern(d["nationality"]), _intern(d["class"]), d["born"],
                                    d.get("name"))
    s.residents.setdefault(d["council"], []).append(d["person"])


def _question_opened(s: State, d: dict[str, Any], e: Event) -> None:
    s.questions[d["question"]] = Question(
        id=d["question"], body=d["body"], polity=d["polity"], kind=d["kind"], text=d["text"],
        options=tuple(d["options"]), method=d["method"], threshold=d["threshold"],
        quorum=d["quorum"], secret=d["secret"], roll=s.roll_for(d["body"], d["roll"]), opened_at=e.at,
        details=dict(d.get("details", {})),
    )
    details = d.get("details", {})
    opens = details.get("opens_at")
    if opens is not None and datetime.fromisoformat(opens) > datetime.fromisoformat(e.at):  # a window to come
        s.questions[d["question"]].status = "scheduled"
    if "amends" in details:  # indexed: every ballot on the motion asks for its open amendments
        s.amended_by.setdefault(details["amends"], []).append(d["question"])


def _voting_opened(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.roll = s.roll_for(q.body, d["roll"])  # frozen when voting opens, not when it was announced
    q.voted = Turnout(q.roll)
    q.status = "open"


def _ballot_cast(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.voted.add(d["voter"])
    q.ballots.append((d["voter"], tuple(d["preferences"])))


def _voter_participated(s: State, d: dict[str, Any], e: Event) -> None:
    s.questions[d["question"]].voted.add(d["voter"])


def _ballots_published(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.ballots = [(b["receipt"], tuple(b.get("preferences", ()))) for b in d["ballots"]]
    q.ballots_withheld = d.get("withheld")  # below the constitution's minimum: receipts only


def _question_decided(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.status = "decided"
    q.outcome = d["outcome"]
    q.winners = tuple(d["winners"])
    q.count = d["count"]
    q.binding = d["binding"]
    q.advisory = d.get("advisory")
    q.decided_at = e.at


def _decision_overridden(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.binding = False
    q.overridden_by = d["by"]
    q.overridden_because = d.get("reason")


def _delegates_seated(s: State, d: dict[str, Any], e: Event) -> None:
    body = s.bodies[d["body"]]
    body.seats.extend(Seat(p, d["constituency"], d["question"]) for p in d["persons"])
    # A by-election fills a seat recalled while questions were open: the vote is the seat's (R8).
    for q in s.questions.values():
        vacated = (q.details.get("vacated") or {}).get(d["constituency"], 0)
        if q.body == body.id and q.status == "open" and vacated:
            joining = [p for p in d["persons"] if p not in q.roll][:vacated]
            if joining:
                _join_roll(q, joining, d["constituency"])


def _delegate_recalled(s: State, d: dict[str, Any], e: Event) -> None:
    body = s.bodies[d["body"]]
    body.seats = [seat for seat in body.seats
                  if not (seat.person == d["person"] and seat.constituency == d["constituency"])]
    for q in s.questions.values():  # the recalled delegate's vote leaves with the seat (R8)
        if q.body == body.id and q.status == "open" and d["person"] in q.roll:
            _leave_roll(q, {d["person"]}, f"{d['person']} was recalled by {d['constituency']}")
            vacated = dict(q.details.get("vacated") or {})
            vacated[d["constituency"]] = vacated.get(d["constituency"], 0) + 1
            q.details = {**q.details, "vacated": vacated}


def _join_roll(q: Question, persons: list[str], constituency: str) -> None:
    _reroll(q, [*q.roll, *persons])
    vacated = dict(q.details.get("vacated") or {})
    vacated[constituency] -= len(persons)
    q.details = {**q.details, "vacated": vacated,
                 "joined": sorted({*q.details.get("joined", []), *persons})}


def _secession_decided(s: State, d: dict[str, Any], e: Event) -> None:
    rep = s.polities[d["republic"]]
    rep.seceding = {"union": d["union"], "effective_at": d["effective_at"], "question": d["question"]}


def _republic_seceded(s: State, d: dict[str, Any], e: Event) -> None:
    rep = s.polities[d["republic"]]
    rep.union = None
    rep.seceding = None
    rep.accession_decided.discard(d["union"])
    rep.timeline.append({"event": "seceded", "union": d["union"], "at": e.at})
    union = s.polities.get(d["union"])
    if union is not None:
        union.members = [m for m in union.members if m != d["republic"]]
        union.timeline.append({"event": "seceded", "republic": d["republic"], "at": e.at})
        _unseat_republic(s, union.id, d["republic"])
    for pending in s.amendments.values():  # R10: a member that left is no longer asked to consent
        if pending["polity"] == d["union"] and d["republic"] in pending["awaiting"]:
            pending["awaiting"] = [r for r in pending["awaiting"] if r != d["republic"]]


def _unseat_republic(s: State, union: str, republic: str) -> None:
    """A republic that leaves takes its delegates out of every union body with it.

    A vote in a body of delegates belongs to the seat (R8): on the union's questions still
    open, the departed delegates leave the roll, and their ballots the count, at once; the
    question records who left and why, and its count says so.
    """
    for body in s.bodies.values():
        if body.polity != union:
            continue
        departed = {seat.person for seat in body.seats if seat.constituency == republic}
        body.seats = [seat for seat in body.seats if seat.constituency != republic]
        if not departed:
            continue
        for q in s.questions.values():
            if q.body == body.id and q.status == "open" and any(p in q.roll for p in departed):
                _leave_roll(q, departed, f"the delegates of {republic}, which left the union")


def _reroll(q: Question, electors: list[str]) -> None:
    """Give an open question a new roll, keeping the participation of those still on it."""
    voted = list(q.voted)
    q.roll = Roll(electors)
    q.voted = Turnout(q.roll)
    for person in voted:
        if person in q.roll:
            q.voted.add(person)


def _leave_roll(q: Question, departed: set[str], why: str) -> None:
    _reroll(q, [p for p in q.roll if p not in departed])
    q.ballots = [(voter, prefs) for voter, prefs in q.ballots if voter not in departed]
    q.details = {**q.details, "departed": sorted({*q.details.get("departed", []), *departed}),
                 "departed_why": why}


def _accession_decided(s: State, d: dict[str, Any], e: Event) -> None:
    s.polities[d["republic"]].accession_decided.add(d["union"])


def _republic_joined(s: State, d: dict[str, Any], e: Event) -> None:
    rep = s.polities[d["republic"]]
    rep.union = d["union"]
    rep.timeline.append({"event": "joined", "union": d["union"], "at": e.at})
    union = s.polities.get(d["union"])
    if union is not None:
        union.members.append(d["republic"])
        union.timeline.append({"event": "joined", "republic": d["republic"], "at": e.at})


def _amendment_pending(s: State, d: dict[str, Any], e: Event) -> None:
    s.amendments[d["question"]] = {"polity": d["polity"], "amend": d["amend"],
                                   "awaiting": list(d["awaiting"]), "consented": []}


def _amendment_consented(s: State, d: dict[str, Any], e: Event) -> None:
    pending = s.amendments.get(d["amendment"])  # absent in a republic's exported archive
    if pending is not None:
        pending["consented"].append(d["republic"])


def _amendment_rejected(s: State, d: dict[str, Any], e: Event) -> None:
    s.amendments.pop(d["amendment"], None)


def _constitution_amended(s: State, d: dict[str, Any], e: Event) -> None:
    polity = s.polities[d["polity"]]
    polity.document = d["constitution"]
    polity.constitution = load_constitution(d["constitution"], polity.id)
    s.amendments.pop(d.get("amendment", ""), None)


def _archive_imported(s: State, d: dict[str, Any], e: Event) -> None:
    rep = s.polities[d["republic"]]
    rep.union = None
    rep.seceding = None
    rep.imported_from = d["source_head"]


_APPLY = {
    "UnionFounded": _union_founded,
    "RepublicFounded": _republic_founded,
    "BodyCreated": _body_created,
    "PersonRegistered": _person_registered,
    "QuestionOpened": _question_opened,
    "VotingOpened": _voting_opened,
    "BallotCast": _ballot_cast,
    "VoterParticipated": _voter_participated,
    "BallotsPublished": _ballots_published,
    "QuestionDecided": _question_decided,
    "DecisionOverridden": _decision_overridden,
    "DelegatesSeated": _delegates_seated,
    "DelegateRecalled": _delegate_recalled,
    "SecessionDecided": _secession_decided,
    "RepublicSeceded": _republic_seceded,
    "AccessionDecided": _accession_decided,
    "RepublicJoined": _republic_joined,
    "AmendmentPending": _amendment_pending,
    "AmendmentConsented": _amendment_consented,
    "AmendmentRejected": _amendment_rejected,
    "ConstitutionAmended": _constitution_amended,
    "ArchiveImported": _archive_imported,
    **NATION_FOLDS,  # autonomies, languages, territory, treaties (domain/nations.py)
    **ENCRYPTED_FOLDS,  # encrypted questions (domain/encrypted.py)
    **SITTING_FOLDS,  # sittings of a body (domain/sittings.py)
}


def _petition_fold(fold: Any) -> Any:
    return lambda s, d, e: fold(s.petitions, d, e.at)


def _motion_amended(s: State, d: dict[str, Any], e: Event) -> None:
    q = s.questions[d["question"]]
    q.text = d["text"]
    q.details = {**q.details, "amended_by": [*q.details.get("amended_by", []), d["by"]]}


def _comment_posted(s: State, d: dict[str, Any], e: Event) -> None:
    s.comment_ids.add(d["comment"])
    s.comments.setdefault(d["subject"], []).append(
        {"comment": d["comment"], "person": d["person"], "text": d["text"], "at": e.at})


def _add_folds() -> None:
    """The folds of the petitions and of the living register, kept in their own modules."""
    from councils.domain import petition, residents

    _APPLY.update(residents.FOLDS)
    _APPLY["MotionAmended"] = _motion_amended
    _APPLY["CommentPosted"] = _comment_posted
    _APPLY.update({"PetitionStarted": _petition_fold(petition.started),
                   "PetitionSigned": _petition_fold(petition.signed),
                   "PetitionSucceeded": _petition_fold(petition.succeeded)})


_add_folds()


def _unregister(s: State, d: dict[str, Any]) -> None:
    del s.persons[d["person"]]
    s.residents[d["council"]].pop()


def _unparticipate(s: State, d: dict[str, Any]) -> None:
    s.questions[d["question"]].voted.discard(d["voter"])


def _uncast(s: State, d: dict[str, Any]) -> None:
    q = s.questions[d["question"]]
    q.voted.discard(d["voter"])
    q.ballots.pop()


def _unopen(s: State, d: dict[str, Any]) -> None:
    del s.questions[d["question"]]
    motion = d.get("details", {}).get("amends")
    if motion is not None:
        s.amended_by[motion].remove(d["question"])


def _uncreate(s: State, d: dict[str, Any]) -> None:
    del s.bodies[d["body"]]
    if d.get("within"):
        s.children[d["within"]].pop()


_UNAPPLY = {
    "PersonRegistered": _unregister,
    "VoterParticipated": _unparticipate,
    "BallotCast": _uncast,
    "QuestionOpened": _unopen,
    "BodyCreated": _uncreate,
}
