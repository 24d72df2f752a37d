"""Governance.handle(command): load the state, check the rules, append the events.

The state lives in memory and catches up from the ledger before each command, so
several processes can share one database: each appends only after the position its
decision was based on, and retries on the newer state if another got there first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from councils.adapters.codec import RecordedEvent
from councils.adapters.ledger_rows import decode_event
from councils.adapters.sql_ledger import LedgerWriter, Projector, SqlLedger
from councils.adapters.sql_projections import SqlProjections
from councils.application.collector import collector_paused
from councils.application.receipts import draw_receipt
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, resolve_document
from councils.domain.commands import Command, FoundRepublic, FoundUnion, parse_command
from councils.domain.errors import Conflict, DomainError, InvalidCommand
from councils.domain.events import Event, SealedBallot
from councils.domain.handlers import Decision, due, handle
from councils.domain.ports import CountRequest
from councils.domain.state import State

Clock = Callable[[], datetime]
Counter = Callable[[CountRequest], dict[str, Any]]
Check = Callable[[int, State, Command], None]  # raises a DomainError to refuse the command


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Applied:
    """A command that was accepted: its events as recorded, and a voter's receipt if secret."""

    command: Command
    events: list[RecordedEvent]
    receipt: str | None = None


class _Context:
    def __init__(self, ledger: SqlLedger, now: datetime, counter: Counter,
                 pending: list[SealedBallot]) -> None:
        self._ledger = ledger
        self._now = now
        self._counter = counter
        self._pending = pending

    @property
    def now(self) -> datetime:
        return self._now

    def new_receipt(self) -> str:
        return draw_receipt()

    def sealed_ballots(self, question: str) -> list[SealedBallot]:
        stored = self._ledger.sealed_ballots(question)
        return stored + [b for b in self._pending if b.question == question]

    def count(self, request: CountRequest) -> dict[str, Any]:
        return self._counter(request)


def _default_counter(request: CountRequest) -> dict[str, Any]:
    from councils.application.counter import count_question

    return count_question(request)


