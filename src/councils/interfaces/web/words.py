"""People's words for the engine's vocabulary: display names, and results said in the
language of the question's kind.

The engine speaks in ids and codes (`former_police`, `stv`, `two_thirds`, outcome `no`);
a person reading a page should not have to know them. Every display name is marked for
translation (`_`), so the catalogues in `locale/` carry them like any other interface text.
Nothing here decides anything: it only says what the record already holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from councils.interfaces.web.i18n import N_
from councils.interfaces.web.i18n import gettext as _

CLASS_NAMES: dict[str, str] = {
    "worker": N_("worker"), "peasant": N_("peasant"), "soldier": N_("soldier"),
    "houseworker": N_("houseworker"), "invalid": N_("disabled worker"),
    "employer": N_("employer"), "rentier": N_("rentier"), "trader": N_("trader"),
    "clergy": N_("clergy"), "former_police": N_("former police"),
}

QUESTION_KIND_NAMES: dict[str, str] = {
    "motion": N_("motion"), "law": N_("law"), "election": N_("election"), "recall": N_("recall"),
    "secession": N_("secession"), "accession": N_("accession"), "admission": N_("admission"),
    "amendment": N_("amendment"), "poll": N_("advisory poll"),
}

BODY_KIND_NAMES: dict[str, str] = {
    "congress": N_("Congress"), "chamber": N_("Chamber"), "council": N_("Council"),
    "assembly": N_("Assembly"),
}

COUNCIL_KIND_NAMES: dict[str, str] = {
    "town": N_("town"), "village": N_("village"), "workplace": N_("workplace"),
    "district": N_("district"), "province": N_("province"), "region": N_("region"), "volost": N_("volost"),
}

METHOD_NAMES: dict[str, str] = {
    "majority": N_("majority vote"), "plurality": N_("plurality (most votes wins)"),
    "approval": N_("approval voting"), "irv": N_("instant run-off (ranked)"),
    "stv": N_("single transferable vote (ranked)"), "schulze": N_("Schulze method (ranked)"),
    "ranked_pairs": N_("ranked pairs (ranked)"), "borda": N_("Borda count (ranked, points)"),
}

THRESHOLD_NAMES: dict[str, str] = {
    "simple": N_("a simple majority of the votes cast"),
    "absolute": N_("an absolute majority of those on the roll"),
    "two_thirds": N_("two thirds of the votes cast"),
}

STATUS_NAMES: dict[str, str] = {"open": N_("open"), "decided": N_("decided"),
                                "closed": N_("closed"), "scheduled": N_("not yet open")}

ROLE_NAMES: dict[str, str] = {"admin": N_("administrator"), "clerk": N_("clerk"),
                              "observer": N_("observer"), "elector": N_("elector"),
                              "delegate": N_("delegate")}

COMPETENCE_NAMES: dict[str, str] = {  # a union's competences (presets' [union] competences)
    "foreign_relations": N_("foreign relations"), "frontiers": N_("frontiers"), "admission": N_("admission"),
    "war_and_peace": N_("war and peace"), "loans": N_("loans"), "treaties": N_("treaties"),
    "foreign_trade": N_("foreign trade"), "economic_plan": N_("the economic plan"), "transport": N_("transport"),
    "armed_forces": N_("the armed forces"), "budget": N_("the budget"), "shared_services": N_("shared services"),
    "solidarity_fund": N_("the solidarity fund"), "external_relations": N_("external relations"),
    "standards": N_("standards"),
}

GROUND_NAMES: dict[str, str] = {  # a person deprived of the vote (RSFSR 1918 Art. 65 (f), (g))
    "insanity": N_("declared insane"), "guardianship": N_("under guardianship"),
    "sentence": N_("deprived by a court's sentence"),
}

OPTION_NAMES: dict[str, str] = {"yes": N_("yes"), "no": N_("no"), "abstain": N_("abstain")}

RULE_NAMES: dict[str, str] = {
    "R1 franchise": N_("R1 franchise"),
    "R2 councils over assemblies": N_("R2 councils over assemblies"),
    "R3 right of separation": N_("R3 right of separation"),
    "R4 separation belongs to the labouring classes": N_("R4 separation belongs to the labouring classes"),
    "R5 voluntary union": N_("R5 voluntary union"),
    "R6 no rule over another people": N_("R6 no rule over another people"),
    "R7 apportionment": N_("R7 apportionment"),
    "R8 recall": N_("R8 recall"),
    "R9 secession carries its records": N_("R9 secession carries its records"),
    "R10 entrenchment": N_("R10 entrenchment"),
    "authorisation": N_("authorisation"), "own ballot": N_("own ballot"), "exists": N_("exists"),
    "closed": N_("closed"), "one ballot": N_("one ballot"), "empty roll": N_("empty roll"),
    "ballot box": N_("ballot box"), "window": N_("voting window"),
}


def named(table: dict[str, str], code: str | None) -> str:
    """The display name of `code` in `table`, translated; an unknown code with `_` as spaces."""
    if not code:
        return ""
    if code in table:
        return _(table[code])
    return code.replace("_", " ")


def class_name(code: str | None) -> str:
    return named(CLASS_NAMES, code)


def kind_name(code: str | None) -> str:
    return named(QUESTION_KIND_NAMES, code)


def body_kind_name(code: str | None) -> str:
    return named(BODY_KIND_NAMES, code)


def council_kind_name(code: str | None) -> str:
    return named(COUNCIL_KIND_NAMES, code)


def method_name(code: str | None) -> str:
    return named(METHOD_NAMES, code)


def threshold_name(code: str | None) -> str:
    return named(THRESHOLD_NAMES, code)


def status_name(code: str | None) -> str:
    return named(STATUS_NAMES, code)


def role_name(code: str | None) -> str:
    return named(ROLE_NAMES, code)


def competence_name(code: str | None) -> str:
    return named(COMPETENCE_NAMES, code)


def ground_name(code: str | None) -> str:
    return named(GROUND_NAMES, code)


def option_name(code: str | None) -> str:
    return named(OPTION_NAMES, code)


def rule_name(code: str | None) -> str:
    """A rule's name as the reader's language says it ("R1 franchise"); unknown ones as they are."""
    if not code:
        return ""
    return _(RULE_NAMES[code]) if code in RULE_NAMES else code


@dataclass(frozen=True)
class Verdict:
    """A decided question's result in the words of its kind.

    `headline` is the short form (a table cell), `sentence` the full one (the result box),
    `chosen_label` names what the count's winners are ("Elected", or None when the kind
    has no winners to name), and `success` says whether the proposal carried, for colour.
    """

    headline: str
    sentence: str
    chosen_label: str | None
    success: bool


YES_KINDS = ("motion", "law", "recall", "secession", "accession", "admission", "amendment")


def verdict(q: dict[str, Any], winner_names: list[str], effective_at: str | None = None,
            threshold: str | None = None) -> Verdict | None:
    """What a decided (or closed) question decided, said as its kind says it."""
    if q.get("status") == "open":
        return None
    outcome = str(q.get("outcome") or "")
    kind = q.get("kind", "")
    rule = threshold_name(threshold or q.get("threshold"))
    if outcome == "no quorum":
        return Verdict(_("no quorum"), _("Too few of those on the roll voted for the quorum the "
                                         "constitution sets, so nothing was decided."), None, False)
    if outcome == "no decision" and (q.get("count") or {}).get("valid") == 0:
        return Verdict(_("no decision"), _("No valid ballot was cast, so nothing was decided and no one "
                                           "was chosen by lot."), None, False)
    if kind == "election":
        if not winner_names:
            return Verdict(_("no one elected"), _("No candidate reached the count's quota."), None,
                           False)
        who = ", ".join(winner_names)
        return Verdict(_("elected: %(who)s") % {"who": who},
                       _("The count's winners take their seats."), _("Elected"), True)
    if kind in YES_KINDS:
        carried = outcome == "yes"
        if kind == "recall":
            head = _("recalled") if carried else _("kept")
            sentence = (_("The delegate's electors withdrew the mandate by %(rule)s; the seat is "
                          "vacant.")
                        if carried else
                        _("The recall did not reach %(rule)s, so the delegate keeps the seat."))
        elif kind == "secession":
            head = _("decided: leaves the union") if carried else _("rejected")
            if carried and effective_at:
                sentence = _("The congress decided by %(rule)s that the republic leaves its union, "
                             "in effect on %(date)s.")
            elif carried:
                sentence = _("The congress decided by %(rule)s that the republic leaves its union.")
            else:
                sentence = _("The secession did not reach %(rule)s; the republic stays in its "
                             "union.")
        elif kind == "accession":
            head = _("decided: joins") if carried else _("rejected")
            sentence = (_("The congress decided by %(rule)s that the republic joins the union.")
                        if carried else _("The accession did not reach %(rule)s."))
        elif kind == "admission":
            head = _("admitted") if carried else _("not admitted")
            sentence = (_("The union's congress admitted the republic by %(rule)s.") if carried else
                        _("The admission did not reach %(rule)s."))
        else:
            head = _("adopted") if carried else _("rejected")
            sentence = (_("It was carried by %(rule)s.") if carried else
                        _("It did not reach %(rule)s."))
        return Verdict(head, sentence % {"rule": rule, "date": effective_at or ""}, None, carried)
    return Verdict(option_name(outcome) or outcome, _("Outcome: %(outcome)s.") % {
        "outcome": option_name(outcome) or outcome}, None, True)


def chart_statuses(kind: str) -> dict[str, str]:
    """How a bar's status reads on the chart of a question of this kind.

    Only elections (and ranked counts of candidates) elect and exclude; a yes/no question's
    bars carry no status words at all.
    """
    if kind == "election":
        return {"elected": _("elected"), "excluded": _("excluded"),
                "elected earlier": _("elected earlier")}
    return {}
