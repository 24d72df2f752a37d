"""Group commit: the single commands of concurrent requests share one durable transaction.

A command is acknowledged only once it is committed, and a commit costs a disk flush
(SQLite's WAL sync, PostgreSQL's WAL flush), so one transaction per request caps a
server at a few hundred ballots a second whatever the CPU. Here, while one group is
being written, the requests that arrive meanwhile wait in a queue; the next group
takes all of them (up to `MAX_GROUP`) into one transaction. Under no load a group is
one command and nothing waits; under load the flush is shared by many.

Each command is still authorised, decided and refused or applied on its own, in arrival
order, on the state the commands before it leave (`AuthorisedGovernance.handle_group`),
so a response says exactly what `handle` would have said for it alone. The senders'
bearer tokens are resolved in the same worker thread, those not remembered from a
recent request read from the database together (`Accounts.from_tokens`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import AuthorisedGovernance, Unauthenticated
from councils.application.governance import Applied
from councils.application.pipeline import Outcome
from councils.domain.errors import DomainError

MAX_GROUP = 1000
UNKNOWN_TOKEN = "the bearer token is unknown or has expired; sign in again"

_Waiting = tuple[str | None, Any, "asyncio.Future[Applied]"]


class GroupCommit:
    def __init__(self, authorised: AuthorisedGovernance, max_group: int = MAX_GROUP) -> None:
        self.authorised = authorised
        self.max_group = max_group
        self._waiting: list[_Waiting] = []
        self._writing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None  # held, so the writer is not collected

    async def handle(self, token: str | None, raw: Mapping[str, Any]) -> Applied:
        """Apply one command sent with this bearer token (or none) in the next group, and
        return what it did, or raise its refusal."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a test client's): start afresh on it
            self._loop, self._waiting, self._writing = loop, [], False
        done: asyncio.Future[Applied] = loop.create_future()
        self._waiting.append((token, raw, done))
        if not self._writing:
            self._writing = True
            self._task = loop.create_task(self._write())
        return await done

    async def _write(self) -> None:
        try:
            while self._waiting:
                group = self._waiting[:self.max_group]
                del self._waiting[:self.max_group]
                try:
                    outcomes = await run_in_threadpool(self.apply, [(t, raw) for t, raw, _ in group])
                except BaseException as exc:  # the transaction failed: none of them is applied
                    for _, _, done in group:
                        if not done.done():
                            done.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
                    continue
                for (_, _, done), outcome in zip(group, outcomes, strict=True):
                    if done.done():  # the client went away
                        continue
                    if isinstance(outcome, Exception):  # a refusal, or its own write failed
                        done.set_exception(outcome)
                    else:
                        done.set_result(outcome)
        finally:
            self._writing = False

    def apply(self, requests: list[tuple[str | None, Any]]) -> list[Outcome]:
        """Resolve the tokens, then authorise and apply the commands as one group."""
        actors = self.authorised.accounts.from_tokens([token for token, _ in requests], "api")
        out: list[Outcome | None] = []
        known: list[int] = []
        for i, (token, _) in enumerate(requests):
            if token is not None and actors[i] is None:
                out.append(Unauthenticated(UNKNOWN_TOKEN))
            else:
                out.append(None)
                known.append(i)
        if known:
            done = self.authorised.handle_group([(actors[i], requests[i][1]) for i in known])
            for i, outcome in zip(known, done, strict=True):
                out[i] = outcome
        return [o if o is not None else DomainError("not applied") for o in out]
