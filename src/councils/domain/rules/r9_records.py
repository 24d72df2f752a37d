"""R9 Secession carries its records: which events are a republic's own history."""

from __future__ import annotations

from councils.domain.events import Event


def belongs_to(event: Event, republic: str) -> bool:
    """Every event is scoped to the polity whose records it is; a leaving republic takes its scope."""
    return event.scope == republic
