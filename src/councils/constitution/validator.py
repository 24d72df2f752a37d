"""Refuse constitutions that try to switch off the entrenched rules R3, R4 and R5.

The schema has no switch for these rules; a file that *tries* to add one is not a typo
to be ignored but an attempt to take away the right of separation, so it gets a
message of its own naming the rule, before the ordinary unknown-key check runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from councils.constitution.errors import ConstitutionError
from councils.constitution.schema import NEVER_RESERVED

# key path -> (rule, why it cannot be set)
_R4 = "R4 separation belongs to the labouring classes: only the republic's congress of councils decides"
_ENTRENCHED = {
    "secession.allowed": "R3 right of separation: secession cannot be switched off",
    "secession.union_may_block": "R3 right of separation: no union body may block a secession",
    "secession.conditions": "R3 right of separation: a union may not put conditions on secession",
    "secession.requires_union_approval": "R3 right of separation: secession takes effect without any act of the union",
    "secession.decided_by": _R4,
    "accession.decided_by": _R4,
    "accession.annexation": "R5 voluntary union: no republic joins without its own decision",
    "accession.without_consent": "R5 voluntary union: no republic joins without its own decision",
    "accession.automatic": "R5 voluntary union: no republic joins without its own decision",
}


MAX_NOTICE_DAYS = 365
"""R3 lets a constitution delay a secession only by a notice period, never forbid it; a notice
of decades forbids it in all but name. One year is this engine's bound: it covers a notice
for settling accounts (the co-operative preset's 90 days), and stops short of the delays
the USSR's 1990 secession law used to make leaving impossible in practice (a vote 6-9
months after the question is raised, then up to five years of transition)."""


def validate_entrenched(data: Mapping[str, Any], source: str) -> None:
    for dotted, why in _ENTRENCHED.items():
        section, key = dotted.split(".")
        table = data.get(section)
        if isinstance(table, Mapping) and key in table:
            raise ConstitutionError(source, dotted, f"refused ({why})")
    secession = data.get("secession")
    if isinstance(secession, Mapping):
        notice = secession.get("notice_days")
        if isinstance(notice, int) and not isinstance(notice, bool) and notice > MAX_NOTICE_DAYS:
            raise ConstitutionError(source, "secession.notice_days",
                                    f"refused (R3 right of separation): a notice of {notice} days would "
                                    f"hold a member by force in all but name; at most {MAX_NOTICE_DAYS}")
    union = data.get("union")
    if isinstance(union, Mapping):
        competences = union.get("competences", [])
        if isinstance(competences, list):
            for i, item in enumerate(competences):
                if item in NEVER_RESERVED:
                    raise ConstitutionError(
                        source,
                        f"union.competences[{i}]",
                        f"refused (R3 right of separation): {item!r} belongs to each member "
                        "republic and cannot be reserved to the union",
                    )
