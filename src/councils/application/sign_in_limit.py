"""Slowing down password guessing: failed sign-ins are counted per login and per address.

Argon2 makes each guess cost the guesser time, but not enough against a weak password
tried from many connections. After `per_login` failed sign-ins for one login within
`window`, or `per_address` from one client address, further attempts are refused
before any password is checked (so refusing costs no Argon2 time either) until the
oldest of those failures leaves the window. An address gets a higher limit than a
login, since many electors may sign in from behind one address (a workplace, a
council office). A successful sign-in clears its login's failures.

Held in memory, per server process: a restart forgets, which errs on the side of
letting electors in. The number of logins and addresses tracked is bounded, oldest
dropped first, so a flood of made-up logins cannot exhaust memory.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime, timedelta

from councils.domain.errors import DomainError

PER_LOGIN = 5
PER_ADDRESS = 50
WINDOW = timedelta(minutes=15)
TRACKED = 100_000


class TooManyAttempts(DomainError):
    """Too many failed sign-ins lately; `retry_after` says in how many seconds to try again."""

    label = "too many requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignInLimit:
    """A sliding window of failed sign-ins for each login and each client address."""

    def __init__(self, clock: Callable[[], datetime], per_login: int = PER_LOGIN,
                 per_address: int = PER_ADDRESS, window: timedelta = WINDOW,
                 tracked: int = TRACKED) -> None:
        self.clock = clock
        self.window = window
        self.limits = {"login": per_login, "address": per_address}
        self.tracked = tracked
        self._failures: OrderedDict[tuple[str, str], deque[datetime]] = OrderedDict()
        self._lock = threading.RLock()

    def _keys(self, login: str, address: str | None) -> list[tuple[str, str]]:
        keys = [("login", login)]
        if address:
            keys.append(("address", address))
        return keys

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def check(self, login: str, address: str | None = None) -> None:
        """Refuse (TooManyAttempts) if the login or the address has used up its failures."""
        now = self.clock()
        with self._lock:  # re-entrant: `reserve` holds it too
            for key in self._keys(login, address):
                times = self._recent(key, now)
                if times is not None and len(times) >= self.limits[key[0]]:
                    wait = (times[0] + self.window - now).total_seconds()
                    retry = max(1, math.ceil(wait))
                    what = "this login" if key[0] == "login" else "this address"
                    raise TooManyAttempts(
                        f"too many failed sign-ins for {what}: {len(times)} in the last "
                        f"{int(self.window.total_seconds() // 60)} minutes; try again in "
                        f"{retry} seconds", retry)

    def reserve(self, login: str, address: str | None = None) -> None:
        """`check` and count this attempt as a failure in one step, before the password is checked.

        Checking and recording apart let forty parallel guesses all pass the check before
        any was recorded; reserved in one step under the lock, at most the limit of
        attempts are ever checked. A sign-in that succeeds gives its reservation back
        (`succeeded`).
        """
        with self._lock:
            self.check(login, address)
            self._record(login, address)

    def failed(self, login: str, address: str | None = None) -> None:
        with self._lock:
            self._record(login, address)

    def _record(self, login: str, address: str | None) -> None:
        now = self.clock()
        for key in self._keys(login, address):
            times = self._recent(key, now)
            if times is None:
                times = self._failures[key] = deque()
            times.append(now)
            self._failures.move_to_end(key)
        while len(self._failures) > self.tracked:
            self._failures.popitem(last=False)

    def succeeded(self, login: str, address: str | None = None, reserved: bool = False) -> None:
        """Clear the login's failures; give back the address's reserved attempt, if one was."""
        with self._lock:
            self._failures.pop(("login", login), None)
            if reserved and address:
                times = self._failures.get(("address", address))
                if times:
                    times.pop()
