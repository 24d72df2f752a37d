"""The IRV cursor of large profiles: ballot rows kept in one bucket per candidate.

The general cursors (``cursor``) leave the rows where they are and, when a candidate
leaves the count, find that candidate's rows and fetch each from wherever it lies in
memory. Over a million distinct rankings of 20 candidates that fetch is most of the
count: each moved row is a cache miss, and walking along its ranking stops at a place
the processor cannot predict. Here every row physically sits in the bucket of the
candidate that holds its vote, stored as the rank it gives each candidate. Excluding
a candidate reads that one bucket from start to end and appends each row to the
bucket of the continuing candidate it ranks highest: all sequential, and rows that
stay are never looked at. This relies on IRV's exclusions being final (no surplus,
no groups of transfer values), so only IRV uses it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from councils.counting import compiled
from councils.counting.cursor import Weights

BLOCK = 4096  # rows per block of a bucket: long sequential runs, little space left unused


class BucketCursor:
    """Rows dealt into per-candidate buckets, with ``move`` answering as ``Cursor.move``
    does for moves without groups.

    Blocks come from one pool allocated up front: enough for every row, plus a partly
    filled block per candidate and the block being read.
    """

    def __init__(self, rankings: NDArray[np.int32] | NDArray[np.int8], n_candidates: int, weights: Weights) -> None:
        self.kernels = compiled.kernels()
        self._n = n_candidates
        # a rank is a position in a ranking (< n); the type's largest value means "not ranked"
        dtype = np.uint8 if n_candidates < 255 else np.uint16 if n_candidates < 65535 else np.uint32
        rows = int(rankings.shape[0])
        blocks = -(-rows // BLOCK) + n_candidates + 4
        span = -(-n_candidates * np.dtype(dtype).itemsize // 8)  # whole 64-bit words: copied a word at a time
        self._words = np.empty((blocks * BLOCK, span), np.uint64)
        self._ranks: NDArray[np.unsignedinteger[Any]] = self._words.view(dtype)
        self._weight = np.empty(0 if weights.unit else blocks * BLOCK, np.int64)
        self._link = np.empty(blocks, np.int64)
        self._fill = np.zeros(blocks, np.int64)
        self._head = np.full(n_candidates + 1, -1, np.int64)
        self._tail = np.full(n_candidates + 1, -1, np.int64)
        self._free = np.arange(blocks, dtype=np.int64)
        self._unit = weights.unit
        #: weight dealt to each candidate (first preferences), exhausted last
        self.first = np.zeros(n_candidates + 1, np.int64)
        source = np.ascontiguousarray(rankings if rankings.dtype == np.int8 else rankings.astype(np.int32, copy=False))
        self._used = int(
            self.kernels.bucket_start(
                source, n_candidates, BLOCK, self._ranks, self._words, self._weight, self._link, self._fill,
                self._head, self._tail, self._free, self.first, weights.ints, weights.unit,
            )
        )  # fmt: skip

    def move(self, out: list[int], stop: NDArray[np.bool_], weights: Weights) -> NDArray[np.int64]:
        """As ``Cursor.move`` without groups: the weight moved to each candidate (and
        exhausted, last), as a one-column matrix. ``stop`` flags the continuing
        candidates (and exhausted); ``weights`` must be the ones dealt."""
        moved = np.zeros(self._n + 1, np.int64)
        self._used = int(
            self.kernels.bucket_move(
                self._ranks, self._words, self._weight, self._link, self._fill, self._head, self._tail,
                self._free, self._used, np.asarray(out, np.int64), np.flatnonzero(stop[: self._n]),
                self._unit, moved,
            )
        )  # fmt: skip
        return moved.reshape(-1, 1)
