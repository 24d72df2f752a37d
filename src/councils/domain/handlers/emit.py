"""What a handler produces, and the small helper that stamps each event with the time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from councils.domain.events import Event, SealedBallot


@dataclass
class Decision:
    """What one command produced: ledger events, sealed ballot contents, a voter's receipt."""

    events: list[Event] = field(default_factory=list)
    sealed: list[SealedBallot] = field(default_factory=list)
    receipt: str | None = None


@lru_cache(maxsize=16)
def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")  # once per time, not per command of a batch


class Emitter:
    """Collects a handler's events, each stamped with the one time the command was handled."""

    def __init__(self, now: datetime) -> None:
        self.at = _stamp(now)
        self.decision = Decision()

    def __call__(self, type_: str, stream: str, scope: str, **data: Any) -> None:
        self.decision.events.append(Event(type_, data, stream, scope, self.at))
