"""Group commit: the single commands of concurrent requests share one durable transaction.

A command is acknowledged only once it is committed, and a commit costs a disk flush
(SQLite's WAL sync, PostgreSQL's WAL flush), so one transaction per request caps a
server at a few hundred ballots a second whatever the CPU. Here, while one group is
being written, the requests that arrive meanwhile wait in a queue; the next group
takes all of them (up to `MAX_GROUP`) into one transaction. Under no load a group is
one command and nothing waits; under load the flush is shared by many.

Each command is still authorised, decided and refused or applied on its own, in arrival
order, on the state the commands before it leave (`AuthorisedGovernance.handle_group`),
so a response says exactly what `handle` would have said for it alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool

from councils.application.accounts import Account
from councils.application.authorisation import AuthorisedGovernance
from councils.application.governance import Applied
from councils.domain.errors import DomainError

MAX_GROUP = 1000

_Waiting = tuple[Account | None, Mapping[str, Any], "asyncio.Future[Applied]"]


class GroupCommit:
    def __init__(self, authorised: AuthorisedGovernance, max_group: int = MAX_GROUP) -> None:
        self.authorised = authorised
        self.max_group = max_group
        self._waiting: list[_Waiting] = []
        self._writing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None  # held, so the writer is not collected

    async def handle(self, actor: Account | None, raw: Mapping[str, Any]) -> Applied:
        """Apply one command (in the next group) and return what it did, or raise its refusal."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a test client's): start afresh on it
            self._loop, self._waiting, self._writing = loop, [], False
        done: asyncio.Future[Applied] = loop.create_future()
        self._waiting.append((actor, raw, done))
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
                    outcomes = await run_in_threadpool(
                        self.authorised.handle_group, [(actor, raw) for actor, raw, _ in group])
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
                    if isinstance(outcome, DomainError):
                        done.set_exception(outcome)
                    else:
                        done.set_result(outcome)
        finally:
            self._writing = False
