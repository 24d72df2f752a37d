"""Driver errors that mean "someone else holds the ledger", as `Conflict`, in one place.

The application retries a `Conflict` on a newer state; any other error is a fault. Which
driver errors are which differs between SQLite and PostgreSQL, so the mapping lives
here, where both the ledger and its helper thread (`write_pipe`) can use it, rather than
in every caller.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from councils.domain.errors import Conflict

RETRYABLE_SQLSTATES = {
    "40001": "a concurrent transaction made this one impossible to serialise",
    "40P01": "a deadlock with a concurrent transaction",
    "55P03": "the ledger is locked by another writer",
    "57014": "the wait for the ledger's lock was cancelled",
}
LEDGER_TABLES = ("events", "ledger_head", "ballot_box")


def translate(exc: DBAPIError) -> Exception:
    """Map a driver error to `Conflict` when retrying on a newer state can succeed.

    Unique violations on the ledger's own tables mean a concurrent writer won; lock
    timeouts, serialisation failures and deadlocks mean it is busy. Anything else (a
    bug, a lost connection) is not a conflict and is returned unchanged, to be re-raised.
    """
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    text = str(orig)
    if isinstance(exc, IntegrityError):
        table = getattr(getattr(orig, "diag", None), "table_name", None)
        if table in LEDGER_TABLES or any(f"{t}." in text for t in LEDGER_TABLES):
            return Conflict(f"a concurrent writer appended first: {text.splitlines()[0]}")
        return exc
    if isinstance(state, str) and state in RETRYABLE_SQLSTATES:
        return Conflict(f"{RETRYABLE_SQLSTATES[state]} ({state}); retry on the newer ledger")
    if isinstance(exc, OperationalError) and ("database is locked" in text or "busy" in text):
        return Conflict(f"the database is busy: {text}")
    return exc
