"""Read queries shared by the API and the web UI: plain JSON-ready dicts, built from the state.

One module answers every read so that the API and the pages cannot disagree about what
a question's participation is or which delegates sit where. Reads come from the
in-memory state (caught up from the ledger under the shared lock), which holds what the
projections hold and also the frozen rolls and the published ballots.

Secret ballots stay secret here too: before a question closes nothing is shown of any
ballot, only how many of the roll have voted; after close the ballots are shown as the
ledger publishes them, by receipt, in receipt order.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import RLock
from typing import Any, TypeVar

from councils.application.governance import Governance
from councils.application.nations_view import nations_of
from councils.application.pyramid_view import pyramid_of
from councils.application.treaties_view import holdings_of, treaties_of
from councils.constitution.schema import Constitution
from councils.domain.apportionment import sends_to
from councils.domain.errors import NotFound
from councils.domain.rules.r1_franchise import is_elector
from councils.domain.state import Body, Person, Polity, Question, State

T = TypeVar("T")
MAX_PAGE = 500


def _page(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


class Queries:
    def __init__(self, gov: Governance, lock: RLock | None = None) -> None:
        self.gov = gov
        self.lock = lock or RLock()

    def _read(self, fn: Callable[[State], T]) -> T:
        with self.lock:
            return fn(self.gov.state)

    def as_of(self) -> tuple[str, int]:
        """The time of the clock and the ledger position the state reflects, read together."""
        with self.lock:
            return self.gov.clock().isoformat(timespec="seconds"), self.gov.state.position

    def year(self) -> int:
        return self.gov.clock().year

    # --- unions and republics ---------------------------------------------------------

    def unions(self) -> list[dict[str, Any]]:
        return self._read(lambda s: [_polity_summary(s, p) for p in s.polities.values()
                                     if p.kind == "union"])

    def union(self, ident: str) -> dict[str, Any]:
        def read(s: State) -> dict[str, Any]:
            union = _polity(s, ident, "union")
            former = [e["republic"] for e in union.timeline
                      if e["event"] == "seceded" and e["republic"] not in union.members]
            return {
                **_polity_summary(s, union),
                "members": [_republic_ref(s, m) for m in union.members],
                "former_members": [_republic_ref(s, m) for m in dict.fromkeys(former)],
                "candidates": [_republic_ref(s, p.id) for p in s.polities.values()
                               if p.kind == "republic" and ident in p.accession_decided
                               and p.union is None],
                "timeline": [{**e, "republic_name": _name(s, e["republic"])} for e in union.timeline],
                "bodies": [_body_summary(s, b) for b in _bodies_of(s, ident)],
                "constitution": readable_constitution(union.constitution, union.document),
                "questions": [_question_summary(s, q) for q in s.questions.values()
                              if q.polity == ident],
                "pending_amendments": [
                    {"question": question, "amend": pending["amend"],
                     "consented": [_republic_ref(s, r) for r in pending["consented"]],
                     "awaiting": [_republic_ref(s, r) for r in pending["awaiting"]
                                  if r not in pending["consented"]]}
                    for question, pending in s.amendments.items() if pending["polity"] == ident],
            }

        return self._read(read)

    def republics(self) -> list[dict[str, Any]]:
        return self._read(lambda s: [_polity_summary(s, p) for p in s.polities.values()
                                     if p.kind == "republic"])

    def republic(self, ident: str) -> dict[str, Any]:
        year = self.year()

        def read(s: State) -> dict[str, Any]:
            rep = _polity(s, ident, "republic")
            councils = [b for b in _bodies_of(s, ident) if b.kind == "council"]
            return {
                **_polity_summary(s, rep),
                "seceding": rep.seceding,
                "accession_decided": sorted(rep.accession_decided),
                "imported_from": rep.imported_from,
                "timeline": rep.timeline,
                "bodies": [_body_summary(s, b) for b in _bodies_of(s, ident)],
                "council_tree": [_council_node(s, c, year) for c in councils if c.within is None],
                "congress": _body_detail(s, s.bodies[f"{ident}/congress"], year)
                if f"{ident}/congress" in s.bodies else None,
                "residents": sum(len(s.residents.get(c.id, ())) for c in councils),
                "constitution": readable_constitution(rep.constitution, rep.document),
                "questions": [_question_summary(s, q) for q in s.questions.values()
                              if q.polity == ident],
                "unions": [_polity_summary(s, p) for p in s.polities.values() if p.kind == "union"],
            }

        return self._read(read)

    # --- bodies and people ------------------------------------------------------------

    def bodies(self, polity: str | None = None) -> list[dict[str, Any]]:
        return self._read(lambda s: [_body_summary(s, b) for b in s.bodies.values()
                                     if polity is None or b.polity == polity])

    def body(self, ident: str) -> dict[str, Any]:
        year = self.year()

        def read(s: State) -> dict[str, Any]:
            body = s.bodies.get(ident)
            if body is None:
                raise NotFound("body", ident)
            return _body_detail(s, body, year)

        return self._read(read)

    def people(self, republic: str, council: str | None = None, offset: int = 0,
               limit: int = 100) -> dict[str, Any]:
        """The register of residents of a republic (or of one council and those within it)."""
        year = self.year()

        def read(s: State) -> dict[str, Any]:
            rep = _polity(s, republic, "republic")
            if council is not None:
                body = s.bodies.get(council)
                if body is None or body.polity != republic or body.kind != "council":
                    raise NotFound("council", council)
                people = s.residents_of(council)
            else:
                people = [p for p in s.persons.values() if p.republic == republic]
            page = people[max(0, offset):max(0, offset) + _page(limit)]
            return {"republic": republic, "council": council, "total": len(people),
                    "offset": max(0, offset), "people": [_person(rep, p, year) for p in page]}

        return self._read(read)

    def person(self, ident: str) -> dict[str, Any] | None:
        year = self.year()

        def read(s: State) -> dict[str, Any] | None:
            p = s.persons.get(ident)
            return _person(s.polities[p.republic], p, year) if p else None

        return self._read(read)

    def nations(self, ident: str) -> dict[str, Any]:
        """A polity's autonomous units, languages, territory and treaties (application/nations_view.py)."""
        now = self.gov.clock().isoformat(timespec="seconds")
        return self._read(lambda s: nations_of(s, ident, now))

    def pyramid(self, ident: str) -> dict[str, Any]:
        """A republic's congress pyramid: each level, its seats and who sent whom (application/pyramid_view.py)."""
        year = self.gov.clock().year
        return self._read(lambda s: pyramid_of(s, ident, year))

    def treaties(self, ident: str) -> dict[str, Any]:
        """A polity's treaties and the choices of its treaty forms (application/treaties_view.py)."""
        now = self.gov.clock().isoformat(timespec="seconds")
        return self._read(lambda s: treaties_of(s, ident, now))

    def holdings(self, ident: str) -> dict[str, Any]:
        """A republic's languages and territory, and the choices of their forms (application/treaties_view.py)."""
        return self._read(lambda s: holdings_of(s, ident))

    def polities(self) -> dict[str, dict[str, str]]:
        """Every polity's kind and name, for links and labels."""
        return self._read(lambda s: {p.id: {"kind": p.kind, "name": p.name}
                                     for p in s.polities.values()})

    def seats_of(self, person: str) -> list[dict[str, Any]]:
        return self._read(lambda s: [{**_seat(s, seat), "body": b.id, "body_name": b.name}
                                     for b in s.bodies.values() for seat in b.seats
                                     if seat.person == person])

    def question_form(self, body_id: str) -> dict[str, Any]:
        """What a form opening a question in this body can offer: where it sends delegates,
        who may stand (electors, R1), whom it may recall (R8), the default methods."""
        year = self.year()

        def read(s: State) -> dict[str, Any]:
            body = s.bodies.get(body_id)
            if body is None:
                raise NotFound("body", body_id)
            polity = s.polities[body.polity]
            targets = [_body_summary(s, b) for b in s.bodies.values() if sends_to(s, body, b)]
            if body.kind == "council":
                pool = s.residents_of(body.id)
            elif polity.kind == "republic":
                pool = [p for p in s.persons.values() if p.republic == polity.id]
            else:
                pool = []
            candidates = [_person(polity, p, year) for p in pool if is_elector(polity, p, year)]
            return {"body": _body_detail(s, body, year), "targets": targets,
                    "candidates": candidates[:MAX_PAGE], "recallable": _sent(s, body),
                    "methods": {k: r.method for k, r in polity.constitution.questions.items()},
                    "allowed": {k: list(r.allowed) for k, r in polity.constitution.questions.items()},
                    "polity_kind": polity.kind, "pending_amendment": _pending_for(s, polity)}

        return self._read(read)

    def open_ballots(self, person: str) -> list[dict[str, Any]]:
        """Open questions with this person on the roll, and whether they have voted."""
        return self._read(lambda s: [{**_question_summary(s, q), "voted": person in q.voted}
                                     for q in s.questions.values()
                                     if q.status == "open" and person in q.roll])

    # --- questions --------------------------------------------------------------------

    def questions(self, body: str | None = None, polity: str | None = None,
                  status: str | None = None) -> list[dict[str, Any]]:
        return self._read(lambda s: [
            _question_summary(s, q) for q in s.questions.values()
            if (body is None or q.body == body) and (polity is None or q.polity == polity)
            and (status is None or q.status == status)])

    def question(self, ident: str) -> dict[str, Any]:
        def read(s: State) -> dict[str, Any]:
            q = s.questions.get(ident)
            if q is None:
                raise NotFound("question", ident)
            return _question_detail(s, q)

        return self._read(read)

    def participation(self, ident: str) -> dict[str, Any]:
        return self._read(lambda s: _participation(_question(s, ident)))

    def has_voted(self, ident: str, person: str | None) -> bool:
        return person is not None and self._read(lambda s: person in _question(s, ident).voted)

    def receipt(self, question: str, receipt: str) -> dict[str, Any]:
        """Whether a secret ballot with this receipt is in the count (or sealed, awaiting it)."""
        def read(s: State) -> dict[str, Any]:
            q = _question(s, question)
            if q.detail("encrypted"):  # the receipt is the ballot's tracker (issue 14)
                from councils.application.encrypted_reads import tracker_check

                return tracker_check(s, q.id, receipt)
            if not q.secret:
                return {"question": q.id, "receipt": receipt, "found": False, "counted": False,
                        "message": f"{q.id} is an open ballot; votes are recorded by name"}
            if q.status == "open":
                found = self.gov.ledger.has_receipt(q.id, receipt)
                message = ("sealed in the ballot box; it will be published and counted when the "
                           "question closes" if found else "no ballot with this receipt")
                return {"question": q.id, "receipt": receipt, "found": found, "counted": False,
                        "status": q.status, "message": message}
            ballot = next((prefs for r, prefs in q.ballots if r == receipt), None)
            message = ("published with the count and counted" if ballot is not None
                       else "no ballot with this receipt was published")
            if ballot is not None and q.ballots_withheld:
                message = f"counted; the ballots are not published one by one: {q.ballots_withheld}"
            return {"question": q.id, "receipt": receipt, "found": ballot is not None,
                    "counted": ballot is not None, "status": q.status,
                    "preferences": list(ballot) if ballot is not None and not q.ballots_withheld
                    else None, "message": message}

        return self._read(read)

    # --- ledger -----------------------------------------------------------------------

    def ledger(self, after: int = 0, limit: int = 50) -> dict[str, Any]:
        limit = _page(limit)
        events = [r.to_json() for r in self.gov.ledger.read(after=max(0, after), limit=limit)]
        position, head = self.gov.ledger.head()
        nxt = events[-1]["position"] if events and events[-1]["position"] < position else None
        return {"after": max(0, after), "limit": limit, "events": events, "next_after": nxt,
                "head": {"position": position, "hash": head}}

    def verify(self) -> dict[str, Any]:
        v = self.gov.ledger.verify()
        return {"ok": v.ok, "events": v.events, "head": {"position": v.head_position,
                                                         "hash": v.head_hash},
                "first_bad": v.first_bad, "reason": v.reason}

    def head(self) -> dict[str, Any]:
        position, head = self.gov.ledger.head()
        return {"position": position, "hash": head}


