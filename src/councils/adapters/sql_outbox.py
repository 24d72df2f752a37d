"""The outbox of notices on SQLite or PostgreSQL (the tables of `notice_tables`).

Notices are inserted on the ledger writer's own connection (`insert_notices`, called by
`LedgerWriter.add_notices`), so they commit or roll back with the events that caused them:
never a notice for a command that did not commit, never a command without its notice.
Everything else (preferences, deliveries, the fan-out cursor) is the notice worker's and
the person's page's, in short transactions of its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from councils.adapters.notice_tables import notice_cursor, notice_deliveries, notice_preferences, notices
from councils.application.ports import NOTICE_KINDS, Delivery, Notice, NoticeDraft, Preferences


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def insert_notices(conn: Connection, drafts: Sequence[NoticeDraft]) -> None:
    """Insert `drafts`, skipping any whose key is already there (a notice is written once)."""
    if not drafts:
        return
    rows = [{"key": d.key, "kind": d.kind, "position": d.position, "subject": d.subject, "at": d.at,
             "data": json.dumps(d.data, sort_keys=True)} for d in drafts]
    conn.execute(_insert(conn)(notices).values(rows).on_conflict_do_nothing(index_elements=["key"]))


def _notice(row: Any) -> Notice:
    return Notice(row.kind, row.key, row.position, row.subject, row.at, json.loads(row.data), row.id)


def _delivery(row: Any) -> Delivery:
    return Delivery(row.id, row.notice, row.person, row.address, row.status, row.attempts,
                    row.next_attempt, row.error, row.sent_at)


class SqlOutbox:
    """`Outbox` on the ledger's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def notices(self, after: int = 0, limit: int = 500) -> list[Notice]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notices).where(notices.c.id > after)
                                .order_by(notices.c.id).limit(limit))
            return [_notice(r) for r in rows]

    def notice_keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        with self.engine.connect() as conn:
            return set(conn.execute(select(notices.c.key).where(notices.c.key.in_(list(keys)))).scalars())

    def last_notice(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(notices.c.id))).scalar() or 0)

    def add_notices_now(self, drafts: Sequence[NoticeDraft]) -> None:
        with self.engine.begin() as conn:
            insert_notices(conn, drafts)

    def preferences(self, person: str) -> Preferences:
        with self.engine.connect() as conn:
            row = conn.execute(select(notice_preferences)
                               .where(notice_preferences.c.person == person)).first()
        if row is None:
            return Preferences(person)
        return Preferences(person, row.address, tuple(k for k in row.kinds.split(",") if k), row.since,
                           row.language)

    def set_preferences(self, preferences: Preferences) -> None:
        values = {"person": preferences.person, "address": preferences.address,
                  "kinds": ",".join(preferences.kinds), "since": preferences.since,
                  "language": preferences.language}
        with self.engine.begin() as conn:
            stmt = _insert(conn)(notice_preferences).values(values)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["person"],
                set_={"address": stmt.excluded.address, "kinds": stmt.excluded.kinds,
                      "since": stmt.excluded.since, "language": stmt.excluded.language}))

    def subscribers(self, kind: str) -> dict[str, tuple[str, int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notice_preferences)
                                .where(notice_preferences.c.address.is_not(None)))
            return {r.person: (r.address, r.since) for r in rows if kind in r.kinds.split(",")}

    def fanned_out(self) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(select(notice_cursor.c.fanned_out)
                                 .where(notice_cursor.c.id == 1)).scalar()
        return int(value or 0)

    def add_deliveries(self, notice: int, recipients: Sequence[tuple[str, str]], now: str) -> None:
        with self.engine.begin() as conn:
            if recipients:
                conn.execute(notice_deliveries.insert(), [
                    {"notice": notice, "person": person, "address": address, "status": "pending",
                     "attempts": 0, "next_attempt": now} for person, address in recipients])
            stmt = _insert(conn)(notice_cursor).values(id=1, fanned_out=notice)
            conn.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                    set_={"fanned_out": stmt.excluded.fanned_out}))

    def due_deliveries(self, now: str, limit: int = 100) -> list[Delivery]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notice_deliveries)
                                .where(notice_deliveries.c.status == "pending",
                                       notice_deliveries.c.next_attempt <= now)
                                .order_by(notice_deliveries.c.id).limit(limit))
            return [_delivery(r) for r in rows]

    def deliveries_of(self, person: str) -> list[Delivery]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notice_deliveries).where(notice_deliveries.c.person == person)
                                .order_by(notice_deliveries.c.id))
            return [_delivery(r) for r in rows]

    def delivered(self, delivery: int, now: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(notice_deliveries).where(notice_deliveries.c.id == delivery)
                         .values(status="sent", sent_at=now, error=None,
                                 attempts=notice_deliveries.c.attempts + 1))

    def delivery_failed(self, delivery: int, error: str, next_attempt: str | None) -> None:
        values: dict[str, Any] = {"error": error[:2000], "attempts": notice_deliveries.c.attempts + 1}
        if next_attempt is None:
            values["status"] = "failed"
        else:
            values["next_attempt"] = next_attempt
        with self.engine.begin() as conn:
            conn.execute(update(notice_deliveries).where(notice_deliveries.c.id == delivery)
                         .values(**values))


__all__ = ["NOTICE_KINDS", "SqlOutbox", "insert_notices"]
