"""What a request handler needs, built once per app from the composition root's container:
the governance, accounts, queries, the scheduler, and the group commit that single commands
go through."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from councils.application.accounts import Accounts
from councils.application.authorisation import AuthorisedGovernance
from councils.application.governance import Governance
from councils.application.ports import CheckpointLog
from councils.application.queries import Queries
from councils.application.records import Rotations
from councils.application.scheduler import Scheduler
from councils.bootstrap import Container
from councils.interfaces.api.group_commit import GroupCommit


@dataclass(frozen=True)
class Services:
    gov: Governance
    accounts: Accounts
    authorised: AuthorisedGovernance
    queries: Queries
    group: GroupCommit
    scheduler: Scheduler
    checkpoints: CheckpointLog | None = None
    public_keys: tuple[str, ...] = ()
    polity_keys: tuple[tuple[str, str], ...] = ()  # (polity, public key): one signing key per polity
    rotations: Rotations = field(default_factory=Rotations)  # the key rotations read so far


def build_services(container: Container) -> Services:
    """The composition root's services, and the group commit that the API adds to them."""
    return Services(container.gov, container.accounts, container.authorised, container.queries,
                    GroupCommit(container.authorised), container.scheduler, container.checkpoints,
                    container.public_keys, container.polity_keys)


def services(request: Request) -> Services:
    """FastAPI dependency: the app's services."""
    found: Services = request.app.state.services
    return found


async def api_services(request: Request) -> Services:
    """The same as an async dependency of the API: FastAPI runs a plain one in a worker thread."""
    found: Services = request.app.state.services
    return found
