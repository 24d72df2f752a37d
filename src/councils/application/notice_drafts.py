"""Which recorded events call for a notice: what the pipeline writes into the outbox with them.

Kept apart from `notices` (the worker and the page), which reads the governance: the
pipeline imports this, and nothing here imports the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from councils.application.ports import NoticeDraft, RecordedEvent

_FROM_EVENTS = {"QuestionOpened": "opened", "VotingOpened": "opened", "QuestionDecided": "decided",
                "DelegateRecalled": "recalled"}
_NOTABLE = frozenset(_FROM_EVENTS)
def drafts_for(recorded: Sequence[RecordedEvent]) -> list[NoticeDraft]:
    """The notices a run of newly recorded events calls for (what the pipeline writes with them).

    History is not news: events imported from an archive, or recorded with a date of their
    own (dated history), call for none.
    """
    if _NOTABLE.isdisjoint({r.event.type for r in recorded}):  # the common case: ballots, registrations
        return []
    drafts = []
    for r in recorded:
        kind = _FROM_EVENTS.get(r.event.type)
        if kind is None or r.event.meta.get("source") or r.event.meta.get("recorded_at"):
            continue
        d = r.event.data
        if r.event.type == "QuestionOpened" and (d.get("details") or {}).get("opens_at", "") > r.event.at:
            continue  # a voting window that opens later: told when it opens (VotingOpened)
        if kind == "recalled":
            data: dict[str, Any] = {"person": d["person"], "body": d["body"],
                                    "constituency": d["constituency"]}
        else:
            data = {k: d[k] for k in ("body", "text", "outcome") if d.get(k) is not None}
        drafts.append(NoticeDraft(kind, f"{kind}:{d['question']}", r.position, d["question"],
                                  r.event.at, data))
    return drafts


