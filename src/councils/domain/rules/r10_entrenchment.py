"""R10 Entrenchment: amending the separation rule needs every member republic's consent."""

from __future__ import annotations

from typing import Any

from councils.domain.errors import Refused, Rule
from councils.domain.state import Polity, State


def touches_separation(amend: dict[str, Any] | None) -> bool:
    return bool(amend) and any(key.startswith("secession") for key in amend or {})


def members_to_consent(union: Polity) -> list[str]:
    return list(union.members)


def check_consent_question(state: State, republic: Polity, amendment: str | None) -> dict[str, Any]:
    """A republic's consent question must name a pending amendment of its own union."""
    pending = state.amendments.get(amendment or "")
    if pending is None:
        raise Refused(Rule.R10, f"no amendment {amendment!r} is waiting for the members' consent")
    if republic.id not in pending["awaiting"]:
        raise Refused(Rule.R10, f"{republic.id} is not a member asked to consent to {amendment}")
    if republic.id in pending["consented"]:
        raise Refused(Rule.R10, f"{republic.id} has already consented to {amendment}")
    return pending


def completed_by_departure(state: State, union: str, republic: str) -> list[str]:
    """Amendments of `union` that every member still in it has consented to once `republic` leaves.

    A member that leaves takes its pending consent with it: the amendment is decided on the
    members that remain, so a secession can neither jam an amendment for ever nor block it.
    """
    done = []
    for question, pending in state.amendments.items():
        if pending["polity"] != union or republic not in pending["awaiting"]:
            continue
        remaining = set(pending["awaiting"]) - {republic}
        if remaining <= set(pending["consented"]):
            done.append(question)
    return done
