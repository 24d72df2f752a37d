"""What the application needs from storage; `adapters.sql_ledger` provides it on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from councils.adapters.codec import RecordedEvent
from councils.domain.events import Event, SealedBallot


class Ledger(Protocol):
    def create_schema(self) -> None: ...

    def head(self) -> tuple[int, str]: ...

    def read(self, after: int = 0, limit: int | None = None, batch: int = 5000) -> Iterator[RecordedEvent]: ...

    def append(self, new: list[Event], expected: int, sealed: list[SealedBallot] = ...,
               project: Callable[[Any, list[RecordedEvent]], None] | None = None) -> list[RecordedEvent]: ...

    def sealed_ballots(self, question: str) -> list[SealedBallot]: ...
