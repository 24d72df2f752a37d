"""R8 Recall: the electors of a constituency may recall its delegate at any time."""

from __future__ import annotations

from councils.domain.errors import Refused, Rule
from councils.domain.state import Body, Polity, Question, Seat, State


def seats_held(state: State, person: str) -> list[tuple[Body, Seat]]:
    return [(b, s) for b in state.bodies.values() for s in b.seats if s.person == person]


def check_recall(state: State, body: Body, delegate: str | None) -> tuple[Body, Seat]:
    """The seat to be recalled: it must have been filled by this very constituency."""
    if delegate is None:
        raise Refused(Rule.R8, "a recall needs the 'delegate' to recall")
    held = seats_held(state, delegate)
    if not held:
        raise Refused(Rule.R8, f"{delegate} holds no seat as a delegate")
    already = next((q.id for q in state.questions.values()
                    if q.kind == "recall" and q.status == "open" and q.detail("delegate") == delegate), None)
    if already is not None:  # one recall at a time: eight at once would be harassment, not recall
        raise Refused(Rule.R8, f"a recall of {delegate} is already open ({already}); "
                               "close it before another is opened")
    constituency = body.polity if body.kind == "congress" else body.id
    for target, seat in held:
        if seat.constituency in (body.id, constituency) and (
            seat.constituency == body.id or target.polity != body.polity
        ):
            return target, seat
    where = ", ".join(f"{t.id} (for {s.constituency})" for t, s in held)
    raise Refused(Rule.R8, f"only the electors of {delegate}'s own constituency may recall them; "
                           f"{delegate} sits in {where}, not for {body.id}")


def check_holds_seat(state: State, question: Question, voter: str) -> None:
    """In a body of delegates a vote belongs to the seat: whoever lost theirs since the question
    opened (recalled, or their republic left the union) casts no further vote there."""
    body = state.bodies[question.body]
    if body.kind not in ("congress", "chamber"):
        return
    had_seat = voter in question.roll or voter in (question.detail("departed") or ())
    if had_seat and not any(seat.person == voter for seat in body.seats):
        raise Refused(Rule.R8, f"{voter} no longer holds a seat in {body.id} (recalled, or their "
                               f"republic has left); a vote belongs to the seat, not the person")


def refuse_without_petition(polity: Polity, body: Body, delegate: str | None) -> None:
    """A recall is opened only by a petition of the constituency's electors, never by one alone."""
    share = polity.constitution.petition_rule("recall").share
    raise Refused(Rule.R8, f"a recall of {delegate} is opened by a petition signed by {share} of the "
                           f"electors of {body.id} (start_petition, then sign_petition), not by "
                           "opening a question")
