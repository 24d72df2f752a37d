"""The one place that picks concrete adapters: a database URL in, a ready Governance out."""

from __future__ import annotations

import os

from councils.adapters.sql_ledger import SqlLedger
from councils.application.governance import Clock, Governance, utc_now

DEFAULT_URL = "sqlite:///councils.db"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("COUNCILS_DATABASE_URL") or DEFAULT_URL


def open_ledger(url: str | None = None, create: bool = True) -> SqlLedger:
    ledger = SqlLedger(database_url(url))
    if create:
        ledger.create_schema()
    return ledger


def governance(url: str | None = None, clock: Clock = utc_now) -> Governance:
    return Governance(open_ledger(url), clock=clock)
