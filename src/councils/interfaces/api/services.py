"""What a request handler needs, built once per app: the governance with its lock, accounts, queries."""

from __future__ import annotations

from dataclasses import dataclass
from threading import RLock

from argon2 import PasswordHasher
from fastapi import Request

from councils.adapters.accounts_sql import SqlAccountStore
from councils.application.accounts import Accounts
from councils.application.authorisation import AuthorisedGovernance
from councils.application.governance import Governance
from councils.application.queries import Queries


@dataclass(frozen=True)
class Services:
    gov: Governance
    accounts: Accounts
    authorised: AuthorisedGovernance
    queries: Queries


def build_services(gov: Governance, accounts: Accounts | None = None,
                   hasher: PasswordHasher | None = None) -> Services:
    """One lock shared by the writer and the readers of the in-memory state."""
    lock = RLock()
    if accounts is None:
        accounts = Accounts(SqlAccountStore(gov.ledger.engine), gov.clock, hasher)
    return Services(gov, accounts, AuthorisedGovernance(gov, accounts, lock), Queries(gov, lock))


def services(request: Request) -> Services:
    """FastAPI dependency: the app's services."""
    found: Services = request.app.state.services
    return found
