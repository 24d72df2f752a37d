"""Competences delegated by treaty (issue 12 item 5): a treaty's obligations name the competences
its parties delegate to one another. A body of one party (a republic's congress, a union's) may
then decide within such a competence on another party, and its decision binds that party, only
while the treaty binds it: after that party's own congress ratified it (R5: nothing binds a
people without its own decision) and until its renunciation takes effect by the treaty's terms
(R3: it leaves as it came in). Otherwise R6 holds as everywhere: no body rules over another people.

`delegated` is asked when a question is opened, `advisory_reason` when it is decided (a party
whose renunciation took effect in between is no longer bound).
"""

from __future__ import annotations

from datetime import datetime

from councils.domain.commands import OpenQuestion
from councils.domain.errors import Refused, Rule
from councils.domain.nations import Treaty
from councils.domain.state import Body, Question, State


def _treaties(state: State, acting: str, target: str, competence: str | None) -> list[Treaty]:
    """The treaties between `acting` and `target` that delegate `competence`."""
    if competence is None or not state.nations.treaties:
        return []
    return [t for t in state.nations.treaties.values()
            if acting in t.parties and target in t.parties and competence in t.obligations]


def _iso(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def delegated(state: State, body: Body, c: OpenQuestion, now: datetime) -> str | None:
    """The treaty by which `body`'s polity may decide `c` on `c.target`, if one binds both now.

    None if no treaty of theirs delegates the competence (the ordinary rules then apply); refused
    under R6 if one does but does not bind both of them now, saying why."""
    acting = body.polity
    target = c.target
    if target is None or target == acting or c.kind not in ("motion", "law"):
        return None
    treaties = _treaties(state, acting, target, c.competence)
    if not treaties:
        return None
    at = _iso(now)
    for treaty in treaties:
        if treaty.binds(acting, at) and treaty.binds(target, at):
            return treaty.id
    raise Refused(Rule.R6, f"{acting} may decide on {target}'s {c.competence} only by a treaty that binds "
                           f"both: {_why_not(treaties[0], acting, target, at)}")


def _why_not(treaty: Treaty, acting: str, target: str, at: str) -> str:
    for party in (target, acting):
        renounced = treaty.renounced.get(party)
        if party not in treaty.ratified:
            return f"{party}'s congress has not ratified {treaty.id}"
        if renounced is not None and renounced["effective_at"] <= at:
            return f"{party} renounced {treaty.id}, free from {renounced['effective_at']}"
    return f"{treaty.id} does not bind them"


def advisory_reason(state: State, q: Question, now: datetime) -> str | None:
    """Why a decision taken under a treaty no longer binds its target, if its target's renunciation
    took effect (or the acting party's) before the decision was reached."""
    treaty_id = q.detail("treaty")
    if not treaty_id:
        return None
    treaty = state.nations.treaties.get(treaty_id)
    target = q.detail("target")
    if treaty is None or target is None:
        return None
    at = _iso(now)
    if treaty.binds(q.polity, at) and treaty.binds(target, at):
        return None
    return (f"R6: {target} is bound on its {q.detail('competence')} only while {treaty.id} binds it: "
            f"{_why_not(treaty, q.polity, target, at)}; the decision is advisory")