# --- builders (pure functions of the state) ---------------------------------------------


def _polity(s: State, ident: str, kind: str) -> Polity:
    p = s.polities.get(ident)
    if p is None or p.kind != kind:
        raise NotFound(kind, ident)
    return p


def _question(s: State, ident: str) -> Question:
    q = s.questions.get(ident)
    if q is None:
        raise NotFound("question", ident)
    return q


def _name(s: State, ident: str) -> str:
    p = s.polities.get(ident)
    return p.name if p else ident


def _republic_ref(s: State, ident: str) -> dict[str, Any]:
    return {"id": ident, "name": _name(s, ident)}


def _person_name(s: State, ident: str) -> str:
    p = s.persons.get(ident)
    return (p.name or p.id) if p else ident


def _bodies_of(s: State, polity: str) -> list[Body]:
    return [b for b in s.bodies.values() if b.polity == polity]


def _polity_summary(s: State, p: Polity) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "kind": p.kind, "name": p.name,
                           "constitution_name": p.constitution.name,
                           "constitution_title": p.constitution.title}
    if p.kind == "union":
        out["member_ids"] = list(p.members)
    else:
        out["union"] = p.union
        out["seceding"] = p.seceding
    return out


def _seat(s: State, seat: Any) -> dict[str, Any]:
    return {"person": seat.person, "name": _person_name(s, seat.person),
            "constituency": seat.constituency, "constituency_name": _constituency_name(s, seat.constituency),
            "question": seat.question}


