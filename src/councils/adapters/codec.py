"""Canonical encoding and hashing of events.

The hash of an event covers its position, so moving an event breaks the chain as
surely as editing it; canonical JSON (sorted keys, no spaces) makes the hash
independent of the database that stored it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from councils.application.ports import RecordedEvent
from councils.domain.events import Event

__all__ = ["GENESIS", "RecordedEvent", "canonical", "chain_hash", "from_json", "record"]

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(body)).encode()).hexdigest()


def record(position: int, version: int, event: Event, prev_hash: str) -> RecordedEvent:
    draft = RecordedEvent(position, version, event, prev_hash, "")
    return RecordedEvent(position, version, event, prev_hash, chain_hash(prev_hash, draft.body()))


def from_json(row: dict[str, Any]) -> RecordedEvent:
    """Rebuild a recorded event from its JSON form, keeping the stored hashes as they are."""
    event = Event(row["type"], row["data"], row["stream"], row["scope"], row.get("at", ""),
                  row.get("meta") or {})
    return RecordedEvent(row["position"], row["version"], event, row["prev_hash"], row["hash"])
