"""Amendments to a motion are voted before the motion itself (issue 15 item 4).

LiquidFeedback's phases, as they fit a council: a motion is open for discussion and for
amendments until its first ballot; an amendment is a motion of its own (`open_question`
with `amends`: the motion it rewrites, `text`: the new wording), put to the same body; while
any amendment to a motion is open, the motion takes no ballot and is not closed ("the
amendments first"); an amendment carried rewrites the motion (`MotionAmended`), one lost
leaves it as it was. Once the motion has a ballot, no amendment may be opened: its voters
must all vote on one wording.
"""

from __future__ import annotations

from councils.domain.commands import OpenQuestion
from councils.domain.errors import NotFound, Refused
from councils.domain.handlers.emit import Emitter
from councils.domain.state import Body, Question, State

AMENDMENTS_FIRST = "amendments first"


def check_amendment(state: State, body: Body, c: OpenQuestion) -> dict[str, str]:
    """The details an amendment adds, or a refusal: a motion of this body, open, not yet voted on."""
    if c.amends is None:
        return {}
    motion = state.questions.get(c.amends)
    if motion is None:
        raise NotFound("question", c.amends)
    if c.kind != "motion" or motion.kind != "motion":
        raise Refused(AMENDMENTS_FIRST, f"only a motion amends a motion; {c.amends} is a {motion.kind}")
    if motion.body != body.id:
        raise Refused(AMENDMENTS_FIRST, f"{c.amends} is before {motion.body}; an amendment to it is put "
                                        "to the same body")
    if motion.status not in ("open", "scheduled"):
        raise Refused(AMENDMENTS_FIRST, f"{c.amends} is already decided; there is nothing to amend")
    if len(motion.voted):
        raise Refused(AMENDMENTS_FIRST, f"voting on {c.amends} has begun ({len(motion.voted)} "
                                        "ballot(s)); amendments are put before the motion is voted on")
    return {"amends": motion.id, "amends_text": motion.text}


def open_amendments(state: State, motion: Question) -> list[str]:
    return [a for a in state.amended_by.get(motion.id, ()) if state.questions[a].status in ("open", "scheduled")]


def check_motion_free(state: State, motion: Question, act: str) -> None:
    """A motion takes no ballot and is not closed while an amendment to it is open."""
    waiting = open_amendments(state, motion) if motion.kind == "motion" else []
    if waiting:
        raise Refused(AMENDMENTS_FIRST, f"the amendment {', '.join(waiting)} to {motion.id} is still "
                                        f"open; amendments are voted before the motion, so {act} waits")


def amendment_effects(state: State, q: Question, outcome: str, emit: Emitter) -> None:
    """An amendment carried rewrites its motion."""
    target = q.detail("amends")
    if target is None or outcome != "yes" or target not in state.questions:
        return
    emit("MotionAmended", f"question:{target}", q.polity, question=target, by=q.id, text=q.text,
         was=state.questions[target].text)
