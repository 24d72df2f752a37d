"""Events to and from their stored form: canonical JSON, the hash chain, rows, decoding.

The hash of an event covers its position, so moving an event breaks the chain as
surely as editing it; canonical JSON (sorted keys, no spaces, unicode kept) makes the
hash independent of the database that stored it. `chain_hash` over `canonical` is the
definition of the chain, written plainly; everything else here computes the same
thing quickly, because encoding, hashing and decoding are the hot loop of every
append and every replay.

The speed tricks live in this module and nowhere else, so the domain and the
application pass plain domain objects and never see them:

- the json module's private C encoder (`c_make_encoder`, `encode_basestring`), built
  once instead of per call, for `encode_json`;
- the hashed text assembled from already-encoded parts in sorted-key order
  (`body_text`, inlined in `chain_columns`) instead of `json.dumps` of a fresh dict;
- payloads decoded with msgspec, falling back to `json` for what it refuses;
- frozen dataclasses (`Event`, `RecordedEvent`) filled in through `object.__new__`
  and their `__dict__`, skipping `__init__`'s per-field `object.__setattr__`.

`tests/contract/test_row_encoding.py` holds the quick path to the plain definition
for arbitrary events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import msgspec

from councils.application.ports import RecordedEvent
from councils.domain.events import EVENT_TYPES, Event

__all__ = [
    "COLUMNS", "GENESIS", "EventRow", "body_text", "canonical", "chain_columns", "chain_hash",
    "chain_rows", "decode_event", "decode_row", "encode_json", "encode_recorded", "from_json",
    "record", "row_hash",
]

GENESIS = "0" * 64
COLUMNS = ("position", "stream", "version", "type", "scope", "at", "payload", "meta",
           "prev_hash", "hash")
EventRow = tuple[int, str, int, str, str, str, str, str, str, str]

# --- the definition ---------------------------------------------------------------------


def canonical(value: Any) -> str:
    """Canonical JSON, plainly: the text the chain's hashes are defined over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """The hash of an event whose body (`RecordedEvent.body()`) follows `prev_hash`."""
    return hashlib.sha256((prev_hash + canonical(body)).encode()).hexdigest()


def record(position: int, version: int, event: Event, prev_hash: str) -> RecordedEvent:
    """`event` chained at `position` after `prev_hash`, the plain way (tests, one-offs)."""
    draft = RecordedEvent(position, version, event, prev_hash, "")
    return RecordedEvent(position, version, event, prev_hash, chain_hash(prev_hash, draft.body()))


def from_json(row: dict[str, Any]) -> RecordedEvent:
    """Rebuild a recorded event from its JSON form, keeping the stored hashes as they are."""
    event = Event(row["type"], row["data"], row["stream"], row["scope"], row.get("at", ""),
                  row.get("meta") or {})
    return RecordedEvent(row["position"], row["version"], event, row["prev_hash"], row["hash"])


# --- the same, quickly ------------------------------------------------------------------

_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # the C function `_json` itself uses for str
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


_fast_loads = msgspec.json.Decoder().decode
_JSONError = msgspec.MsgspecError


def _loads(text: str) -> Any:
    """Parse stored JSON: msgspec (a quarter of `json.loads`' time on event payloads), else `json`.

    msgspec reads every value exactly as `json.loads` does, integers of any size
    included (orjson, as fast, turns integers beyond 64 bits into floats), but refuses
    a few things the standard parser accepts (NaN, 1e400, lone surrogates); a payload
    written by another tool may hold them and must read back as before, so on a
    refusal the standard parser decides.
    """
    try:
        return _fast_loads(text)
    except _JSONError:
        return json.loads(text)


def encode_json(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces, unicode kept), as `canonical`, quickly."""
    return _data(value)


def body_text(position: int, version: int, at: str, scope: str, stream: str, type_: str,
              data: str, meta: str) -> str:
    """`canonical(RecordedEvent.body())`, given the event's data and meta already encoded.

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
    recorded, columns = chain_columns(new, position, prev, versions)
    return recorded, list(zip(*columns, strict=True))


