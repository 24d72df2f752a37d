"""The bridge from a question's ballots to `councils.counting`.

The tie-break seed is derived from the question's id, so the same ballots always give
the same count, and the seed is written into the count for anyone to re-run it.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import Any

from councils.counting import Ballots, MotionRule, TieBreak, count
from councils.domain.ports import CountRequest


def seed_for(question: str) -> int:
    return int.from_bytes(hashlib.sha256(question.encode()).digest()[:8], "big")


NO_VALID_BALLOT = "no valid ballot was cast: nothing is decided, and no one is chosen by lot"


def count_question(request: CountRequest) -> dict[str, Any]:
    if request.method != "majority" and not any(request.ballots):  # a motion with no vote is rejected;
        return {"method": request.method, "ballots": len(request.ballots), "valid": 0,  # a choice
                "winners": [], "outcome": "no decision", "notes": [NO_VALID_BALLOT]}  # is made by no one
    ballots = Ballots.from_rankings(request.options, [list(b) for b in request.ballots])
    rule = MotionRule(request.threshold, Fraction(request.quorum), request.electorate)
    result = count(ballots, request.method, seats=request.seats, rule=rule,
                   tie_break=TieBreak(seed=seed_for(request.question)))
    return result.to_dict()
