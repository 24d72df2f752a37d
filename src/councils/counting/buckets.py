"""The IRV cursor of large profiles: ballot rows kept in one bucket per candidate.

The general cursors (``cursor``) leave the rows where they are and, when a candidate
leaves the count, find that candidate's rows and fetch each from wherever it lies in
memory. Over a million distinct rankings of 20 candidates that fetch is most of the
count: each moved row is a cache miss. Here every row physically sits in the bucket of
the candidate that holds its vote. Excluding a candidate reads that one bucket from
start to end and appends each row to the bucket of its next continuing candidate: all
sequential, and rows that stay are never looked at. Since IRV's exclusions are final,
a row's next candidate is simply the first continuing one in its ranking; once many are
out it is found with a bit mask rather than a walk (``_kernels.bucket_move``). STV's
surpluses and groups of transfer values need more than that, so only IRV uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from councils.counting import compiled
from councils.counting.cursor import Weights, kernel_input

if TYPE_CHECKING:
    from numpy.typing import NDArray

BLOCK = 4096  # rows per block of a bucket: long sequential runs, little space left unused
WALK_WHILE = 3  # rows walk their rankings while fewer than n / WALK_WHILE candidates are out (see bucket_move)


class BucketCursor:
    """Rows dealt into per-candidate buckets, with ``move`` answering as ``Cursor.move``
    does for moves without groups.

    Blocks come from one pool allocated up front: enough for every row, plus a partly
    filled block per candidate and the block being read.
    """

    def __init__(self, rankings: NDArray[np.int32] | NDArray[np.int8], n_candidates: int, weights: Weights) -> None:
        self.kernels = compiled.kernels()
        self._n = n_candidates
        # a cell holds a candidate; an unsigned type makes the -1 padding its largest value
        dtype = np.uint8 if n_candidates < 255 else np.uint16 if n_candidates < 65535 else np.uint32
        rows = int(rankings.shape[0])
        self._width = min(int(rankings.shape[1]), n_candidates)  # further columns can only be padding
        self._span = max(1, -(-self._width * np.dtype(dtype).itemsize // 8))  # whole words: copied a word at a time
        self._block = BLOCK
        blocks = -(-rows // BLOCK) + n_candidates + 2
        self._words = np.empty((blocks * BLOCK, self._span), np.uint64)
        self._cells: NDArray[np.unsignedinteger[Any]] = self._words.view(dtype)
        self._weight = np.empty(0 if weights.unit else blocks * BLOCK, np.int64)
        self._link = np.empty(blocks, np.int64)
        self._fill = np.zeros(blocks, np.int64)
        self._head = np.full(n_candidates + 1, -1, np.int64)
        self._tail = np.full(n_candidates + 1, -1, np.int64)
        self._free = np.arange(blocks, dtype=np.int64)
        self._unit = weights.unit
        #: weight dealt to each candidate (first preferences), exhausted last
        self.first = np.zeros(n_candidates + 1, np.int64)
        self._used = int(
            self.kernels.bucket_start(
                kernel_input(rankings), n_candidates, BLOCK, self._cells, self._weight, self._link,
                self._fill, self._head, self._tail, self.first, weights.ints, weights.unit,
            )
        )  # fmt: skip

    def move(self, out: list[int], stop: NDArray[np.bool_], weights: Weights) -> NDArray[np.int64]:
        """As ``Cursor.move`` without groups: the weight moved to each candidate (and
        exhausted, last), as a one-column matrix. ``stop`` flags the continuing
        candidates (and exhausted); ``weights`` must be the ones dealt."""
        moved = np.zeros(self._n + 1, np.int64)
        out_now = self._n - int(stop[: self._n].sum())
        masked = self._n <= 63 and out_now * WALK_WHILE >= self._n
        self._used = int(
            self.kernels.bucket_move(
                self._cells, self._words, self._weight, self._link, self._fill, self._head, self._tail,
                self._free, self._used, self._block, self._width, np.asarray(out, np.int64), stop,
                masked, self._unit, moved,
            )
        )  # fmt: skip
        return moved.reshape(-1, 1)
