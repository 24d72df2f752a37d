"""What the pure domain needs from outside: the time, receipts, sealed ballots and a counter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from councils.domain.events import SealedBallot


@dataclass(frozen=True)
class CountRequest:
    """Everything a counting method needs, in plain data, so the domain stays free of NumPy."""

    question: str
    method: str
    options: tuple[str, ...]
    ballots: tuple[tuple[str, ...], ...]
    seats: int
    threshold: str
    quorum: str
    electorate: int


class Context(Protocol):
    @property
    def now(self) -> datetime: ...

    def new_receipt(self) -> str: ...

    def sealed_ballots(self, question: str) -> list[SealedBallot]: ...

    def count(self, request: CountRequest) -> dict[str, Any]: ...
