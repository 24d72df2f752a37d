"""Every rule in plain words, for the refusal boxes: what the rule is, before why it applied."""

from __future__ import annotations

import re
from collections.abc import Callable

from councils.interfaces.web.i18n import N_

RULES: dict[str, str] = {
    "R1 franchise": N_("Only people of a class the constitution enfranchises, and of voting age, "
                    "vote in councils or are elected to them. An assembly is open to every adult "
                    "resident."),
    "R2 councils over assemblies": N_("Where a council body and an assembly decide the same question, "
                                   "the council body's decision binds; the assembly's is recorded "
                                   "as overridden."),
    "R3 right of separation": N_("A member republic's own congress may decide to leave its union. "
                              "No union body may forbid it, delay it beyond the notice period, "
                              "or put conditions on it."),
    "R4 separation belongs to the labouring classes": N_("Leaving or joining a union is decided by "
                                                      "the republic's congress of councils; an "
                                                      "assembly of the whole nation only advises."),
    "R5 voluntary union": N_("A republic joins a union only by its own congress's decision; nothing "
                          "can make it a member without it."),
    "R6 no rule over another people": N_("The bodies of one republic decide nothing for another, and "
                                      "nobody acts in the bodies of another republic. A union binds "
                                      "its members only within the competences reserved to it."),
    "R7 apportionment": N_("Each body sends as many delegates as the constitution apportions to it "
                        "from its electors or inhabitants, and no more."),
    "R8 recall": N_("The electors of a constituency may recall their own delegate at any time; only "
                 "they may."),
    "R9 secession carries its records": N_("A republic that leaves takes its whole history with it, "
                                        "with the chain of hashes that proves it."),
    "R10 entrenchment": N_("The rule of separation can only be amended with the consent of every "
                        "member republic's congress."),
    "authorisation": N_("Each account acts only in its own role: clerks run the bodies of their "
                     "republic, electors and delegates vote, observers read."),
    "own ballot": N_("Each person casts their own ballot, and no one else's."),
    "CSRF": N_("Forms are accepted only from this site's own pages, so no other site can act for you."),
    "exists": N_("Identifiers are unique, and this one is already taken."),
    "unknown": N_("Something named here does not exist."),
    "closed": N_("A closed question takes no more ballots."),
    "one ballot": N_("Each elector votes once on each question."),
    "empty roll": N_("A question needs someone entitled to vote on it."),
    "ballot box": N_("Every ballot counted must match a voter who took part."),
}

ERRORS: dict[str, str] = {
    "unauthenticated": N_("You need to sign in to do this."),
    "invalid command": N_("Something in the form is missing or not in the expected form."),
    "conflict": N_("Someone else changed the record at the same moment; please try again."),
}


def explain(rule: str | None, error: str = "") -> str:
    """The plain-words statement of a rule (or of an error without one)."""
    if rule and rule in RULES:
        return RULES[rule]
    return ERRORS.get(error, N_("The request could not be carried out."))


NEXT_STEPS: dict[str, str] = {
    "R1 franchise": N_("If your class, age or council is recorded wrongly, ask the clerk of your "
                    "republic to correct the register; an assembly of the whole republic is open "
                    "to you."),
    "R2 councils over assemblies": N_("Take the question to the congress of councils, whose decision "
                                   "binds."),
    "R3 right of separation": N_("A secession is put only by the republic's own congress: its clerk "
                              "opens it from the republic's secession page."),
    "R4 separation belongs to the labouring classes": N_("Put the question to the republic's congress "
                                                      "of councils instead."),
    "R5 voluntary union": N_("The republic's own congress must first decide to join."),
    "R6 no rule over another people": N_("Act only in the bodies of your own republic, or within the "
                                      "competences reserved to the union."),
    "R7 apportionment": N_("Elect no more delegates than the seats still vacant; the body's page shows "
                        "who holds the seats now."),
    "R8 recall": N_("Only the electors of the constituency that sent the delegate may recall them."),
    "R10 entrenchment": N_("The amendment waits for every member republic's congress to consent."),
    "authorisation": N_("Sign in with an account that has this role, or ask the clerk of your "
                     "republic."),
    "own ballot": N_("Sign in as yourself to cast your own ballot."),
    "CSRF": N_("Reload the page and send the form again."),
    "exists": N_("Choose another identifier, or leave it blank to have one made."),
    "unknown": N_("Check the address, or find it from the home page or the list of questions."),
    "closed": N_("The result is on the question's page."),
    "one ballot": N_("Your ballot is already recorded; your receipt is kept on your page (My account)."),
    "empty roll": N_("Register electors in the body's councils before opening the question."),
}

NEXT_BY_ERROR: dict[str, str] = {
    "unauthenticated": N_("Sign in, then try again."),
    "invalid command": N_("Correct the form below and send it again; what you entered is kept."),
    "invalid request": N_("Correct the form below and send it again."),
    "not found": N_("Check the address, or find it from the home page or the list of questions."),
    "forbidden": N_("Sign in with an account that has this role, or ask the clerk of your republic."),
    "conflict": N_("Send the form again."),
    "too many requests": N_("Wait a little, then try again."),
}


def next_step(rule: str | None, error: str = "") -> str:
    """What the person can do now, after a refusal under `rule` (or an error without one)."""
    if rule and rule in NEXT_STEPS:
        return NEXT_STEPS[rule]
    return NEXT_BY_ERROR.get(error, N_("Go back and try again, or ask the clerk of your republic."))


_COMMAND_PREFIX = re.compile(r"^(?:refused|invalid command)?\s*(?:\([^)]*\))?:?\s*[a-z]+_[a-z_]+:\s*")
_ID = re.compile(r"(?<![\w/.-])[a-z0-9][a-z0-9_-]*(?:/[a-z0-9_-]+)*(?![\w/-])")
_GENERIC = ("its ", "the ", "a ", "their ", "this ", "that ")


def humanise(text: str, name_of: Callable[[str], str | None],
             codes: Callable[[str], str | None] | None = None) -> str:
    """A refusal's reason in people's words: no command names, names in place of ids.

    `name_of` gives the display name of an id (a republic, body, person or question), or
    None for a word that is not an id. A polity's id after "its" or "the" is a common noun
    ("leaves its union") and stays as it is.
    """
    text = _COMMAND_PREFIX.sub("", text.strip())
    def unquote(match: re.Match[str]) -> str:
        word = match.group(1)
        code = codes(word) if codes else None
        return code if code else (word if name_of(word) else match.group(0))

    text = re.sub(r"'([^'\s]+)'", unquote, text)

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        before = text[max(0, match.start() - 6):match.start()].lower()
        if before.endswith(_GENERIC) and "/" not in token and "-" not in token:
            return token
        name = name_of(token)
        return name if name else token

    return _ID.sub(swap, text)
