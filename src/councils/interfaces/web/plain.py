"""Every rule in plain words, for the refusal boxes: what the rule is, before why it applied."""

from __future__ import annotations

RULES: dict[str, str] = {
    "R1 franchise": "Only people of a class the constitution enfranchises, and of voting age, "
                    "vote in councils or are elected to them. An assembly is open to every adult "
                    "resident.",
    "R2 councils over assemblies": "Where a council body and an assembly decide the same question, "
                                   "the council body's decision binds; the assembly's is recorded "
                                   "as overridden.",
    "R3 right of separation": "A member republic's own congress may decide to leave its union. "
                              "No union body may forbid it, delay it beyond the notice period, "
                              "or put conditions on it.",
    "R4 separation belongs to the labouring classes": "Leaving or joining a union is decided by "
                                                      "the republic's congress of councils; an "
                                                      "assembly of the whole nation only advises.",
    "R5 voluntary union": "A republic joins a union only by its own congress's decision; nothing "
                          "can make it a member without it.",
    "R6 no rule over another people": "The bodies of one republic decide nothing for another, and "
                                      "nobody acts in the bodies of another republic. A union binds "
                                      "its members only within the competences reserved to it.",
    "R7 apportionment": "Each body sends as many delegates as the constitution apportions to it "
                        "from its electors or inhabitants, and no more.",
    "R8 recall": "The electors of a constituency may recall their own delegate at any time; only "
                 "they may.",
    "R9 secession carries its records": "A republic that leaves takes its whole history with it, "
                                        "with the chain of hashes that proves it.",
    "R10 entrenchment": "The rule of separation can only be amended with the consent of every "
                        "member republic's congress.",
    "authorisation": "Each account acts only in its own role: clerks run the bodies of their "
                     "republic, electors and delegates vote, observers read.",
    "own ballot": "Each person casts their own ballot, and no one else's.",
    "CSRF": "Forms are accepted only from this site's own pages, so no other site can act for you.",
    "exists": "Identifiers are unique, and this one is already taken.",
    "unknown": "Something named here does not exist.",
    "closed": "A closed question takes no more ballots.",
    "one ballot": "Each elector votes once on each question.",
    "empty roll": "A question needs someone entitled to vote on it.",
    "ballot box": "Every ballot counted must match a voter who took part.",
}

ERRORS: dict[str, str] = {
    "unauthenticated": "You need to sign in to do this.",
    "invalid command": "Something in the form is missing or not in the expected form.",
    "conflict": "Someone else changed the record at the same moment; please try again.",
}


def explain(rule: str | None, error: str = "") -> str:
    """The plain-words statement of a rule (or of an error without one)."""
    if rule and rule in RULES:
        return RULES[rule]
    return ERRORS.get(error, "The request could not be carried out.")
