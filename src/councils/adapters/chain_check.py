"""Recompute a ledger's hash chain from its stored rows: the one `verify` of every backend.

Nothing but the rows' columns and the recorded head is trusted: each row's hash is
recomputed from its contents and its link, so an edit, a deletion, an insertion or a
move is reported at the first position it breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from councils.adapters.codec import GENESIS, row_hash
from councils.application.ports import Verification


def verify_chain(pages: Iterable[Sequence[Sequence[Any]]], head: Callable[[], tuple[int, str]],
                 progress: Callable[[int], None] | None = None) -> Verification:
    """Walk pages of rows in `codec.COLUMNS` order; compare the end with `head()`."""
    expected_pos, prev, n = 0, GENESIS, 0
    for page in pages:
        for row in page:
            position, prev_hash, digest = int(row[0]), row[8], row[9]
            expected_pos += 1
            n += 1
            if position != expected_pos:
                return Verification(False, n, 0, "", expected_pos,
                                    f"event at position {expected_pos} is missing "
                                    f"(found {position} next)")
            if prev_hash != prev:
                return Verification(False, n, 0, "", position,
                                    "its link to the previous event does not match (an event "
                                    "before it was deleted, inserted or moved)")
            try:
                recomputed = row_hash(prev, row)
            except (ValueError, TypeError):  # a payload that is no longer JSON
                recomputed = ""
            if recomputed != digest:
                return Verification(False, n, 0, "", position,
                                    "its contents do not match its hash (the event was altered)")
            prev = digest
            if progress is not None and n % 10000 == 0:
                progress(n)
    head_pos, head_hash = head()
    if head_pos == expected_pos and head_hash != prev:
        return Verification(False, n, head_pos, head_hash, expected_pos,
                            "the last event's hash does not match the ledger's recorded head: "
                            "the chain was rewritten")
    if (head_pos, head_hash) != (expected_pos, prev):
        return Verification(False, n, head_pos, head_hash, min(head_pos, expected_pos) + 1,
                            f"the ledger's recorded head ({head_pos}) does not match its last "
                            f"event ({expected_pos}): events were removed from its end or added")
    return Verification(True, n, head_pos, head_hash)
