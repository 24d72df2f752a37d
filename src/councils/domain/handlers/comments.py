"""Comments: the discussion of an open question or a petition by those who take part in it.

A comment is a fact of the record like any other (who said what, when, about which
question), so it is a command and an event. Only those on the question's roll, or on the
petition's list of signers, comment, while it is open: the discussion belongs to the
electors who decide, as the vote does.
"""

from __future__ import annotations

from councils.domain.commands import PostComment
from councils.domain.errors import InvalidCommand, NotFound, Refused
from councils.domain.handlers.emit import Emitter
from councils.domain.ports import Context
from councils.domain.state import State

COMMENT = "comment"


def post_comment(state: State, c: PostComment, ctx: Context, emit: Emitter) -> None:
    if (c.question is None) == (c.petition is None):
        raise InvalidCommand("post_comment: give one of 'question' or 'petition'")
    if c.comment in state.comment_ids:
        raise Refused("exists", f"comment {c.comment!r} already exists")
    if c.person not in state.persons:
        raise NotFound("person", c.person)
    if c.question is not None:
        q = state.questions.get(c.question)
        if q is None:
            raise NotFound("question", c.question)
        if q.status not in ("open", "scheduled"):
            raise Refused(COMMENT, f"{q.id} is decided; its discussion is closed")
        if c.person not in q.roll:
            raise Refused(COMMENT, f"{c.person} is not on the roll of {q.id}; its discussion belongs "
                                   "to those who decide it")
        subject, polity = q.id, q.polity
    else:
        p = state.petitions.get(c.petition or "")
        if p is None:
            raise NotFound("petition", c.petition or "")
        if p.status != "open":
            raise Refused(COMMENT, f"petition {p.id} has its signatures; its discussion is closed")
        if c.person not in p.signers:
            raise Refused(COMMENT, f"{c.person} may not sign {p.id}, so does not discuss it")
        subject, polity = p.id, p.polity
    emit("CommentPosted", f"comment:{subject}", polity, comment=c.comment, subject=subject,
         person=c.person, text=c.text)
