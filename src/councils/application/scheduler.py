"""Time-driven effects applied when they fall due, not when the next command happens to come.

A secession takes effect at the end of its notice period without any act of anyone
(R3); the ledger must say so then, and every read after that moment must show it. The
scheduler of `councils serve` sleeps until the next effect falls due (or `poll` seconds,
to notice effects another process decided), then ticks the pipeline, which records it.
`councils tick` does one tick on demand, for a deployment without a server.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from councils.application.ports import Clock, RecordedEvent

log = logging.getLogger("councils.scheduler")


class Scheduler:
    """A background thread that calls `tick` when `next_due` says something falls due."""

    def __init__(self, tick: Callable[[], list[RecordedEvent]], next_due: Callable[[], datetime | None],
                 clock: Clock, poll: float = 30.0) -> None:
        self._tick = tick
        self._next_due = next_due
        self._clock = clock
        self.poll = poll
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.ticks = 0  # effects recorded by this scheduler, for the operator's log and the tests

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="councils-scheduler", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def wake(self) -> None:
        """Look again now (a test that moved its clock, a command that set a new deadline)."""
        self._wake.set()

    def run_once(self) -> list[RecordedEvent]:
        """Tick if something is due now; return what was recorded."""
        when = self._next_due()
        if when is None or when > self._clock():
            return []
        recorded = self._tick()
        self.ticks += len(recorded)
        for r in recorded:
            log.info("recorded %s at position %d (it fell due)", r.event.type, r.position)
        return recorded

    def _delay(self) -> float:
        when = self._next_due()
        if when is None:
            return self.poll
        return max(0.0, min(self.poll, (when - self._clock()).total_seconds()))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                recorded = self.run_once()
                delay = self._delay()
                if delay == 0 and not recorded:  # due, but its handler refused it: do not spin
                    delay = self.poll
            except Exception:  # a database that is away: try again later, never die
                log.exception("the scheduler's tick failed; trying again in %s s", self.poll)
                delay = self.poll
            self._wake.wait(delay)
            self._wake.clear()
