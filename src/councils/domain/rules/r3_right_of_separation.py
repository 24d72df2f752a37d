"""R3 The right of separation: no union body may forbid, delay or condition a member's secession.

"We do not wish to detain you by force even for a single moment." (ch. XIX)
The check looks at what a union question is *about* (its kind and competence), not at
its wording, so no rephrasing of a motion gets around it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from councils.constitution.schema import NEVER_RESERVED
from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.state import Polity, State


def check_union_question(union: Polity, command: OpenQuestion) -> None:
    if command.kind == "secession":
        raise Refused(Rule.R3, f"a union body may not put a member's secession to a vote; "
                               f"secession is decided by the republic's own congress and takes "
                               f"effect without any act of {union.id}")
    if command.competence in NEVER_RESERVED:
        subject = f" of {command.target}" if command.target else ""
        raise Refused(Rule.R3, f"{union.id} may not decide on the {command.competence}{subject}: "
                               "a member may leave freely and no union body can forbid, delay or "
                               "put conditions on it")
    if command.kind == "amendment" and command.amend:
        for key, value in command.amend.items():
            if key.startswith("secession.") and key != "secession.notice_days":
                raise Refused(Rule.R3, f"the amendment would change {key!r}: the right of "
                                       "separation cannot be amended away")
            if key == "secession.notice_days" and value is not None and not isinstance(value, int):
                raise Refused(Rule.R3, "secession.notice_days must be a number of days")


def effective_at(union: Polity | None, republic: Polity, now: datetime) -> datetime:
    """A secession takes effect after the union's notice period, and no later.

    The notice is the union's rule, the one all members agreed to and that only all of
    them together can change (R10); a republic outside any known union gives none.
    """
    notice = (union or republic).constitution.secession.notice_days
    return now + timedelta(days=notice)


def check_not_aimed_at_a_leaving_member(state: State, union: Polity, command: OpenQuestion) -> None:
    """While a member is leaving (its congress has opened or decided its secession), no union
    question may be aimed at it: whatever it says, it could only delay or condition the exit."""
    target = state.polities.get(command.target or "")
    if target is None or target.union != union.id:
        return
    leaving = target.seceding is not None or any(
        q.kind == "secession" and q.polity == target.id and q.status == "open"
        for q in state.questions.values())
    if leaving:
        raise Refused(Rule.R3, f"{target.id} is leaving {union.id}; no union body may decide anything "
                               "aimed at it meanwhile, which could only delay or condition its exit")
