"""Slowing down password guessing: failed sign-ins are counted per login and per address.

Argon2 makes each guess cost the guesser time, but not enough against a weak password
tried from many connections. After `per_login` failed sign-ins for one login within
`window`, or `per_address` from one client address, further attempts are refused
before any password is checked (so refusing costs no Argon2 time either) until the
oldest of those failures leaves the window. An address gets a higher limit than a
login, since many electors may sign in from behind one address (a workplace, a
council office). A successful sign-in clears its login's failures.

The failures are kept where every server process sees them: in the database, beside
the accounts (`AttemptStore`, `adapters.accounts_sql`), and each attempt is checked
and counted in one atomic step there (the rows of its login and address locked, read,
changed and written in one transaction), so forty parallel guesses sent to two server
processes on one database still get at most the limit of password checks. Without a
store (unit tests) they are held in memory, per process. The number of logins and
addresses tracked is bounded (expired entries pruned, in memory the oldest dropped), so
a flood of made-up logins cannot fill the store.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from councils.domain.errors import DomainError

PER_LOGIN = 5
PER_ADDRESS = 50
WINDOW = timedelta(minutes=15)
TRACKED = 100_000
PRUNE_EVERY = 500  # changes between two prunings of expired entries in a store

Key = tuple[str, str]  # ("login" | "address", the login or address)
Times = Mapping[Key, Sequence[float]]
Change = Callable[[Times], Mapping[Key, list[float]]]


class TooManyAttempts(DomainError):
    """Too many failed sign-ins lately; `retry_after` says in how many seconds to try again."""

    label = "too many requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AttemptStore(Protocol):
    """Where failed sign-ins are kept: the times (POSIX seconds) of each key's recent failures.

    `change_attempts` is the one atomic step: it reads the times of `keys`, gives them to
    `change`, and writes back what it returns (an empty list removes the key), with no
    other change to those keys between the read and the write, in this process or any
    other. If `change` raises, nothing is written and the exception propagates.
    """

    def change_attempts(self, keys: Sequence[Key], change: Change) -> None: ...

    def prune_attempts(self, before: float) -> int: ...


class MemoryAttempts:
    """`AttemptStore` in this process's memory: bounded to `tracked` keys, oldest dropped first."""

    def __init__(self, tracked: int = TRACKED) -> None:
        self.tracked = tracked
        self._times: OrderedDict[Key, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def change_attempts(self, keys: Sequence[Key], change: Change) -> None:
        with self._lock:
            changed = change({k: list(self._times.get(k, ())) for k in keys})
            for key, times in changed.items():
                if times:
                    self._times[key] = list(times)
                    self._times.move_to_end(key)
                else:
                    self._times.pop(key, None)
            while len(self._times) > self.tracked:
                self._times.popitem(last=False)

    def prune_attempts(self, before: float) -> int:
        with self._lock:
            old = [k for k, times in self._times.items() if not times or times[-1] < before]
            for key in old:
                del self._times[key]
            return len(old)

    def __len__(self) -> int:
        return len(self._times)


class SignInLimit:
    """A sliding window of failed sign-ins for each login and each client address."""

    def __init__(self, clock: Callable[[], datetime], per_login: int = PER_LOGIN,
                 per_address: int = PER_ADDRESS, window: timedelta = WINDOW,
                 store: AttemptStore | None = None) -> None:
        self.clock = clock
        self.window = window
        self.limits = {"login": per_login, "address": per_address}
        self.store: AttemptStore = store if store is not None else MemoryAttempts()
        self._changes = 0
        self._count_lock = threading.Lock()

    def _keys(self, login: str, address: str | None) -> list[Key]:
        keys = [("login", login)]
        if address:
            keys.append(("address", address))
        return keys

    def _now(self) -> float:
        return self.clock().timestamp()

    def _recent(self, times: Sequence[float], now: float) -> list[float]:
        cutoff = now - self.window.total_seconds()
        return [t for t in times if t > cutoff]

    def _refuse_if_used_up(self, key: Key, recent: Sequence[float], now: float) -> None:
        if len(recent) >= self.limits[key[0]]:
            retry = max(1, math.ceil(recent[0] + self.window.total_seconds() - now))
            what = "this login" if key[0] == "login" else "this address"
            raise TooManyAttempts(
                f"too many failed sign-ins for {what}: {len(recent)} in the last "
                f"{int(self.window.total_seconds() // 60)} minutes; try again in "
                f"{retry} seconds", retry)

    def _change(self, login: str, address: str | None, change: Change) -> None:
        self.store.change_attempts(self._keys(login, address), change)
        with self._count_lock:
            self._changes += 1
            prune = self._changes % PRUNE_EVERY == 0
        if prune:
            self.store.prune_attempts(self._now() - self.window.total_seconds())

    def check(self, login: str, address: str | None = None) -> None:
        """Refuse (TooManyAttempts) if the login or the address has used up its failures."""
        now = self._now()

        def look(times: Times) -> dict[Key, list[float]]:
            for key, found in times.items():
                self._refuse_if_used_up(key, self._recent(found, now), now)
            return {}  # nothing to write

        self.store.change_attempts(self._keys(login, address), look)

    def reserve(self, login: str, address: str | None = None) -> None:
        """`check` and count this attempt as a failure in one atomic step, before the password is
        checked.

        Checking and recording apart let forty parallel guesses all pass the check before
        any was recorded; reserved in one step (in the store's transaction, so across
        server processes too), at most the limit of attempts are ever checked. A sign-in
        that succeeds gives its reservation back (`succeeded`).
        """
        now = self._now()

        def take(times: Times) -> dict[Key, list[float]]:
            changed = {}
            for key, found in times.items():
                recent = self._recent(found, now)
                self._refuse_if_used_up(key, recent, now)
                changed[key] = [*recent, now]
            return changed

        self._change(login, address, take)

    def failed(self, login: str, address: str | None = None) -> None:
        """Count a failure that was not reserved beforehand."""
        now = self._now()
        self._change(login, address, lambda times: {
            key: [*self._recent(found, now), now] for key, found in times.items()})

    def succeeded(self, login: str, address: str | None = None, reserved: bool = False) -> None:
        """Clear the login's failures; give back the address's reserved attempt, if one was."""

        def give_back(times: Times) -> dict[Key, list[float]]:
            changed: dict[Key, list[float]] = {("login", login): []}
            found = list(times.get(("address", address or ""), ()))
            if reserved and address and found:
                changed[("address", address)] = found[:-1]
            return changed

        self.store.change_attempts(self._keys(login, address if reserved else None), give_back)
