"""Projections in SQL tables: what the CLI, API and web read, rebuilt from the ledger at will.

Rows are written in the same transaction as the events that changed them, together
with the position they reflect, so a projection is never ahead of or behind its ledger.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from councils.adapters.codec import RecordedEvent
from councils.adapters.sql_ledger import insert_columns, insert_rows
from councils.adapters.tables import (
    PROJECTION_TABLES,
    bodies,
    delegates,
    persons,
    polities,
    projection_position,
    questions,
)
from councils.domain.state import Body, Person, Polity, Question, State

NAME = "main"


def _touched(events: Iterable[RecordedEvent]) -> tuple[set[str], set[str], dict[str, None],
                                                       set[str], set[str], set[str]]:
    """Polities, bodies, persons, questions touched; questions touched by ballots alone; unions left."""
    pol: set[str] = set()
    bod: set[str] = set()
    per: dict[str, None] = {}  # in ledger order (a set would be in hash order, unsorted)
    que: set[str] = set()
    voted: set[str] = set()
    left: set[str] = set()
    for r in events:
        d = r.event.data
        kind = r.event.type
        if kind == "PersonRegistered":  # the bulk of a register: the same sets, quicker
            pol.add(d["republic"])
            pol.add(r.event.scope)
            per[d["person"]] = None
            continue
        if kind in ("VoterParticipated", "BallotCast"):  # a ballot changes its turnout only
            voted.add(d["question"])
            continue
        pol.update(v for k in ("union", "republic", "polity") if isinstance(v := d.get(k), str))
        pol.add(r.event.scope)
        bod.update(v for k in ("body",) if isinstance(v := d.get(k), str))
        if isinstance(d.get("question"), str):
            que.add(d["question"])
        if r.event.type in ("AmendmentConsented", "AmendmentRejected"):
            que.add(d["amendment"])
        elif kind == "RepublicSeceded":
            left.add(d["union"])
    return pol, bod, per, que, voted - que, left


class SqlProjections:
    """Keeps the projection tables in step with the in-memory state."""

    def write(self, conn: Connection, state: State, recorded: list[RecordedEvent]) -> None:
        if not recorded:
            return
        pol, bod, per, que, voted, left = _touched(recorded)
        for pid in pol:
            if pid in state.polities:
                self._polity(conn, state.polities[pid])
        if left:  # a leaving republic's delegates leave every union body with it
            bod.update(b.id for b in state.bodies.values() if b.polity in left)
        for bid in bod:
            if bid in state.bodies:
                self._body(conn, state.bodies[bid])
        if per:
            people = state.persons
            insert_rows(conn, "persons", PERSON_COLUMNS, [_person_tuple(people[p]) for p in per])
        for qid in que:
            if qid in state.questions:
                self._question(conn, state.questions[qid])
        turnout = [(len(state.questions[q].voted), q) for q in sorted(voted) if q in state.questions]
        if turnout:  # ballots alone: the rest of the row is as it was
            mark = "%s" if conn.dialect.name == "postgresql" else "?"
            conn.exec_driver_sql(f"UPDATE questions SET participation = {mark} WHERE id = {mark}",
                                 turnout if len(turnout) > 1 else turnout[0])
        self._position(conn, recorded[-1].position)

    def write_persons(self, conn: Connection, columns: Sequence[Sequence[Any]], position: int) -> None:
        """Residents just registered, up to ledger `position`: `columns[k]` holds `PERSON_COLUMNS[k]`.

        What `write` does for a batch of `PersonRegistered` events alone, for a bulk
        importer that has the values at hand, a column at a time: a registration changes
        no other table.
        """
        insert_columns(conn, "persons", PERSON_COLUMNS, columns)
        self._position(conn, position)

    def rebuild(self, conn: Connection, state: State) -> None:
        for table in PROJECTION_TABLES:
            conn.execute(delete(table))
        for polity in state.polities.values():
            self._polity(conn, polity)
        for body in state.bodies.values():
            self._body(conn, body)
        rows = [_person_tuple(p) for p in state.persons.values()]
        for i in range(0, len(rows), 50000):
            insert_rows(conn, "persons", PERSON_COLUMNS, rows[i:i + 50000])
        for q in state.questions.values():
            self._question(conn, q)
        self._position(conn, state.position)

    def _position(self, conn: Connection, position: int) -> None:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"  # every append: no SQL compiler
        done = conn.exec_driver_sql(f"UPDATE projection_position SET position = {mark} "
                                    f"WHERE name = {mark}", (position, NAME))
        if done.rowcount == 0:
            conn.execute(insert(projection_position).values(name=NAME, position=position))

    def _polity(self, conn: Connection, p: Polity) -> None:
        conn.execute(delete(polities).where(polities.c.id == p.id))
        conn.execute(insert(polities).values(
            id=p.id, kind=p.kind, name=p.name, union_id=p.union, constitution=p.constitution.name,
            doc=json.dumps({"members": p.members, "timeline": p.timeline, "seceding": p.seceding,
                            "accession_decided": sorted(p.accession_decided),
                            "imported_from": p.imported_from, "document": p.document})))

    def _body(self, conn: Connection, b: Body) -> None:
        conn.execute(delete(bodies).where(bodies.c.id == b.id))
        conn.execute(insert(bodies).values(id=b.id, polity=b.polity, kind=b.kind, name=b.name,
                                           council_kind=b.council_kind, within=b.within))
        conn.execute(delete(delegates).where(delegates.c.body == b.id))
        if b.seats:
            conn.execute(insert(delegates), [
                {"body": b.id, "person": s.person, "constituency": s.constituency,
                 "question": s.question} for s in b.seats])

    def _question(self, conn: Connection, q: Question) -> None:
        conn.execute(delete(questions).where(questions.c.id == q.id))
        conn.execute(insert(questions).values(
            id=q.id, body=q.body, polity=q.polity, kind=q.kind, status=q.status, outcome=q.outcome,
            binding=q.binding, overridden_by=q.overridden_by, participation=len(q.voted),
            electorate=len(q.roll), doc=json.dumps(_question_doc(q))))

    # --- reading ---------------------------------------------------------------------

    def position(self, conn: Connection) -> int:
        row = conn.execute(select(projection_position.c.position)
                           .where(projection_position.c.name == NAME)).first()
        return int(row[0]) if row else 0

    def snapshot(self, conn: Connection) -> dict[str, Any]:
        """The whole projected state as plain JSON, the form `councils state --json` prints."""
        out: dict[str, Any] = {"position": self.position(conn), "unions": {}, "republics": {},
                               "bodies": {}, "questions": {}, "persons": {}}
        for row in conn.execute(select(polities).order_by(polities.c.id)):
            doc = json.loads(row.doc)
            entry = {"name": row.name, "constitution": row.constitution}
            if row.kind == "union":
                entry.update(members=doc["members"], timeline=doc["timeline"])
                out["unions"][row.id] = entry
            else:
                entry.update(union=row.union_id, seceding=doc["seceding"], timeline=doc["timeline"],
                             imported_from=doc["imported_from"])
                out["republics"][row.id] = entry
        seats: dict[str, list[dict[str, str]]] = {}
        for row in conn.execute(select(delegates).order_by(delegates.c.body, delegates.c.question,
                                                           delegates.c.person)):
            seats.setdefault(row.body, []).append(
                {"person": row.person, "constituency": row.constituency, "question": row.question})
        for row in conn.execute(select(bodies).order_by(bodies.c.id)):
            out["bodies"][row.id] = {"polity": row.polity, "kind": row.kind, "name": row.name,
                                     "council_kind": row.council_kind, "within": row.within,
                                     "delegates": seats.get(row.id, [])}
        for row in conn.execute(select(questions).order_by(questions.c.id)):
            out["questions"][row.id] = {
                "body": row.body, "kind": row.kind, "status": row.status, "outcome": row.outcome,
                "binding": row.binding, "overridden_by": row.overridden_by,
                "participation": row.participation, "electorate": row.electorate,
                **json.loads(row.doc)}
        for row in conn.execute(select(persons.c.republic, persons.c.council)):
            counts = out["persons"].setdefault(row.republic, {})
            counts[row.council] = counts.get(row.council, 0) + 1
        return out


PERSON_COLUMNS = ("id", "council", "republic", "nationality", "class", "born", "name")


def _person_tuple(p: Person) -> tuple[Any, ...]:
    return (p.id, p.council, p.republic, p.nationality, p.social_class, p.born, p.name)


def _question_doc(q: Question) -> dict[str, Any]:
    return {"text": q.text, "options": list(q.options), "method": q.method,
            "threshold": q.threshold, "quorum": q.quorum, "secret": q.secret,
            "details": q.details, "winners": list(q.winners), "advisory": q.advisory,
            "opened_at": q.opened_at, "decided_at": q.decided_at, "count": q.count}
