"""The one way anything is written: catch up, settle what is due, decide, append, fold.

Every write of the application goes through `Pipeline`: a single command, a file of
commands, the group commit of a busy server, a clerk's upload, the clock's own effects,
an archive or a register imported in bulk. The steps are always the same, in one
transaction that holds the ledger's write lock from the first read to the commit:

1. catch up: fold in what other processes appended since this one last looked;
2. settle: effects whose time has come (a secession at the end of its notice period)
   are committed first, in a transaction of their own: they are the clock's, not the
   command's, so a refused command neither carries nor blocks them;
3. decide each command against the state the ones before it leave (`Mode` says what a
   refusal does to the others), folding its events in so the next one sees them;
4. append the events and sealed ballots once, after the position the decisions read.

A refused command appends nothing. A transaction that fails takes back what it folded
in (`State.unapply`), so the state stays as the ledger is without being read again.
A `Conflict` (another process holds or moved the ledger) is retried on the newer state
in every mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple

from councils.application.collector import collector_paused
from councils.application.notice_drafts import drafts_for
from councils.application.ports import Clock, Counter, EventStore, LedgerTransaction, RecordedEvent
from councils.application.receipts import draw_receipt
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, resolve_document
from councils.domain.commands import Command, FoundRepublic, FoundUnion, parse_command
from councils.domain.errors import Conflict, DomainError, InvalidCommand
from councils.domain.events import Event, SealedBallot
from councils.domain.handlers import closing_due, due, handle
from councils.domain.handlers.dated import parse_at
from councils.domain.ports import CountRequest
from councils.domain.state import State

Raw = Mapping[str, Any] | Command
Check = Callable[[int, State, Command], None]  # raises a DomainError to refuse the command


_BULK = 64
"""From this many commands in one call, the cyclic collector is paused while they are decided.

