"""Every stream's current version, remembered from what this process reads and commits.

Each appended event needs its stream's next version. Asking the database costs an
index probe per stream (a million for a census, one round trip per ballot), yet a
process running `Governance` has just read the whole ledger to build its state.
So the ledger remembers, as it reads, each stream's last version and the position
up to which that knowledge is complete; an append then asks the database only for
what happened since (nothing, when this process is the only writer).

Only committed events are learnt: rows read inside a write transaction, or appended
by one, enter the shared map when (and if) that transaction commits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any


class StreamVersions:
    """A map stream -> version, complete for every event up to `position` (None: not known)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self.position: int | None = None

    def learn(self, after: int, rows: Sequence[Sequence[Any]]) -> None:
        """Fold in committed rows (position, stream, version, ...) that follow position `after`."""
        if not rows:
            return
        with self._lock:
            if self.position is None and after == 0:
                self.position = 0
            if self.position != after:
                return  # not contiguous with what is known: learning it would leave a hole
            versions = self._versions
            for row in rows:
                versions[row[1]] = row[2]
            self.position = int(rows[-1][0])

    def lookup(self, streams: Iterable[str], position: int) -> dict[str, int] | None:
        """The versions of `streams` at ledger `position`, or None if not known there."""
        if position == 0:
            return dict.fromkeys(streams, 0)  # an empty ledger: every stream is at 0
        with self._lock:
            if self.position != position:
                return None
            found = dict.fromkeys(streams, 0)
            versions = self._versions
            for stream in filter(versions.__contains__, found):  # for a census, none
                found[stream] = versions[stream]
            return found

    def committed(self, start: int, end: int, written: dict[str, int]) -> None:
        """A transaction that began at `start` committed up to `end`, leaving streams at `written`.

        `written` is the writer's own map, which it no longer needs: it may be kept.
        """
        with self._lock:
            if self.position is None and start == 0:
                self.position = 0  # whoever wrote the first events knows every stream
            if self.position == start:
                known = self._versions
                if len(written) > len(known):  # a bulk write: adopt its map, add what it lacks
                    for stream in known.keys() - written.keys():
                        written[stream] = known[stream]
                    self._versions = written
                else:
                    known.update(written)
                self.position = end

    def forget(self) -> None:
        with self._lock:
            self._versions.clear()
            self.position = None