def chain_columns(new: Sequence[Event], position: int, prev: str,
                  versions: dict[str, int]) -> tuple[list[RecordedEvent], list[Sequence[Any]]]:
    """`chain_rows`, its rows given as columns (in `COLUMNS` order) rather than as tuples.

    A bulk write hands columns to the driver without a tuple per row (see
    `bulk_insert.insert_columns`). Each event's data is encoded once, stored as it was
    hashed; the JSON spelling of its time, scope and type, which repeat from one event
    to the next, is looked up rather than made again.
    """
    encoded = _registrations(new) or list(map(_data_of, new))
    first, start = position + 1, prev
    recorded: list[RecordedEvent] = []
    streams: list[str] = []
    numbers: list[int] = []
    types: list[str] = []
    scopes: list[str] = []
    ats: list[str] = []
    metas: list[str] = []
    hashes: list[str] = []
    add_record, add_stream, add_number, add_type, add_scope, add_at, add_meta, add_hash = (
        recorded.append, streams.append, numbers.append, types.append, scopes.append, ats.append,
        metas.append, hashes.append)
    spelt: dict[str, str] = {}  # value -> its JSON string
    for e, data in zip(new, encoded, strict=True):
        position += 1
        stream, type_, scope, at = e.stream, e.type, e.scope, e.at
        meta = _data(e.meta) if e.meta else "{}"
        version = versions[stream] = versions[stream] + 1
        try:
            at_text, scope_text, type_text = spelt[at], spelt[scope], spelt[type_]
        except KeyError:
            at_text, scope_text, type_text = (spelt.setdefault(v, _string(v)) for v in (at, scope, type_))
        # `body_text`, inlined: the keys in sorted order
        digest = _sha256(f'{prev}{{"at":{at_text},"data":{data},"meta":{meta},"position":{position},'
                         f'"scope":{scope_text},"stream":{_string(stream)},"type":{type_text},'
                         f'"version":{version}}}'.encode()).hexdigest()
        r: RecordedEvent = _new(RecordedEvent)  # as in `decode_row`: no per-field setattr
        r.__dict__.update(position=position, version=version, event=e, prev_hash=prev, hash=digest)
        add_record(r)
        add_stream(stream)
        add_number(version)
        add_type(type_)
        add_scope(scope)
        add_at(at)
        add_meta(meta)
        add_hash(digest)
        prev = digest
    prevs = [start, *hashes[:-1]] if hashes else []
    return recorded, [range(first, position + 1), streams, numbers, types, scopes, ats, encoded,
                      metas, prevs, hashes]


_PERSON_KEYS = ("born", "class", "council", "name", "nationality", "person", "republic")


def _registrations(new: Sequence[Event]) -> list[str] | None:
    """The payloads of a run of `PersonRegistered` events, encoded a column at a time, or None.

    A register of a million residents repeats a few councils, classes and nationalities:
    each distinct value is encoded once and the canonical text (keys in sorted order) is
    assembled from the pieces, a fraction of the general encoder's time. Anything but a
    run of registrations with exactly these keys and types goes the general way, and
    `tests/contract/test_row_encoding.py` holds both to the same hashes.
    """
    if len(new) < 64 or any(e.type != "PersonRegistered" for e in new):
        return None
    datas = [e.data for e in new]
    if any(len(d) != 7 for d in datas):
        return None
    try:
        born, cls, council, name, nationality, person, republic = (
            [d[k] for d in datas] for k in _PERSON_KEYS)
    except KeyError:
        return None
    texts = (cls, council, nationality, person, republic)
    if not (all(type(b) is int for b in born) and all(type(v) is str for col in texts for v in col)
            and all(m is None or type(m) is str for m in name)):
        return None
    return [f'{{"born":{b},"class":{k},"council":{c},"name":{m},"nationality":{n},"person":{p},'
            f'"republic":{r}}}'
            for b, k, c, m, n, p, r in zip(_few(born, _int), _few(cls, _string), _few(council, _string),
                                           map(_name, name), _few(nationality, _string),
                                           map(_string, person), _few(republic, _string), strict=True)]


def _few(values: list[Any], encode: Callable[[Any], str]) -> Iterator[str]:
    """`map(encode, values)` for a column of few distinct values: each encoded once."""
    encoded = {v: encode(v) for v in set(values)}
    return map(encoded.__getitem__, values)


def _int(value: int) -> str:
    return f"{value:d}"


def _name(value: str | None) -> str:
    return "null" if value is None else _string(value)


def _data_of(e: Event) -> str:
    return _data(e.data)


def encode_recorded(r: RecordedEvent) -> EventRow:
    """A row for an event already chained elsewhere, keeping its hashes as they are."""
    e = r.event
    return (r.position, e.stream, r.version, e.type, e.scope, e.at, canonical(e.data),
            canonical(e.meta), r.prev_hash, r.hash)


def decode_event(row: Sequence[Any]) -> Event:
    """The event a row in `COLUMNS` order records, without its position and hashes.

    Replay needs only this, millions of times over, so the frozen dataclass is filled
    in directly rather than through `__init__` (which sets each field through
    `object.__setattr__`); the one check `__post_init__` makes, a known type, is
    made here instead.
    """
    type_ = row[3]
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type_!r}")
    payload, meta = row[6], row[7]
    try:
        data = _fast_loads(payload)  # `_loads`, inlined
    except _JSONError:
        data = json.loads(payload)
    e: Event = _new(Event)
    e.__dict__.update(type=type_, data=data, stream=row[1], scope=row[4], at=row[5],
                      meta={} if meta == "{}" else _loads(meta))
    return e


def decode_row(row: Sequence[Any]) -> RecordedEvent:
    """A row in `COLUMNS` order back to the event it records, with its position and hashes.

    The `RecordedEvent` is filled in directly, as the `Event` in `decode_event`.
    """
    r: RecordedEvent = _new(RecordedEvent)
    r.__dict__.update(position=int(row[0]), version=int(row[2]), event=decode_event(row),
                      prev_hash=row[8], hash=row[9])
    return r