def _constituency_name(s: State, ident: str) -> str:
    if ident in s.bodies:
        return s.bodies[ident].name
    return _name(s, ident)


def _body_summary(s: State, b: Body) -> dict[str, Any]:
    return {"id": b.id, "polity": b.polity, "kind": b.kind, "name": b.name,
            "council_kind": b.council_kind, "within": b.within,
            "delegates": [_seat(s, seat) for seat in b.seats]}


def _electors(s: State, b: Body, year: int) -> tuple[int, int]:
    if b.kind != "council":
        return 0, 0
    republic = s.polities[b.polity]
    people = s.residents_of(b.id)
    return sum(1 for p in people if is_elector(republic, p, year)), len(people)


def _sent(s: State, b: Body) -> list[dict[str, Any]]:
    """Delegates this body has sent to the bodies above it (their seats name it as constituency)."""
    out = []
    for other in s.bodies.values():
        for seat in other.seats:
            if seat.constituency == b.id or (b.kind == "congress" and seat.constituency == b.polity
                                             and other.polity != b.polity):
                out.append({**_seat(s, seat), "body": other.id, "body_name": other.name})
    return out


def _body_detail(s: State, b: Body, year: int) -> dict[str, Any]:
    electors, inhabitants = _electors(s, b, year)
    return {
        **_body_summary(s, b),
        "polity_name": _name(s, b.polity),
        "polity_kind": s.polities[b.polity].kind,
        "children": [_body_summary(s, s.bodies[c]) for c in s.children.get(b.id, ())],
        "electors": electors,
        "inhabitants": inhabitants,
        "sends": _sent(s, b),
        "questions": [_question_summary(s, q) for q in s.questions.values() if q.body == b.id],
    }


