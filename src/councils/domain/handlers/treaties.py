"""Treaties between republics or unions (issue 12 item 5).

"Unequal treaties are torn up" (ch. XIX): a treaty binds a party only once that party's own
congress has ratified it (R5: nothing binds a people without its own decision); any party's
congress may renounce it, and the renunciation takes effect by the treaty's terms (its
notice), without any other party's leave (R3); a treaty that would take a party's right to
leave, or its territory, is refused when proposed (R3, R6).
"""

from __future__ import annotations

from datetime import timedelta

from councils.constitution.schema import NEVER_RESERVED
from councils.constitution.validator import MAX_NOTICE_DAYS
from councils.domain.commands import ProposeTreaty, RatifyTreaty, RenounceTreaty
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers.emit import Emitter
from councils.domain.nations import Treaty
from councils.domain.ports import Context
from councils.domain.rules import unions
from councils.domain.rules.territory import congress_decided
from councils.domain.state import Polity, State
from councils.domain.vocabulary import TEXT_MAX, check_id, check_text

TERRITORIAL = ("territory", "cession", "frontiers_of_parties")
"""Obligations that would hand over a party's land: no treaty may take it (USSR 1924 Art. 6)."""


def propose_treaty(state: State, c: ProposeTreaty, ctx: Context, emit: Emitter) -> None:
    check_id("propose_treaty", "treaty", c.treaty)
    if c.treaty in state.nations.treaties:
        raise Refused("exists", f"treaty {c.treaty!r} already exists")
    check_text("propose_treaty", "text", c.text, TEXT_MAX["text"])
    if len(set(c.parties)) != len(c.parties) or len(c.parties) < 2:
        raise InvalidCommand("propose_treaty: a treaty has at least two distinct 'parties'")
    for party in c.parties:
        if party not in state.polities:
            raise NotFound("republic or union", party)
    obligations = c.obligations or ()
    for obligation in obligations:
        if obligation in NEVER_RESERVED:
            raise Refused(Rule.R3, f"the treaty would bind its parties on their {obligation}: no treaty may "
                                   "take a party's right to leave; such a treaty is torn up, not signed")
        if obligation in TERRITORIAL:
            raise Refused(Rule.R6, f"the treaty would take a party's territory ({obligation}): no people's "
                                   "land is handed over by treaty (USSR 1924 Art. 6)")
    notice = c.notice_days or 0
    if notice < 0 or notice > MAX_NOTICE_DAYS:
        raise Refused(Rule.R3, f"a renunciation notice of {notice} days would hold a party by force in all "
                               f"but name; between 0 and {MAX_NOTICE_DAYS}")
    extra = {"admits": _check_accession(state, c)} if c.admits is not None else {}
    emit("TreatyProposed", f"treaty:{c.treaty}", c.parties[0], treaty=c.treaty, text=c.text,
         parties=list(c.parties), obligations=list(obligations), notice_days=notice, **extra)


def _check_accession(state: State, c: ProposeTreaty) -> str:
    """A treaty of accession (USSR 1924 Art. 1(c): the union concludes treaties admitting new
    republics): two parties, a union whose constitution admits by treaty and the polity it admits."""
    others = [p for p in c.parties if p != c.admits]
    if c.admits not in c.parties or len(c.parties) != 2:
        raise InvalidCommand("propose_treaty: a treaty of accession has two parties, the union and the one "
                             "'admits' names")
    union, joining = state.polities[others[0]], state.polities[c.admits or ""]
    if union.kind != "union":
        raise Refused(Rule.R5, f"{union.id} is not a union: a treaty of accession admits to a union")
    if union.constitution.accession.admission != "treaty":
        how = ("on the joining republic's own decision" if union.constitution.accession.admission == "open"
               else "by a vote of its congress")
        raise Refused(Rule.R5, f"{union.id}'s constitution admits {how}, not by treaty")
    _may_join(state, joining, union)
    return joining.id


def _may_join(state: State, joining: Polity, union: Polity) -> None:
    if joining.union is not None:
        raise Refused(Rule.R5, f"{joining.id} is already a member of {joining.union}")
    unions.check_no_cycle(state, joining, union)


def _treaty_and_party(state: State, treaty_id: str, party: str) -> Treaty:
    treaty = state.nations.treaties.get(treaty_id)
    if treaty is None:
        raise NotFound("treaty", treaty_id)
    if party not in treaty.parties:
        raise Refused(Rule.R6, f"{party} is not a party to {treaty_id} (parties: {', '.join(treaty.parties)})")
    return treaty


def _by_own_congress(state: State, question: str, party: str, act: str) -> None:
    if question not in state.questions:
        raise NotFound("question", question)
    if congress_decided(state, question, party) is None:
        raise Refused(Rule.R5, f"a treaty is {act} by a party's own congress: {question} is not a binding "
                               f"'yes' of {party}/congress")


def ratify_treaty(state: State, c: RatifyTreaty, ctx: Context, emit: Emitter) -> None:
    treaty = _treaty_and_party(state, c.treaty, c.party)
    if c.party in treaty.ratified and c.party not in treaty.renounced:
        raise Refused("exists", f"{c.party} has already ratified {c.treaty}")
    _by_own_congress(state, c.question, c.party, "ratified")
    if treaty.admits is not None and all(p in treaty.ratified or p == c.party for p in treaty.parties):
        joining = state.polities[treaty.admits]
        union = state.polities[next(p for p in treaty.parties if p != treaty.admits)]
        _may_join(state, joining, union)  # still free to join, as when it was proposed
    emit("TreatyRatified", f"treaty:{c.treaty}", c.party, treaty=c.treaty, party=c.party, question=c.question)
    if treaty.admits is not None and all(p in treaty.ratified or p == c.party for p in treaty.parties):
        # both congresses ratified: the republic's ratification is its own decision to join (R5)
        decided = treaty.ratified.get(treaty.admits, c.question)
        emit("AccessionDecided", joining.id, joining.id, republic=joining.id, union=union.id, question=decided)
        emit("RepublicJoined", joining.id, joining.id, republic=joining.id, union=union.id, question=c.question)


def renounce_treaty(state: State, c: RenounceTreaty, ctx: Context, emit: Emitter) -> None:
    treaty = _treaty_and_party(state, c.treaty, c.party)
    if c.party not in treaty.ratified:
        raise Refused(Rule.R5, f"{c.party} never ratified {c.treaty}; it does not bind {c.party}")
    if c.party in treaty.renounced:
        raise Refused("exists", f"{c.party} has already renounced {c.treaty}")
    _by_own_congress(state, c.question, c.party, "renounced")
    effective = (ctx.now + timedelta(days=treaty.notice_days)).isoformat(timespec="seconds")
    emit("TreatyRenounced", f"treaty:{c.treaty}", c.party, treaty=c.treaty, party=c.party,
         question=c.question, effective_at=effective)