class Governance:
    def __init__(self, ledger: SqlLedger, clock: Clock = utc_now, counter: Counter = _default_counter,
                 projections: SqlProjections | None = None) -> None:
        self.ledger = ledger
        self.clock = clock
        self.counter = counter
        self.projections = projections or SqlProjections()
        self._state = State()

    # --- state -----------------------------------------------------------------------

    def catch_up(self) -> State:
        """Fold in what other writers appended since this process last looked."""
        position, _ = self.ledger.head()
        if position != self._state.position:
            if position < self._state.position:
                self._state = State()
            for r in self.ledger.read(after=self._state.position):
                self._state.apply(r.event)
        return self._state

    @property
    def state(self) -> State:
        return self.catch_up()

    # --- commands --------------------------------------------------------------------

    def parse(self, raw: Mapping[str, Any] | Command) -> Command:
        command = raw if isinstance(raw, Command) else parse_command(raw)
        if isinstance(command, FoundUnion | FoundRepublic) and isinstance(command.constitution, str):
            try:
                doc = resolve_document(command.constitution)
                load_constitution(doc, command.constitution)  # errors name the file, not the polity
            except ConstitutionError as exc:
                raise InvalidCommand(str(exc)) from None
            command = type(command)(**{**command.__dict__, "constitution": doc})
        return command

    def handle(self, raw: Mapping[str, Any] | Command, retries: int = 5) -> Applied:
        """Apply one command atomically, or raise a DomainError having changed nothing."""
        command = self.parse(raw)
        for attempt in range(retries + 1):
            refusal: DomainError | None = None
            try:
                with self.ledger.writing() as writer:  # decide under the lock: writers queue, not race
                    state = self.catch_up()
                    now = self.clock()
                    try:
                        return self._commit(state, command, now, due(state, now), writer)
                    except Conflict:
                        raise
                    except DomainError as exc:
                        refusal = exc  # keep the due effects `_commit` appended, then refuse
            except Conflict:
                self._state = State()  # rebuild from the ledger, then decide again
                if attempt == retries:
                    raise
                continue
            assert refusal is not None
            raise refusal
        raise AssertionError("unreachable")

    def handle_batch(self, raws: Iterable[Mapping[str, Any] | Command]) -> tuple[int, DomainError | None]:
        """Apply commands in one transaction up to the first refusal, which is reported.

        Everything before the refused command is kept: the same contract as `apply FILE`,
        at the cost of one commit instead of one per line.
        """
        with self.ledger.writing() as writer:
            return self._batch(raws, writer)

    def _batch(self, raws: Iterable[Mapping[str, Any] | Command],
               writer: LedgerWriter) -> tuple[int, DomainError | None]:
        state = self.catch_up()
        now = self.clock()
        start = state.position
        events: list[Event] = list(due(state, now))
        for e in events:
            state.apply(e)
        sealed: list[SealedBallot] = []
        ctx = _Context(self.ledger, now, self.counter, sealed)  # one for all: it reads `sealed` live
        done, error = 0, None
        for raw in raws:
            try:
                command = self.parse(raw)
                decision = handle(state, command, ctx)
            except DomainError as exc:
                error = exc
                break
            for e in decision.events:
                state.apply(e)
            events.extend(decision.events)
            sealed.extend(decision.sealed)
            done += 1
        writer.on_rollback(self._forget_state)
        try:
            writer.append(events, start, sealed, self._projector(state))
        except Exception:
            self._state = State()
            raise
        return done, error

    def handle_group(self, raws: Sequence[Mapping[str, Any] | Command], check: Check | None = None,
                     retries: int = 5) -> list[Applied | DomainError]:
        """Apply independent commands in one transaction, each accepted or refused on its own.

        Each command is decided as if handled alone, in this order: against the state the
        commands before it leave, after `check(index, state, command)` (an authorisation,
        say) on that same state. A refusal changes nothing and does not stop the others.
        They share one commit: the group commit of a server with many commands in flight.
        If the transaction fails, none is applied and its error is raised.
        """
        for attempt in range(retries + 1):
            try:
                with self.ledger.writing() as writer:
                    return self._group(raws, check, writer)
            except Conflict:
                self._state = State()  # rebuild from the ledger, then decide again
                if attempt == retries:
                    raise
        raise AssertionError("unreachable")

    def _group(self, raws: Sequence[Mapping[str, Any] | Command], check: Check | None,
               writer: LedgerWriter) -> list[Applied | DomainError]:
        state = self.catch_up()
        now = self.clock()
        start = state.position
        events: list[Event] = list(due(state, now))
        for e in events:
            state.apply(e)
        sealed: list[SealedBallot] = []
        decided: list[tuple[Command, int, int, str | None] | DomainError] = []
        for index, raw in enumerate(raws):
            try:
                command = raw if isinstance(raw, Command) else parse_command(raw)
                if check is not None:
                    check(index, state, command)
                command = self.parse(command)
                decision = handle(state, command, _Context(self.ledger, now, self.counter, sealed))
            except Conflict:
                raise
            except DomainError as exc:
                decided.append(exc)
                continue
            for e in decision.events:
                state.apply(e)
            decided.append((command, len(events), len(events) + len(decision.events), decision.receipt))
            events.extend(decision.events)
            sealed.extend(decision.sealed)
        recorded = self._append(state, events, sealed, start, writer) if events else []
        return [d if isinstance(d, DomainError) else Applied(d[0], recorded[d[1]:d[2]], d[3])
                for d in decided]

    def _commit(self, state: State, command: Command, now: datetime, pending: list[Event],
                writer: LedgerWriter) -> Applied:
        for e in pending:
            state.apply(e)
        try:
            decision: Decision = handle(state, command, _Context(self.ledger, now, self.counter, []))
        except DomainError:
            if pending:  # the due effects still happen, even if this command is refused
                self._append(state, pending, [], state.position - len(pending), writer)
            raise
        for e in decision.events:
            state.apply(e)
        all_events = pending + decision.events
        recorded = self._append(state, all_events, decision.sealed,
                                state.position - len(all_events), writer)
        return Applied(command, recorded[len(pending):], decision.receipt)

    def append_prepared(self, events: list[Event], payloads: Sequence[str] | None = None,
                        project: Projector | None = None) -> list[RecordedEvent]:
        """Append events that come from no command (an archive import), atomically.

        For a bulk importer: `payloads`, each event's data already in canonical JSON,
        built more cheaply than by a generic encoder (see `ledger_rows.chain_rows`); and
        `project`, which writes these events' projection rows in place of the general
        projector (a register's persons rows, straight from its columns).
        """
        with self.ledger.writing() as writer:
            state = self.catch_up()
            start = state.position
            for e in events:
                state.apply(e)
            return self._append(state, events, [], start, writer, payloads, project)

    def _append(self, state: State, new: list[Event], sealed: list[SealedBallot],
                expected: int, writer: LedgerWriter, payloads: Sequence[str] | None = None,
                project: Projector | None = None) -> list[RecordedEvent]:
        writer.on_rollback(self._forget_state)  # if the transaction fails, even at commit
        try:
            return writer.append(new, expected, sealed, project or self._projector(state),
                                 payloads)
        except Exception:
            self._state = State()  # the in-memory state ran ahead of a failed append
            raise

    def _forget_state(self) -> None:
        self._state = State()  # the in-memory state ran ahead of a transaction that failed

    def _projector(self, state: State) -> Callable[[Connection, list[RecordedEvent]], None]:
        def project(conn: Connection, recorded: list[RecordedEvent]) -> None:
            self.projections.write(conn, state, recorded)

        return project

    # --- maintenance -----------------------------------------------------------------

    def replay(self, progress: Callable[[int], None] | None = None) -> State:
        """Rebuild the state and every projection from the ledger alone."""
        state = State()
        apply = state.apply
        with collector_paused():
            for page in self.ledger.read_rows():  # rows, not RecordedEvents: hashes are not needed
                for row in page:
                    apply(decode_event(row))
                if progress is not None:
                    progress(state.position)
            with self.ledger.engine.begin() as conn:
                self.projections.rebuild(conn, state)
        self._state = state
        return state

    def snapshot(self) -> dict[str, Any]:
        self.catch_up()
        with self.ledger.engine.connect() as conn:
            return self.projections.snapshot(conn)