def _council_node(s: State, b: Body, year: int) -> dict[str, Any]:
    electors, inhabitants = _electors(s, b, year)
    return {**_body_summary(s, b), "electors": electors, "inhabitants": inhabitants,
            "sends": _sent(s, b),
            "children": [_council_node(s, s.bodies[c], year) for c in s.children.get(b.id, ())]}


def _person(republic: Polity, p: Person, year: int) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "council": p.council, "republic": p.republic,
            "nationality": p.nationality, "class": p.social_class, "born": p.born,
            "elector": is_elector(republic, p, year)}


def _participation(q: Question) -> dict[str, Any]:
    electorate = len(q.roll)
    voted = len(q.voted)
    return {"voted": voted, "electorate": electorate,
            "turnout": round(voted / electorate, 4) if electorate else 0.0}


def _option_label(s: State, q: Question, option: str) -> str:
    if q.kind == "election" and option in s.persons:
        return f"{_person_name(s, option)} ({option})"
    return option


def _question_summary(s: State, q: Question) -> dict[str, Any]:
    return {"id": q.id, "body": q.body, "body_name": s.bodies[q.body].name, "polity": q.polity,
            "kind": q.kind, "text": q.text, "method": q.method, "status": q.status,
            "secret": q.secret, "outcome": q.outcome, "binding": q.binding,
            "overridden_by": q.overridden_by, "overridden_because": q.overridden_because,
            "participation": _participation(q),
            "opened_at": q.opened_at, "decided_at": q.decided_at}


