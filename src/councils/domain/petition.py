"""Petitions in the folded state: who may sign, who has signed, and what reaching the threshold did.

A petition is how the electors themselves (or, for a union's congress, the member republics)
put something in motion that no single one of them may: a recall of their delegate (R8: the
councils answer to those who elected them, not to one angry voter), a popular initiative of
a law, an extraordinary congress (USSR 1924 Art. 11: on the demand of two union republics).
Its signers are fixed when it starts, like the roll of a question, so that registering
electors afterwards cannot swing it; the threshold is the constitution's
(`[petitions.<kind>]`), worked out on that list.

This module holds only data and the fold; `handlers/petitions.py` decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from councils.domain.electorate import Roll

KINDS = ("recall", "initiative", "congress", "proposal")


@dataclass
class Petition:
    id: str
    kind: str  # recall | initiative | congress | proposal
    polity: str  # the republic (recall, initiative) or union (congress) whose records it belongs to
    body: str  # where it has its effect: the constituency (recall), the deciding body, the congress
    text: str
    details: dict[str, Any]  # delegate, question to open, competence, target, union, share
    signers: Roll  # who may sign (electors, or member republics), fixed when it started
    needed: int  # signatures that open its effect
    started_by: str | None
    started_at: str
    signatures: list[str] = field(default_factory=list)
    signed_at: dict[str, str] = field(default_factory=dict)
    status: str = "open"  # open | succeeded
    succeeded_at: str | None = None

    def detail(self, key: str) -> Any:
        return self.details.get(key)


def started(petitions: dict[str, Petition], d: dict[str, Any], at: str) -> None:
    petitions[d["petition"]] = Petition(
        d["petition"], d["kind"], d["polity"], d["body"], d["text"], dict(d.get("details", {})),
        Roll(d["signers"]), d["needed"], d.get("started_by"), at)


def signed(petitions: dict[str, Petition], d: dict[str, Any], at: str) -> None:
    petition = petitions[d["petition"]]
    petition.signatures.append(d["signer"])
    petition.signed_at[d["signer"]] = at


def succeeded(petitions: dict[str, Petition], d: dict[str, Any], at: str) -> None:
    petition = petitions[d["petition"]]
    petition.status = "succeeded"
    petition.succeeded_at = at
