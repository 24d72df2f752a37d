"""R2 Councils over assemblies: where both decide the same question, the council decision binds.

"if it so happens that the 'Constituent Assembly' expressed itself in favour of
separation, and the Proletariat Convention voted against it, even then we should
support the decision of the proletariat" (ch. XIX).
"""

from __future__ import annotations

from councils.domain.state import Question, State

MEMBERSHIP_KINDS = ("secession", "accession")


def same_matter(a: Question, b: Question) -> bool:
    """Two decisions on the same matter, said explicitly, never guessed from their labels.

    A question answers another by naming it (`answers`), or both name the same `matter`.
    Leaving or joining a union is one matter by its nature: the same republic and the same
    union, whoever asks.
    """
    if a.polity != b.polity:
        return False
    if a.detail("answers") == b.id or b.detail("answers") == a.id:
        return True
    if a.detail("matter") is not None and a.detail("matter") == b.detail("matter"):
        return True
    return a.kind == b.kind and a.kind in MEMBERSHIP_KINDS and a.detail("union") == b.detail("union")


def covers(state: State, council_question: Question, assembly_question: Question) -> bool:
    """The council body is competent for the assembly's whole territory.

    An assembly is of all adult residents of its republic, so only the republic's own
    congress covers it: a town council does not override a republic's assembly.
    """
    body = state.bodies[council_question.body]
    polity = state.bodies[assembly_question.body].polity
    return body.id == f"{polity}/congress"  # not the congress of one of its autonomous units


def overrides(state: State, council_question: Question, assembly_question: Question) -> bool:
    return same_matter(council_question, assembly_question) and covers(state, council_question,
                                                                       assembly_question)


def reason(council_question: Question, assembly_question: Question) -> str:
    """Why one decision overrode the other, as the state shows it."""
    how = (f"it answers {assembly_question.id}" if council_question.detail("answers") == assembly_question.id
           else f"both decide the matter {council_question.detail('matter')!r}"
           if council_question.detail("matter") is not None
           else f"both decide whether {council_question.polity} is in {council_question.detail('union')}")
    return (f"R2: {council_question.id} of the congress of {council_question.polity} binds over the "
            f"assembly's {assembly_question.id}: {how}")


def council_decision_on(state: State, assembly_question: Question) -> Question | None:
    """The council body's decision that overrides an assembly's, if one was taken."""
    for q in state.questions.values():
        if q.status == "decided" and q.id != assembly_question.id and overrides(state, q, assembly_question):
            return q
    return None


def assembly_decisions_overridden_by(state: State, council_question: Question) -> list[Question]:
    """Assembly decisions (binding or advisory) that a council body's decision now overrides."""
    return [q for q in state.questions.values()
            if q.status == "decided" and q.overridden_by is None
            and state.bodies[q.body].kind == "assembly" and overrides(state, council_question, q)]
