"""The notes of a count in the reader's language.

The counting package writes its notes in English with their numbers inside ("simple
majority: yes 3 > no 1"), the same for every interface. The web reads each known note's
shape back (a pattern per note) and says it through the catalogues with the same numbers,
so a reader of Russian or Ukrainian reads the facts of the count in their language; a note
of no known shape is shown as the count wrote it.
"""

from __future__ import annotations

import re

from councils.interfaces.web.i18n import N_
from councils.interfaces.web.i18n import gettext as _

NUMBER = r"(?P<{}>[\d/.]+)"

_SAID: tuple[tuple[str, str], ...] = (
    (rf"quorum {NUMBER.format('quorum')} of {NUMBER.format('electorate')} electors = {NUMBER.format('needed')}: "
     rf"{NUMBER.format('cast')} ballot\(s\) cast, met",
     N_("quorum %(quorum)s of %(electorate)s electors = %(needed)s: %(cast)s ballot(s) cast, met")),
    (rf"quorum {NUMBER.format('quorum')} of {NUMBER.format('electorate')} electors = {NUMBER.format('needed')}: "
     rf"{NUMBER.format('cast')} ballot\(s\) cast, not met",
     N_("quorum %(quorum)s of %(electorate)s electors = %(needed)s: %(cast)s ballot(s) cast, not met")),
    (rf"simple majority: yes {NUMBER.format('yes')} > no {NUMBER.format('no')}",
     N_("simple majority: yes %(yes)s > no %(no)s")),
    (rf"simple majority: yes {NUMBER.format('yes')} <= no {NUMBER.format('no')}",
     N_("simple majority: yes %(yes)s <= no %(no)s")),
    (rf"absolute majority: yes {NUMBER.format('yes')} > half the electorate {NUMBER.format('bar')}",
     N_("absolute majority: yes %(yes)s > half the electorate %(bar)s")),
    (rf"absolute majority: yes {NUMBER.format('yes')} <= half the electorate {NUMBER.format('bar')}",
     N_("absolute majority: yes %(yes)s <= half the electorate %(bar)s")),
    (rf"two-thirds majority: yes {NUMBER.format('yes')} >= 2/3 of yes\+no = {NUMBER.format('bar')}",
     N_("two-thirds majority: yes %(yes)s >= 2/3 of yes+no = %(bar)s")),
    (rf"two-thirds majority: yes {NUMBER.format('yes')} below 2/3 of yes\+no = {NUMBER.format('bar')}",
     N_("two-thirds majority: yes %(yes)s below 2/3 of yes+no = %(bar)s")),
    (rf"{NUMBER.format('blank')} blank ballot\(s\) counted toward the quorum only",
     N_("%(blank)s blank ballot(s) counted toward the quorum only")),
    (rf"{NUMBER.format('blank')} blank ballot\(s\) set aside", N_("%(blank)s blank ballot(s) set aside")),
    (r"elected on more than half of the votes of continuing candidates",
     N_("elected on more than half of the votes of continuing candidates")),
    (r"weighted inclusive Gregory \(WIGM\) with exact fractional transfer values "
     r"\(the Scottish rules truncate them to 5 decimals\)",
     N_("weighted inclusive Gregory (WIGM) with exact fractional transfer values "
        "(the Scottish rules truncate them to 5 decimals)")),
    (r"there is no Condorcet winner", N_("there is no Condorcet winner")),
    (r"no valid ballot was cast: nothing is decided, and no one is chosen by lot",
     N_("no valid ballot was cast: nothing is decided, and no one is chosen by lot")),
    (rf"{NUMBER.format('cast')} ballot\(s\) cast, fewer than the {NUMBER.format('minimum')} below which the "
     r"constitution publishes a secret question's totals but not its ballots one by one "
     r"\(\[ballots\] publish_minimum_turnout\)",
     N_("%(cast)s ballot(s) cast, fewer than the %(minimum)s below which the constitution publishes a secret "
        "question's totals but not its ballots one by one ([ballots] publish_minimum_turnout)")),
    (r"the Condorcet winner is (?P<name>.+)", N_("the Condorcet winner is %(name)s")),
    (rf"the first {NUMBER.format('seats')} of the order are elected \(a ranking, not proportional\)",
     N_("the first %(seats)s of the order are elected (a ranking, not proportional)")),
    (rf"points: n - 1 for a first place down to 0 for the last of {NUMBER.format('n')}; "
     r"an unranked candidate gets none",
     N_("points: n - 1 for a first place down to 0 for the last of %(n)s; an unranked candidate gets none")),
)
SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(f"^{p}$"), m) for p, m in _SAID)


# What a receipt check says (application/queries.py), read back by the receipt page's `_()`.
RECEIPT_MESSAGES = (N_("sealed in the ballot box; it will be published and counted when the question closes"),
                    N_("no ballot with this receipt"), N_("published with the count and counted"),
                    N_("no ballot with this receipt was published"))


# Why a page asks to sign in (the web's Unauthenticated reasons), said by render.humane through `_()`.
SIGN_IN_REASONS = (
    N_("sign in as a clerk to close a sitting"),
    N_("sign in as a clerk to convene a sitting"),
    N_("sign in as a clerk to keep the register"),
    N_("sign in as a clerk to open a question"),
    N_("sign in as a clerk to see the clerk's desk"),
    N_("sign in as the administrator"),
    N_("sign in to act as a teller"),
    N_("sign in to change your password"),
    N_("sign in to choose your notices"),
    N_("sign in to see your account"),
    N_("sign in to see your duties as a teller"),
    N_("sign in to see your notices"),
    N_("sign in to sign a petition"),
    N_("sign in to start a petition"),
    N_("sign in to take part in the discussion"),
    N_("sign in to vote"),
    N_("wrong login or password"),
)


def say(note: str) -> str:
    """`note` in the reader's language if it has a known shape, else as the count wrote it."""
    for pattern, message in SHAPES:
        found = pattern.match(note)
        if found:
            return _(message) % found.groupdict()
    return note