def _question_detail(s: State, q: Question) -> dict[str, Any]:
    body = s.bodies[q.body]
    out: dict[str, Any] = {
        **_question_summary(s, q),
        "body_kind": body.kind,
        "polity_name": _name(s, q.polity),
        "options": [{"id": o, "label": _option_label(s, q, o)} for o in q.options],
        "threshold": q.threshold, "quorum": q.quorum,
        "details": q.details,
        "ballot": "ranking" if q.method in ("irv", "stv", "schulze", "ranked_pairs", "borda") else (
            "approve" if q.method == "approval" else "choice"),
    }
    if q.status != "open":
        out.update(
            winners=[{"id": w, "label": _option_label(s, q, w)} for w in q.winners],
            advisory=q.advisory, count=q.count,
            ballots=[] if q.ballots_withheld else [
                {("receipt" if q.secret else "voter"): who, "preferences": list(prefs)}
                for who, prefs in q.ballots],
            ballots_withheld=q.ballots_withheld,
        )
    return out


# --- the constitution, for reading -------------------------------------------------------


def _article(doc: dict[str, Any], *path: str) -> str | None:
    node: Any = doc
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    if isinstance(node, dict):
        value = node.get("article")
        return str(value) if value else None
    return None


def readable_constitution(c: Constitution, doc: dict[str, Any]) -> dict[str, Any]:
    """The constitution as sections a reader can follow, each with its article where cited."""
    apportionment = []
    for level, rules in c.apportionment.items():
        raw = doc.get("apportionment", {}).get(level, []) if isinstance(doc, dict) else []
        for i, r in enumerate(rules):
            article = raw[i].get("article") if i < len(raw) and isinstance(raw[i], dict) else None
            apportionment.append({
                "level": level, "source": r.source, "basis": r.basis, "per": r.per,
                "minimum": r.minimum, "cap": r.cap, "verified": r.verified, "article": article,
                "text": (f"a {r.source} sends 1 delegate per {r.per:,} {r.basis}, at least "
                         f"{r.minimum}" + (f", at most {r.cap}" if r.cap else "")),
            })
    chamber = c.union.second_chamber
    head = doc.get("constitution", {}) if isinstance(doc, dict) else {}
    return {
        "name": c.name, "title": c.title,
        "sources": list(head.get("sources", [])) if isinstance(head, dict) else [],
        "franchise": {"enfranchised": list(c.franchise.enfranchised),
                      "excluded": list(c.franchise.excluded), "min_age": c.franchise.min_age},
        "council_kinds": list(c.council_kinds),
        "apportionment": apportionment,
        "questions": [{"kind": kind, "method": rule.method, "threshold": rule.threshold,
                       "quorum": str(rule.quorum), "article": _article(doc, "questions", kind)}
                      for kind, rule in c.questions.items()],
        "secession": {"notice_days": c.secession.notice_days,
                      "article": _article(doc, "secession")},
        "accession": {"admission": c.accession.admission, "article": _article(doc, "accession")},
        "union": {"competences": list(c.union.competences),
                  "second_chamber": {"name": chamber.name,
                                     "seats_per_republic": chamber.seats_per_republic}
                  if chamber else None},
        "secret_ballot_in": list(c.secret_ballot_in),
    }


def _pending_for(s: State, polity: Polity) -> dict[str, Any] | None:
    """The union amendment (R10) this republic is asked to consent to, if any is waiting for it."""
    if polity.kind != "republic" or polity.union is None:
        return None
    for question, pending in s.amendments.items():
        if pending["polity"] == polity.union and polity.id in pending["awaiting"] \
                and polity.id not in pending["consented"]:
            return {"question": question, "union": polity.union, "amend": pending["amend"]}
    return None
