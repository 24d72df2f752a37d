"""Nations inside republics: autonomous units with their own congress, declared languages,
questions in each language of their body, territory and its transfer (issue 12)."""

from __future__ import annotations

import json
from typing import Any

from councils.domain.commands import (
    DeclareLanguages,
    DeclareTerritory,
    FoundAutonomy,
    OpenQuestion,
    TransferCouncil,
)
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers.emit import Emitter
from councils.domain.handlers.founding import body_created, body_id
from councils.domain.nations import AUTONOMY_KINDS, NATIONAL_COUNCIL, Autonomy
from councils.domain.ports import Context
from councils.domain.rules import territory
from councils.domain.state import Body, Question, State
from councils.domain.vocabulary import TEXT_MAX, check_body_id, check_id, check_text

GEOJSON_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                 "GeometryCollection", "Feature", "FeatureCollection")
GEOJSON_MAX = 200_000  # characters of its JSON: an outline, not a survey
LANGUAGE_MAX = 35  # a BCP 47 tag or a language's name


def found_autonomy(state: State, c: FoundAutonomy, ctx: Context, emit: Emitter) -> None:
    republic = state.polities.get(c.republic)
    if republic is None or republic.kind != "republic":
        raise NotFound("republic", c.republic)
    kinds = (*AUTONOMY_KINDS, NATIONAL_COUNCIL)
    if c.kind not in kinds:
        raise InvalidCommand(f"found_autonomy: field 'kind' must be one of {', '.join(kinds)}, got {c.kind!r}")
    unit = body_id(c.republic, c.autonomy)
    if not unit.startswith(f"{c.republic}/"):
        raise Refused(Rule.R6, f"{unit} is not a body of {c.republic}")
    congress = f"{unit}-congress"
    check_body_id("found_autonomy", "autonomy", congress)
    for ident in (unit, congress):
        if ident in state.bodies:
            raise Refused("exists", f"{ident!r} already exists")
    if not c.nationalities:
        raise InvalidCommand("found_autonomy: an autonomous unit is formed for at least one nationality")
    languages = _languages("found_autonomy", c.languages or ())
    title = c.title or unit.split("/", 1)[1]
    body_created(emit, unit, c.republic, "council", title, council_kind=c.kind, within=None)
    if c.kind == NATIONAL_COUNCIL:  # a scattered nation's council: no territory, no congress
        congress = ""
    else:
        body_created(emit, congress, c.republic, "congress", f"Congress of Soviets of {title}")
    emit("AutonomyFounded", unit, c.republic, autonomy=unit, republic=c.republic, kind=c.kind, name=title,
         nationalities=list(c.nationalities), languages=list(languages), congress=congress)


