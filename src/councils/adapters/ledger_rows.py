"""Events to and from the ledger's rows, quickly: the hot loop of every append and replay.

`codec.chain_hash` is the definition of the chain (sha256 of the previous hash and the
canonical JSON of the event's body). Building that JSON with a generic `json.dumps` of
a fresh dict costs more than the rest of an append, so here the body's text is
assembled from its parts in the same sorted-key order, and the event's data is
encoded once and stored as it was hashed. `tests/contract` checks both give the same
hash for arbitrary events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from councils.adapters.codec import RecordedEvent, canonical
from councils.domain.events import Event

COLUMNS = ("position", "stream", "version", "type", "scope", "at", "payload", "meta",
           "prev_hash", "hash")
EventRow = tuple[int, str, int, str, str, str, str, str, str, str]

_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # the C function `_json` itself uses for str
_loads = json.loads
_sha256 = hashlib.sha256
_new = object.__new__


def _unencodable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
if _c_make_encoder is not None:
    # `JSONEncoder.encode` builds a new C encoder on every call; for millions of small
    # payloads, building it once (with the same options, minus the cycle check, which
    # event payloads from JSON cannot need) saves about a third of the encoding time.
    _c_encoder = _c_make_encoder(None, _unencodable, _string, None, ":", ",", True, False, True)

    def _data(value: Any) -> str:
        if isinstance(value, dict | list):
            return "".join(_c_encoder(value, 0))
        return _json(value)
else:  # pragma: no cover - an interpreter without the C accelerator

    def _data(value: Any) -> str:
        return _json(value)


def encode_json(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces, unicode kept), as `codec.canonical`, quickly."""
    return _data(value)


def body_text(position: int, version: int, at: str, scope: str, stream: str, type_: str,
              data: str, meta: str) -> str:
    """`codec.canonical(RecordedEvent.body())`, given the event's data and meta already encoded.

    The keys appear in sorted order: at, data, meta, position, scope, stream, type, version.
    """
    return (f'{{"at":{_string(at)},"data":{data},"meta":{meta},"position":{position},'
            f'"scope":{_string(scope)},"stream":{_string(stream)},"type":{_string(type_)},'
            f'"version":{version}}}')


def row_hash(prev: str, row: Sequence[Any]) -> str:
    """The hash a stored row must carry after `prev`, recomputed from its columns alone.

    The payload is decoded and encoded again canonically, so rows stored in any JSON
    spelling verify, and nothing but the columns is trusted.
    """
    position, stream, version, type_, scope, at, payload, meta = row[:8]
    data = _data(_loads(payload))
    meta_text = "{}" if meta == "{}" else _data(_loads(meta))
    body = body_text(position, version, at, scope, stream, type_, data, meta_text)
    return _sha256((prev + body).encode()).hexdigest()


def chain_rows(new: Sequence[Event], position: int, prev: str,
               versions: dict[str, int]) -> tuple[list[RecordedEvent], list[EventRow]]:
    """Number, version and chain `new` after (`position`, `prev`); `versions` is updated in place."""
    recorded: list[RecordedEvent] = []
    rows: list[EventRow] = []
    for e in new:
        position += 1
        version = versions[e.stream] = versions[e.stream] + 1
        data = _data(e.data)
        meta = _data(e.meta) if e.meta else "{}"
        body = body_text(position, version, e.at, e.scope, e.stream, e.type, data, meta)
        digest = _sha256((prev + body).encode()).hexdigest()
        r: RecordedEvent = _new(RecordedEvent)  # as in `decode_row`: no per-field setattr
        r.__dict__.update(position=position, version=version, event=e, prev_hash=prev, hash=digest)
        recorded.append(r)
        rows.append((position, e.stream, version, e.type, e.scope, e.at, data, meta, prev, digest))
        prev = digest
    return recorded, rows


def encode_recorded(r: RecordedEvent) -> EventRow:
    """A row for an event already chained elsewhere, keeping its hashes as they are."""
    e = r.event
    return (r.position, e.stream, r.version, e.type, e.scope, e.at, canonical(e.data),
            canonical(e.meta), r.prev_hash, r.hash)


def decode_row(row: Sequence[Any]) -> RecordedEvent:
    """A row in `COLUMNS` order back to the event it records.

    The `RecordedEvent` is filled in directly rather than through its frozen
    dataclass `__init__` (which sets each field through `object.__setattr__`): on a
    replay of millions of events that is a tenth of the time. The `Event` itself is
    built normally, so its type is still checked.
    """
    position, stream, version, type_, scope, at, payload, meta, prev_hash, digest = row
    e = Event(type_, _loads(payload), stream, scope, at, {} if meta == "{}" else _loads(meta))
    r: RecordedEvent = _new(RecordedEvent)
    r.__dict__.update(position=int(position), version=int(version), event=e, prev_hash=prev_hash,
                      hash=digest)
    return r
