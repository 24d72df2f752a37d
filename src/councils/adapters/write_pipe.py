"""A helper thread that runs a transaction's statements in order while the caller goes on.

A bulk write (a register of a million residents) alternates preparing a chunk, which
needs the GIL, and inserting it, during which SQLite and PostgreSQL's network waits
release it. With the inserts on this thread, the two overlap (`LedgerWriter.pipelined`
says when that pays). One thread, one queue: statements run in the order submitted,
on the one connection of the transaction, and the first error stops the rest, so
nothing is committed after it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from councils.adapters.sql_errors import translate


class WritePipe:
    """One helper thread running statements on a connection in the order they were submitted."""

    def __init__(self, conn: Connection, depth: int) -> None:
        self.conn = conn
        self.queue: queue.Queue[Callable[[Connection], object] | None] = queue.Queue(depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="ledger-pipe", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            work = self.queue.get()
            try:
                if work is None:
                    return
                if self.error is None:  # after an error, the rest is dropped: it rolls back
                    work(self.conn)
            except BaseException as exc:  # handed to the submitting thread by `drain`
                self.error = exc
            finally:
                self.queue.task_done()

    def submit(self, work: Callable[[Connection], object]) -> None:
        """Queue `work`; wait if `depth` items are queued already; raise an earlier error first."""
        if self.error is not None:
            self.drain()
        self.queue.put(work)

    def drain(self) -> None:
        """Wait until everything submitted has run; raise the first error it met."""
        self.queue.join()
        error = self.error  # kept: nothing more runs in this transaction, which must roll back
        if isinstance(error, DBAPIError):
            raise translate(error) from None
        if error is not None:
            raise error

    def close(self) -> None:
        """Stop the thread once the queue is empty, and wait for it."""
        self.queue.put(None)
        self.thread.join()
