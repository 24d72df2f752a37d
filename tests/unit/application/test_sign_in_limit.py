"""Failed sign-ins are limited per login and per address, in a sliding window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from councils.application.sign_in_limit import MemoryAttempts, SignInLimit, TooManyAttempts
from tests.conftest import FixedClock


def fail(limit: SignInLimit, times: int, login: str = "ann", address: str | None = "10.0.0.1") -> None:
    for _ in range(times):
        limit.check(login, address)
        limit.failed(login, address)


def test_a_login_is_refused_after_its_failures_until_the_oldest_leaves_the_window() -> None:
    clock = FixedClock()
    limit = SignInLimit(clock, per_login=3, window=timedelta(minutes=10))
    fail(limit, 1)
    clock.now += timedelta(minutes=4)
    fail(limit, 2)
    with pytest.raises(TooManyAttempts) as refused:
        limit.check("ann", "10.0.0.1")
    assert refused.value.retry_after == 6 * 60  # the first failure leaves the window in 6 minutes
    assert "this login" in str(refused.value) and "try again in 360 seconds" in str(refused.value)
    clock.now += timedelta(minutes=6)
    limit.check("ann", "10.0.0.1")  # one failure has left the window: one more try
    limit.failed("ann", "10.0.0.1")
    with pytest.raises(TooManyAttempts):
        limit.check("ann", "10.0.0.1")


def test_other_logins_are_not_held_back_by_one_login_s_failures() -> None:
    limit = SignInLimit(FixedClock(), per_login=2, per_address=100)
    fail(limit, 2, "ann")
    with pytest.raises(TooManyAttempts):
        limit.check("ann", "10.0.0.1")
    limit.check("bob", "10.0.0.1")


def test_an_address_guessing_many_logins_is_refused() -> None:
    limit = SignInLimit(FixedClock(), per_login=5, per_address=4)
    for n in range(4):
        fail(limit, 1, f"person{n}", "10.9.9.9")
    with pytest.raises(TooManyAttempts) as refused:
        limit.check("someone-else", "10.9.9.9")
    assert "this address" in str(refused.value)
    limit.check("someone-else", "10.0.0.2")  # from elsewhere the login is untouched


def test_a_successful_sign_in_clears_the_login_s_failures() -> None:
    limit = SignInLimit(FixedClock(), per_login=3)
    fail(limit, 2)
    limit.succeeded("ann")
    fail(limit, 2)
    limit.check("ann", "10.0.0.1")


def test_the_logins_tracked_in_memory_are_bounded() -> None:
    store = MemoryAttempts(tracked=100)
    limit = SignInLimit(FixedClock(), per_login=1, per_address=10**6, store=store)
    for n in range(1_000):
        limit.failed(f"made-up-{n}", None)
    assert len(store) == 100
    with pytest.raises(TooManyAttempts):
        limit.check("made-up-999")


def test_failures_that_left_the_window_are_pruned() -> None:
    clock = FixedClock()
    store = MemoryAttempts()
    limit = SignInLimit(clock, per_login=3, store=store)
    fail(limit, 1, "ann", None)
    clock.now += timedelta(minutes=20)
    fail(limit, 1, "bob", None)
    assert store.prune_attempts(clock.now.timestamp() - limit.window.total_seconds()) == 1
    assert len(store) == 1  # bob's failure is still in its window


def test_a_refused_reservation_counts_nothing() -> None:
    limit = SignInLimit(FixedClock(), per_login=2, per_address=100)
    limit.reserve("ann", "10.0.0.1")
    limit.reserve("ann", "10.0.0.1")
    for _ in range(5):
        with pytest.raises(TooManyAttempts):
            limit.reserve("ann", "10.0.0.1")
    limit.succeeded("bob", "10.0.0.1", reserved=False)
    limit.reserve("bob", "10.0.0.1")  # the address counted only the two reserved, not the refused
    limit.succeeded("bob", "10.0.0.1", reserved=True)
    limit.reserve("carol", "10.0.0.1")