def _languages(where: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    for language in languages:
        check_text(where, "languages", language, LANGUAGE_MAX)
    if len(set(languages)) != len(languages):
        raise InvalidCommand(f"{where}: a language is declared twice")
    return languages


def declare_languages(state: State, c: DeclareLanguages, ctx: Context, emit: Emitter) -> None:
    scope = _holder_scope(state, c.holder)
    if c.holder in state.bodies and c.holder not in state.nations.autonomies:
        raise InvalidCommand(f"declare_languages: {c.holder} is a body; languages are declared by a "
                             "republic, a union or an autonomous unit")
    if not c.languages:
        raise InvalidCommand("declare_languages: give at least one language")
    languages = _languages("declare_languages", c.languages)
    emit("LanguagesDeclared", c.holder, scope, holder=c.holder, languages=list(languages))


def declare_territory(state: State, c: DeclareTerritory, ctx: Context, emit: Emitter) -> None:
    scope = _holder_scope(state, c.holder)
    holder = state.bodies.get(c.holder)
    if holder is not None and holder.kind != "council":
        raise InvalidCommand(f"declare_territory: {c.holder} is a {holder.kind}; territory is held by "
                             "a council or a polity")
    if c.area is None and c.geojson is None:
        raise InvalidCommand("declare_territory: give a named 'area', a 'geojson' outline, or both")
    if c.area is not None:
        check_text("declare_territory", "area", c.area, TEXT_MAX["name"])
    if c.geojson is not None:
        _check_geojson(c.geojson)
    emit("TerritoryDeclared", c.holder, scope, holder=c.holder, area=c.area, geojson=c.geojson)


def _holder_scope(state: State, holder: str) -> str:
    """The polity whose records a declaration about `holder` belongs to."""
    if holder in state.polities:
        return holder
    body = state.bodies.get(holder)
    if body is None:
        raise NotFound("republic, union, autonomous unit or council", holder)
    return body.polity


def _check_geojson(value: dict[str, Any]) -> None:
    kind = value.get("type")
    if kind not in GEOJSON_TYPES:
        raise InvalidCommand(f"declare_territory: 'geojson' must be a GeoJSON object whose 'type' is one "
                             f"of {', '.join(GEOJSON_TYPES)}, got {kind!r}")
    if kind in ("Feature", "FeatureCollection"):
        if kind == "Feature" and not isinstance(value.get("geometry"), dict | None):
            raise InvalidCommand("declare_territory: a GeoJSON Feature's 'geometry' must be an object")
        if kind == "FeatureCollection" and not isinstance(value.get("features"), list):
            raise InvalidCommand("declare_territory: a GeoJSON FeatureCollection needs 'features', a list")
    elif kind == "GeometryCollection":
        if not isinstance(value.get("geometries"), list):
            raise InvalidCommand("declare_territory: a GeometryCollection needs 'geometries', a list")
    elif not isinstance(value.get("coordinates"), list):
        raise InvalidCommand(f"declare_territory: a GeoJSON {kind} needs 'coordinates', a list")
    try:
        size = len(json.dumps(value, allow_nan=False))
    except ValueError:
        raise InvalidCommand("declare_territory: 'geojson' holds a number JSON cannot carry") from None
    if size > GEOJSON_MAX:
        raise InvalidCommand(f"declare_territory: 'geojson' is {size} characters; at most {GEOJSON_MAX}")


def transfer_council(state: State, c: TransferCouncil, ctx: Context, emit: Emitter) -> None:
    for ident in c.consents:
        check_id("transfer_council", "consents", ident)
    council, giving, receiving = territory.check_transfer(state, c)
    emit("CouncilTransferred", council.id, giving.id, council=council.id, **{"from": giving.id},
         to=receiving.id, consents=list(c.consents), decision=c.decision)


# --- questions in the bodies of a unit, and in each language ---------------------------------


def autonomy_of(state: State, body: Body) -> Autonomy | None:
    """The autonomous unit a body is, is the congress of, or lies within."""
    nations = state.nations
    if not nations.autonomies:
        return None
    for unit in nations.autonomies.values():
        if body.id == unit.congress:
            return unit
    current: Body | None = body
    while current is not None:
        found = nations.autonomies.get(current.id)
        if found is not None:
            return found
        current = state.bodies.get(current.within) if current.within else None
    return None


UNIT_MAY_NOT = {"secession": Rule.R4, "accession": Rule.R4, "admission": Rule.R5, "amendment": Rule.R6}


def check_question(state: State, body: Body, c: OpenQuestion, details: dict[str, Any]) -> None:
    """What a question put to a body of an autonomous unit may decide, and its texts by language.

    A unit's own congress may decide that its people separate (R4: their congress, not the
    republic's, nor an assembly): into a new republic, or into another republic that agrees.
    """
    unit = autonomy_of(state, body)
    if unit is not None and body.id == unit.congress and c.kind == "secession":
        details["separation"] = _separation(state, unit, c.republic)
    elif unit is not None and body.id == unit.congress and c.kind == "accession" and _leaving(state, unit, c):
        details["stays_in"] = c.union  # the 1990 law's Art. 3: it may stay when its republic leaves
        details["separation"] = _separation(state, unit, None)
    elif unit is not None and body.id in (unit.id, unit.congress) and c.kind in UNIT_MAY_NOT:
        what = {"secession": f"the secession of {unit.republic}", "accession": f"{unit.republic} joining a union",
                "admission": "an admission", "amendment": f"the constitution of {unit.republic}"}[c.kind]
        raise Refused(UNIT_MAY_NOT[c.kind], f"{body.id} is a body of the {unit.kind.replace('_', ' ')} "
                                            f"{unit.name}; {what} is decided by {unit.republic}'s own "
                                            "congress of councils, not by one of its units")
    if c.texts is not None:
        details["texts"] = _texts(state, body, unit, c.texts)


def _leaving(state: State, unit: Autonomy, c: OpenQuestion) -> bool:
    """Whether the unit's republic is leaving the union `c.union` (its congress has a secession
    open, or decided and waiting for its notice), so that the unit may decide to stay in it."""
    republic = state.polities[unit.republic]
    if c.union is None or republic.union != c.union:
        return False
    return republic.seceding is not None or any(
        q.kind == "secession" and q.body == f"{republic.id}/congress" and q.status == "open"
        for q in state.questions.values())


def _separation(state: State, unit: Autonomy, into: str | None) -> dict[str, Any]:
    if into is not None:
        other = state.polities.get(into)
        if other is None or other.kind != "republic":
            raise NotFound("republic", into)
        if other.id == unit.republic:
            raise Refused(Rule.R4, f"{unit.name} is already within {into}")
        return {"unit": unit.id, "into": into}
    new = unit.id.split("/", 1)[1]
    if new in state.polities:
        raise Refused("exists", f"a republic {new!r} already exists; the {unit.name} would separate as {new!r}")
    return {"unit": unit.id, "new": new}


def separation_effects(state: State, q: Question, emit: Emitter) -> None:
    """A unit's congress decided to separate: a new republic that carries its councils, residents and
    delegates, or, into another republic, a decision that republic's congress then accepts (R5) by
    `transfer_council` (the unit's decision standing for the republic it leaves)."""
    separation = q.detail("separation")
    unit = state.nations.autonomies[separation["unit"]]
    parent = state.polities[unit.republic]
    if separation.get("into"):
        emit("SeparationDecided", unit.id, unit.republic, unit=unit.id, into=separation["into"], question=q.id)
        return
    new = separation["new"]
    emit("RepublicFounded", new, new, republic=new, name=unit.name, constitution=parent.document)
    body_created(emit, f"{new}/congress", new, "congress", f"Congress of Councils of {unit.name}")
    emit("AutonomySeparated", new, new, unit=unit.id, republic=new, congress=f"{new}/congress",
         question=q.id, **{"from": parent.id})
    stays_in = q.detail("stays_in")
    if stays_in:  # it stays a member of the union its republic leaves: no admission, it never left
        emit("AccessionDecided", new, new, republic=new, union=stays_in, question=q.id)
        emit("RepublicJoined", new, new, republic=new, union=stays_in, question=q.id)


def _texts(state: State, body: Body, unit: Autonomy | None, texts: dict[str, Any]) -> dict[str, str]:
    holder = unit.id if unit is not None else body.polity
    declared = state.nations.languages.get(holder, ())
    if not declared:
        raise InvalidCommand(f"open_question: 'texts' are given by language, but {holder} has declared no "
                             "languages (declare_languages)")
    for language, text in texts.items():
        if language not in declared:
            raise InvalidCommand(f"open_question: {language!r} is not a language of {holder} "
                                 f"(declared: {', '.join(declared)})")
        if not isinstance(text, str) or not text.strip():
            raise InvalidCommand(f"open_question: the text in {language!r} must be a non-empty string")
        check_text("open_question", f"texts.{language}", text, TEXT_MAX["text"])
    return {language: texts[language] for language in declared if language in texts}
