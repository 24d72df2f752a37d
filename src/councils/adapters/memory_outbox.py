"""The outbox of notices in memory, for the memory ledger: the same contract as `SqlOutbox`.

A memory transaction keeps its notices beside its events and publishes both at commit
(`MemoryTransaction.commit`), so a notice exists exactly when its command committed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

from councils.application.ports import Delivery, Notice, NoticeDraft, Preferences


class MemoryOutbox:
    def __init__(self) -> None:
        self._notices: list[Notice] = []
        self._keys: set[str] = set()
        self._preferences: dict[str, Preferences] = {}
        self._deliveries: list[Delivery] = []
        self._cursor = 0
        self._lock = threading.RLock()

    def publish(self, drafts: Sequence[NoticeDraft]) -> None:
        """Committed notices join the outbox (those whose key is new)."""
        with self._lock:
            for d in drafts:
                if d.key not in self._keys:
                    self._keys.add(d.key)
                    self._notices.append(Notice(d.kind, d.key, d.position, d.subject, d.at,
                                                dict(d.data), len(self._notices) + 1))

    def notices(self, after: int = 0, limit: int = 500) -> list[Notice]:
        with self._lock:
            return [n for n in self._notices if n.id > after][:limit]

    def notice_keys(self, keys: Sequence[str]) -> set[str]:
        with self._lock:
            return self._keys & set(keys)

    def last_notice(self) -> int:
        with self._lock:
            return len(self._notices)

    def add_notices_now(self, drafts: Sequence[NoticeDraft]) -> None:
        self.publish(drafts)

    def preferences(self, person: str) -> Preferences:
        with self._lock:
            return self._preferences.get(person, Preferences(person))

    def set_preferences(self, preferences: Preferences) -> None:
        with self._lock:
            self._preferences[preferences.person] = preferences

    def subscribers(self, kind: str) -> dict[str, tuple[str, int]]:
        with self._lock:
            return {p.person: (p.address, p.since) for p in self._preferences.values()
                    if p.address is not None and kind in p.kinds}

    def fanned_out(self) -> int:
        return self._cursor

    def add_deliveries(self, notice: int, recipients: Sequence[tuple[str, str]], now: str) -> None:
        with self._lock:
            for person, address in recipients:
                self._deliveries.append(Delivery(len(self._deliveries) + 1, notice, person, address,
                                                 "pending", 0, now))
            self._cursor = notice

    def due_deliveries(self, now: str, limit: int = 100) -> list[Delivery]:
        with self._lock:
            return [d for d in self._deliveries
                    if d.status == "pending" and d.next_attempt <= now][:limit]

    def deliveries_of(self, person: str) -> list[Delivery]:
        with self._lock:
            return [d for d in self._deliveries if d.person == person]

    def _set(self, delivery: int, **changes: object) -> None:
        with self._lock:
            i = delivery - 1
            self._deliveries[i] = replace(self._deliveries[i], **changes)  # type: ignore[arg-type]

    def delivered(self, delivery: int, now: str) -> None:
        d = self._deliveries[delivery - 1]
        self._set(delivery, status="sent", sent_at=now, error=None, attempts=d.attempts + 1)

    def delivery_failed(self, delivery: int, error: str, next_attempt: str | None) -> None:
        d = self._deliveries[delivery - 1]
        if next_attempt is None:
            self._set(delivery, status="failed", error=error, attempts=d.attempts + 1)
        else:
            self._set(delivery, next_attempt=next_attempt, error=error, attempts=d.attempts + 1)
