"""R2 Councils over assemblies: where both decide the same question, the council decision binds.

"if it so happens that the 'Constituent Assembly' expressed itself in favour of
separation, and the Proletariat Convention voted against it, even then we should
support the decision of the proletariat" (ch. XIX).
"""

from __future__ import annotations

from councils.domain.state import Question, State


def same_question(state: State, a: Question, b: Question) -> bool:
    """Two decisions on the same matter: same republic, same kind, same object."""
    keys = ("union", "competence", "target", "republic")
    return a.polity == b.polity and a.kind == b.kind and all(a.detail(k) == b.detail(k) for k in keys)


def council_decision_on(state: State, assembly_question: Question) -> Question | None:
    """The council body's decision that overrides an assembly's, if one was taken."""
    for q in state.questions.values():
        if (q.status == "decided" and state.bodies[q.body].kind in ("council", "congress")
                and same_question(state, q, assembly_question)):
            return q
    return None


def assembly_decisions_overridden_by(state: State, council_question: Question) -> list[Question]:
    """Assembly decisions (binding or advisory) that a council body's decision now overrides."""
    return [q for q in state.questions.values()
            if q.status == "decided" and q.overridden_by is None
            and state.bodies[q.body].kind == "assembly" and same_question(state, q, council_question)]
