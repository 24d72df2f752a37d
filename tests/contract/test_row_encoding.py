"""The fast row encoder must hash exactly as `codec.chain_hash` defines the chain.

The ledger assembles each event's canonical JSON by hand for speed; if it ever
disagreed with `chain_hash`, ledgers written by one and verified by the other would
look tampered. Hypothesis tries awkward data: unicode, nesting, numbers, empty meta.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from councils.adapters.codec import (
    GENESIS,
    canonical,
    chain_hash,
    chain_rows,
    decode_row,
    encode_recorded,
    record,
    row_hash,
)
from councils.domain.events import EVENT_TYPES, Event

text = st.text(max_size=12)
scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | text | st.floats(
    allow_nan=False, allow_infinity=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(text, inner, max_size=4), max_leaves=12)
events = st.builds(Event, st.sampled_from(sorted(EVENT_TYPES)),
                   st.dictionaries(text, values, max_size=5), text, text, text,
                   st.dictionaries(text, values, max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.lists(events, min_size=1, max_size=6), st.integers(0, 10**9))
def test_fast_rows_hash_as_the_codec_does(new: list[Event], start: int) -> None:
    versions = {e.stream: 0 for e in new}
    recorded, rows = chain_rows(new, start, GENESIS, dict(versions))
    prev = GENESIS
    for r, row in zip(recorded, rows, strict=True):
        assert r.hash == chain_hash(prev, r.body())
        assert r == record(r.position, r.version, r.event, prev)
        back = decode_row(row)
        assert back == r
        assert encode_recorded(back) == row
        assert row_hash(prev, row) == r.hash  # what `verify` recomputes from the columns
        prev = r.hash


def test_versions_count_per_stream_from_where_each_stream_stood() -> None:
    def ev(stream: str) -> Event:
        data: dict[str, Any] = {"x": 1}
        return Event("BallotCast", data, stream, "r")

    versions = {"a": 4, "b": 0}
    recorded, _ = chain_rows([ev("a"), ev("b"), ev("a")], 10, GENESIS, versions)
    assert [(r.position, r.event.stream, r.version) for r in recorded] == [
        (11, "a", 5), (12, "b", 1), (13, "a", 6)]
    assert versions == {"a": 6, "b": 1}


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(text, values | st.integers(-10**40, 10**40) | st.text(
    alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    max_size=4))
def test_payloads_the_fast_parser_refuses_read_back_as_the_standard_parser_reads_them(data: dict[str, Any]) -> None:
    """Integers beyond 64 bits and lone surrogates: orjson refuses them, `json` decides."""
    import json

    payload = json.dumps(data)  # as another tool might have stored it: ASCII escapes, surrogates kept
    row = (1, "person:x", 1, "PersonRegistered", "rep", "2026-01-01T00:00:00+00:00", payload, "{}",
           GENESIS, "0" * 64)
    assert decode_row(row).event.data == json.loads(payload)


awkward = st.text(max_size=20)  # quotes, backslashes, control characters, any unicode
registrations = st.builds(
    lambda p, c, r, n, m, b, k: Event("PersonRegistered", {
        "person": p, "council": c, "republic": r, "nationality": n, "name": m, "born": b, "class": k},
        f"person:{p}", r, "2026-11-25T12:00:00+00:00"),
    awkward, st.sampled_from(["r/c", "r/d", 'r/"q"']) | awkward, st.sampled_from(["r", "s"]),
    st.sampled_from(["n", "ü"]) | awkward, st.none() | awkward, st.integers(0, 3000),
    st.sampled_from(["worker", "peasant"]) | awkward)


@settings(max_examples=100, deadline=None)
@given(st.lists(registrations, min_size=64, max_size=80))
def test_a_register_encoded_a_column_at_a_time_hashes_as_the_codec_does(new: list[Event]) -> None:
    """A run of registrations takes the column-wise path (64 or more); the chain is the same."""
    recorded, rows = chain_rows(new, 0, GENESIS, {e.stream: 0 for e in new})
    prev = GENESIS
    for r, row in zip(recorded, rows, strict=True):
        assert r.hash == chain_hash(prev, r.body()) and row_hash(prev, row) == r.hash
        assert row[6] == canonical(r.event.data)
        prev = r.hash
