"""What a request handler needs, built once per app: the governance with its lock, accounts, queries,
and the group commit that single commands go through."""

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
from councils.interfaces.api.group_commit import GroupCommit


@dataclass(frozen=True)
class Services:
    gov: Governance
    accounts: Accounts
    authorised: AuthorisedGovernance
    queries: Queries
    group: GroupCommit


def build_services(gov: Governance, accounts: Accounts | None = None,
                   hasher: PasswordHasher | None = None) -> Services:
    """One lock shared by the writer and the readers of the in-memory state."""
    lock = RLock()
    if accounts is None:
        accounts = Accounts(SqlAccountStore(gov.ledger.engine), gov.clock, hasher)
    authorised = AuthorisedGovernance(gov, accounts, lock)
    return Services(gov, accounts, authorised, Queries(gov, lock), GroupCommit(authorised))


def services(request: Request) -> Services:
    """FastAPI dependency: the app's services."""
    found: Services = request.app.state.services
    return found


async def api_services(request: Request) -> Services:
    """The same as an async dependency of the API: FastAPI runs a plain one in a worker thread."""
    found: Services = request.app.state.services
    return found
