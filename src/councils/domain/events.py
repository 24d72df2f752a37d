"""Events: the facts the ledger keeps, one small JSON payload each.

An event is generic data (type + payload) rather than a class per type, because the
ledger, the archive and the projections all treat events uniformly; the list of types
below is the vocabulary, and `state.apply` gives each its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from councils.domain.encrypted import EVENT_TYPES as ENCRYPTED_EVENT_TYPES
from councils.domain.nations import EVENT_TYPES as NATION_EVENT_TYPES

EVENT_TYPES = frozenset({
    "UnionFounded",
    "RepublicFounded",
    "BodyCreated",
    "PersonRegistered",
    "QuestionOpened",
    "VotingOpened",  # a question's window opened on time (handlers/windows.py): its roll frozen then
    "BallotCast",  # open ballot: voter and choice together
    "VoterParticipated",  # secret ballot: only that the elector voted
    "BallotsPublished",  # secret ballot contents, at close, sorted by receipt
    "QuestionDecided",
    "DecisionOverridden",
    "DelegatesSeated",
    "DelegateRecalled",
    "SecessionDecided",
    "RepublicSeceded",
    "AccessionDecided",
    "RepublicJoined",
    "AmendmentPending",
    "AmendmentConsented",
    "AmendmentRejected",
    "ConstitutionAmended",
    "ArchiveImported",
    "SigningKeyRotated",  # the ledger's signing key replaced, signed by the key before it (application/records.py)
    "PetitionStarted",  # petitions (domain/petition.py)
    "PetitionSigned",
    "PetitionSucceeded",
    "MotionAmended",  # an amendment carried rewrites its motion (handlers/agenda.py)
    "CommentPosted",  # the discussion of an open question or petition (handlers/comments.py)
    "SittingConvened",  # a sitting of a body with its agenda (handlers/sittings.py)
    "SittingClosed",
    "ClassChanged",  # the living register (domain/residents.py)
    "ResidentLeaving",
    "ResidentMoved",
    "PersonDeparted",
    "RightsDeprived",
    "RightsRestored",
}) | NATION_EVENT_TYPES | ENCRYPTED_EVENT_TYPES  # domain/nations.py; encrypted questions (domain/encrypted.py)


@dataclass(frozen=True)
class Event:
    """One fact. `scope` is the polity (republic or union) whose records it belongs to (R9)."""

    type: str
    data: dict[str, Any]
    stream: str
    scope: str
    at: str = ""  # ISO-8601 time the command was handled, set by the application
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")


@dataclass(frozen=True)
class SealedBallot:
    """The content of a secret ballot, kept apart from the ledger until the question closes."""

    question: str
    receipt: str
    preferences: tuple[str, ...]
