"""Governance: the application's face to every interface, over one write pipeline.

The state lives in memory, folded from the ledger, and catches up before each command,
so several processes can share one database: each decides under the ledger's write
lock on the state as the ledger stands. Every write goes through `Pipeline`; the
methods here only choose its mode. Reads come from the same folded state: it is the
one read model (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from councils.application.pipeline import Applied, Check, Mode, Outcome, Pipeline, Raw
from councils.application.ports import Clock, Counter, EventStore, RecordedEvent, RecordFiles, utc_now
from councils.application.snapshot import snapshot
from councils.domain.commands import Command
from councils.domain.errors import DomainError
from councils.domain.events import Event
from councils.domain.handlers import due, next_due
from councils.domain.handlers.windows import closings_due
from councils.domain.ports import CountRequest
from councils.domain.state import State

__all__ = ["Applied", "Clock", "Counter", "Governance", "Outcome", "utc_now"]


def default_counter(request: CountRequest) -> dict[str, Any]:
    """The counting package, imported on the first count (NumPy is not needed before)."""
    from councils.application.counter import count_question

    return count_question(request)


class Governance:
    def __init__(self, ledger: EventStore, clock: Clock = utc_now,
                 counter: Counter = default_counter, files: RecordFiles | None = None) -> None:
        self.ledger = ledger
        self.clock = clock
        self.counter = counter
        self._files = files
        self.pipeline = Pipeline(ledger, clock, counter)

    @property
    def files(self) -> RecordFiles:
        """Registers and archives in their file formats (given by the composition root)."""
        if self._files is None:
            raise RuntimeError("this Governance was built without files: build it with councils.bootstrap")
        return self._files

    # --- reading -----------------------------------------------------------------------

    def catch_up(self) -> State:
        """Fold in what other writers appended since this process last looked."""
        return self.pipeline.catch_up()

    @property
    def state(self) -> State:
        return self.pipeline.catch_up()

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON, as of now (the form `councils state --json` prints)."""
        now = self.clock()
        state = self.catch_up()
        return snapshot(state, now, due(state, now) + closings_due(state, now))

    # --- writing -----------------------------------------------------------------------

    def parse(self, raw: Raw) -> Command:
        return self.pipeline.parse(raw)

    def handle(self, raw: Raw) -> Applied:
        """Apply one command atomically, or raise a DomainError having changed nothing."""
        outcome = self.pipeline.run([raw], Mode.ALL_OR_NOTHING)[0]
        assert isinstance(outcome, Applied)
        return outcome

    def handle_batch(self, raws: Iterable[Raw]) -> tuple[int, DomainError | None]:
        """Apply commands in one transaction up to the first refusal, which is reported.

        Everything before the refused command is kept: the contract of `apply FILE`, at
        the cost of one commit instead of one per line.
        """
        outcomes = self.pipeline.run(list(raws), Mode.UP_TO_REFUSAL)
        if outcomes and isinstance(outcomes[-1], DomainError):
            return len(outcomes) - 1, outcomes[-1]
        return len(outcomes), None

    def handle_group(self, raws: Sequence[Raw], check: Check | None = None) -> list[Outcome]:
        """Apply independent commands in one transaction, each accepted or refused on its own.

        Each is decided as if handled alone, in this order, against the state the ones
        before it leave, after `check(index, state, command)` (an authorisation) on that
        same state: the group commit of a server with many commands in flight.
        """
        return self.pipeline.run(raws, Mode.EACH, check)

    def tick(self) -> list[RecordedEvent]:
        """Apply the effects whose time has come (the scheduler's and `councils tick`'s job)."""
        return self.pipeline.tick()

    def append_prepared(self, events: list[Event]) -> list[RecordedEvent]:
        """Append events that come from no command (an archive import), atomically."""
        with self.pipeline.batch() as batch:
            return batch.append(events)

    def next_due(self) -> datetime | None:
        """When the next time-driven effect falls due, if any is waiting (for the scheduler)."""
        return next_due(self.state)

    # --- maintenance -------------------------------------------------------------------

    def replay(self, progress: Callable[[int], None] | None = None) -> State:
        """Fold the state again from the ledger alone (what a restart does)."""
        return self.pipeline.refold(progress)