Deciding a batch allocates many small objects and frees them by reference counting; the
collections that allocation alone sets off walk the whole folded state each time, for no
cycle to find (`python -m bench record --side-by-side REF` shows the batched rate).
"""


class Mode(Enum):
    """What one refused command does to the others written with it."""

    ALL_OR_NOTHING = "all"  # any refusal is raised and nothing is written
    UP_TO_REFUSAL = "prefix"  # the commands before the first refusal are kept (`apply FILE`)
    EACH = "each"  # each is accepted or refused on its own (a server's group commit, an upload)


class Applied(NamedTuple):
    """A command that was accepted: its events as recorded, and a voter's receipt if secret.

    A named tuple rather than a frozen dataclass: one is made for every ballot of a batch,
    and a tuple is built in C (a third of the per-ballot cost of the pipeline's own loop).
    """

    command: Command
    events: list[RecordedEvent]
    receipt: str | None = None


Outcome = Applied | Exception  # a DomainError for a refusal; another error if its own write failed


_FOUNDING = (FoundUnion, FoundRepublic)  # the commands whose constitution is named by preset or path


class _Settle(Exception):
    pass


def _earliest_at(raws: Sequence[Raw]) -> datetime | None:
    """The earliest date among dated commands (their `at`), if any: effects are settled by it."""
    earliest: datetime | None = None
    for raw in raws:
        if type(raw) is dict:  # the common case first: the ABC checks below cost more than the lookup
            at = raw.get("at")
        else:
            at = raw.at if isinstance(raw, Command) else raw.get("at") if isinstance(raw, Mapping) else None
        if isinstance(at, str):
            try:
                when = parse_at("at", at)
            except DomainError:
                continue  # the command itself is refused for it, by its handler
            earliest = when if earliest is None or when < earliest else earliest
    return earliest


class _Context:
    """What the domain may ask while deciding: the time, receipts, sealed ballots, a count."""

    def __init__(self, store: EventStore, now: datetime, counter: Counter,
                 pending: list[SealedBallot]) -> None:
        self._store = store
        self._now = now
        self._counter = counter
        self._pending = pending

    @property
    def now(self) -> datetime:
        return self._now

    def new_receipt(self) -> str:
        return draw_receipt()

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        stored = self._store.sealed_ballots(question)
        return stored + [b for b in self._pending if b.question == question]

    def count(self, request: CountRequest) -> dict[str, Any]:
        return self._counter(request)


def _outbox(tx: LedgerTransaction, recorded: list[RecordedEvent]) -> None:
    """The notices these events call for, written in their transaction (application/notices.py)."""
    drafts = drafts_for(recorded)
    if drafts:
        tx.add_notices(drafts)


class Batch:
    """Events written in one pipeline transaction by a bulk writer (an archive, a register)."""

    def __init__(self, pipeline: Pipeline, tx: LedgerTransaction, state: State, now: datetime) -> None:
        self._pipeline = pipeline
        self.tx = tx
        self.state = state
        self.now = now
        tx.on_rollback(pipeline.forget)

    def append(self, events: list[Event]) -> list[RecordedEvent]:
        """Fold `events` in and append them after everything this transaction holds so far.

        A bulk writer's events are not kept for taking back if the transaction fails: a
        million registrations would hold 200 MB for a case that hardly happens. If it does
        fail, the state is folded again from the ledger.
        """
        start = self.state.position
        apply = self.state.apply
        for e in events:
            apply(e)
        recorded = self.tx.append(events, start)
        _outbox(self.tx, recorded)
        return recorded


class Pipeline:
    """Decide-and-append over an `EventStore`, keeping the state folded from it in memory.

    The state is shared by everyone reading through this process; it is not safe to use
    from several threads at once without a lock around the pipeline (the server holds one).
    """

    def __init__(self, store: EventStore, clock: Clock, counter: Counter, retries: int = 5) -> None:
        self.store = store
        self.clock = clock
        self.counter = counter
        self.retries = retries
        self._state = State()

    # --- the state -------------------------------------------------------------------

    def catch_up(self) -> State:
        """Fold in what other writers appended since this process last looked."""
        position, _ = self.store.head()
        if position != self._state.position:
            if position < self._state.position:  # not the ledger this state was folded from
                self._state = State()
            apply = self._state.apply
            for page in self.store.read_events(after=self._state.position):
                for e in page:
                    apply(e)
        return self._state

    def refold(self, progress: Callable[[int], None] | None = None) -> State:
        """Fold a new state from the whole ledger and keep it (a replay)."""
        state = State()
        apply = state.apply
        with collector_paused():
            for page in self.store.read_events():
                for e in page:
                    apply(e)
                if progress is not None:
                    progress(state.position)
        self._state = state
        return state

    def forget(self) -> None:
        """After a failed bulk transaction: fold the state again from the ledger at the next read."""
        self._state = State()

    def take_back(self, folded: list[Event], last_at: str | None = None) -> None:
        """After a failed transaction: unfold its events, or fold again if some cannot be."""
        if folded and not self._state.unapply(folded):
            self._state = State()  # caught up from the ledger by the next read
        elif folded and last_at is not None:
            self._state.last_at = last_at
        folded.clear()

    # --- commands --------------------------------------------------------------------

    def parse(self, raw: Raw) -> Command:
        """A command from its JSON form, with a constitution named by preset or path resolved."""
        command = raw if isinstance(raw, Command) else parse_command(raw)
        if (type(command) in _FOUNDING and isinstance(command, FoundUnion | FoundRepublic)
                and isinstance(command.constitution, str)):
            try:
                doc = resolve_document(command.constitution)
                load_constitution(doc, command.constitution)  # errors name the file, not the polity
            except ConstitutionError as exc:
                raise InvalidCommand(str(exc)) from None
            command = replace(command, constitution=doc)
        return command

    def run(self, raws: Sequence[Raw], mode: Mode, check: Check | None = None) -> list[Outcome]:
        """Decide and append `raws` in one transaction under `mode`; one outcome per command.

        In `ALL_OR_NOTHING` mode a refusal is raised. In `UP_TO_REFUSAL` mode the outcomes
        stop at the first refusal, which is the last one. In `EACH` mode, if the shared
        transaction itself fails (a database error one command's data causes), each
        command is written again in a transaction of its own, so only that one fails.
        """
        when = _earliest_at(raws)
        try:
            # a batch makes no cycles, only garbage that reference counting frees
            with collector_paused() if len(raws) >= _BULK else nullcontext():
                return self._retrying(lambda tx, state, now: self._decide(tx, state, now, raws, mode, check), when)
        except DomainError:
            raise
        except Exception:
            if mode is not Mode.EACH or len(raws) < 2:
                raise
        return [self._alone(i, raw, check) for i, raw in enumerate(raws)]

    def _alone(self, index: int, raw: Raw, check: Check | None) -> Outcome:
        def checked(i: int, state: State, command: Command) -> None:
            if check is not None:
                check(index, state, command)

        try:
            return self.run([raw], Mode.EACH, checked)[0]
        except Exception as exc:
            return exc

    def tick(self, at: datetime | None = None) -> list[RecordedEvent]:
        """Commit the effects whose time has come by ``at`` (default: now); return them as recorded.

        A voting window that has closed is closed by a ``close_question`` decided here
        like any command, at its closing time (or the last recorded time, if that is later:
        the ledger never goes back): its count, effects and refusals are the handler's; one
        the handler refuses is left open, and its refusal is not raised: it is the clock's.
        """
        for attempt in range(self.retries + 1):
            try:
                with self.store.writing() as tx:
                    state = self.catch_up()
                    now = self.clock() if at is None else at
                    pending = due(state, now)
                    closing = closing_due(state, now)
                    if not pending and not closing:
                        return []
                    recorded = Batch(self, tx, state, now).append(pending) if pending else []
                    for close, closes_at in closing:
                        if state.last_at and datetime.fromisoformat(state.last_at) > closes_at:
                            closes_at = datetime.fromisoformat(state.last_at)
                        for outcome in self._decide(tx, state, closes_at, [close], Mode.EACH, None):
                            if isinstance(outcome, Applied):
                                recorded += outcome.events
                    return recorded
            except Conflict:
                if attempt == self.retries:
                    raise
        raise AssertionError("unreachable")

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One transaction for a bulk writer, after the effects due are settled.

        The block reads `batch.state` (caught up, under the write lock) and appends
        prepared events with `batch.append`; they commit together when it ends.
        """
        self.tick()
        with self.store.writing() as tx:
            state = self.catch_up()
            yield Batch(self, tx, state, self.clock())

    def _retrying(self, work: Callable[[LedgerTransaction, State, datetime], list[Outcome]],
                  when: datetime | None = None) -> list[Outcome]:
        """Run ``work`` in a write transaction, after settling the effects due by ``when``
        (the earliest date of dated commands, else now: a command dated in the past is
        decided before what fell due after it, as it happened)."""
        attempt = 0
        settled = False  # settle once: an effect its handler refuses must not hold the command up
        while True:
            try:
                with self.store.writing() as tx:
                    state = self.catch_up()
                    now = self.clock()
                    by = now if when is None or when > now else when
                    if not settled and (due(state, by) or closing_due(state, by)):
                        raise _Settle
                    return work(tx, state, now)
            except _Settle:
                settled = True
                self.tick(by)
            except Conflict:
                attempt += 1
                if attempt > self.retries:
                    raise

    def _decide(self, tx: LedgerTransaction, state: State, now: datetime, raws: Sequence[Raw],
                mode: Mode, check: Check | None) -> list[Outcome]:
        start = state.position
        events: list[Event] = []  # folded into the state as decided; taken back on rollback
        since = state.last_at  # a dated command's lower bound, restored if this is taken back
        tx.on_rollback(lambda: self.take_back(events, since))
        sealed: list[SealedBallot] = []
        ctx = _Context(self.store, now, self.counter, sealed)  # reads `sealed` as it grows
        decided: list[tuple[Command, int, int, str | None] | DomainError] = []
        apply = state.apply
        for index, raw in enumerate(raws):
            try:
                command = raw if isinstance(raw, Command) else parse_command(raw)
                if check is not None:
                    check(index, state, command)
                decision = handle(state, self.parse(command), ctx)
            except Conflict:
                raise
            except DomainError as exc:
                if mode is Mode.ALL_OR_NOTHING:
                    raise
                decided.append(exc)
                if mode is Mode.UP_TO_REFUSAL:
                    break
                continue
            for e in decision.events:
                apply(e)
            decided.append((command, len(events), len(events) + len(decision.events), decision.receipt))
            events.extend(decision.events)
            sealed.extend(decision.sealed)
        recorded = tx.append(events, start, sealed) if events or sealed else []
        _outbox(tx, recorded)
        return [d if isinstance(d, DomainError) else Applied(d[0], recorded[d[1]:d[2]], d[3])
                for d in decided]
