"""R4 Separation belongs to the labouring classes: the congress of councils decides, never an assembly.

An assembly of the whole nation may vote on secession or accession, and its vote is
recorded, but only as advice; local councils do not decide for the republic either.
"""

from __future__ import annotations

from councils.domain.errors import Refused, Rule
from councils.domain.state import Body

MEMBERSHIP_KINDS = ("secession", "accession")


def check_membership_body(body: Body, kind: str) -> None:
    if kind in MEMBERSHIP_KINDS and body.kind == "council":
        raise Refused(Rule.R4, f"a {kind} is decided by the republic's congress of councils, "
                               f"not by the local council {body.id}")


def advisory_reason(body: Body, kind: str) -> str | None:
    """Why an assembly's decision does not bind, if it does not."""
    if body.kind == "assembly" and kind in MEMBERSHIP_KINDS:
        return (f"an assembly of the whole nation may not decide a {kind}; "
                "its vote is advisory (R4)")
    return None
