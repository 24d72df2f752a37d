"""Founding unions and republics, creating councils and assemblies, registering residents."""

from __future__ import annotations

from typing import Any

from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution
from councils.domain.commands import ConveneAssembly, CreateCouncil, FoundRepublic, FoundUnion, RegisterPerson
from councils.domain.errors import InvalidCommand, NotFound, Refused, Rule
from councils.domain.handlers.emit import Emitter
from councils.domain.ports import Context
from councils.domain.rules.r1_franchise import class_problem
from councils.domain.state import Polity, State


def _constitution(doc: Any, polity: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise InvalidCommand(f"constitution of {polity} was not resolved to a document")
    try:
        load_constitution(doc, f"constitution of {polity}")
    except ConstitutionError as exc:
        raise InvalidCommand(str(exc)) from None
    return doc


def _free_id(state: State, ident: str) -> None:
    if "/" in ident:
        raise InvalidCommand(f"the id {ident!r} of a union or republic may not contain '/'")
    if ident in state.polities:
        raise Refused("exists", f"{ident!r} is already founded")


def found_union(state: State, c: FoundUnion, ctx: Context, emit: Emitter) -> None:
    _free_id(state, c.union)
    doc = _constitution(c.constitution, c.union)
    emit("UnionFounded", c.union, c.union, union=c.union, name=c.title or c.union, constitution=doc)
    body_created(emit, f"{c.union}/congress", c.union, "congress", f"Congress of {c.title or c.union}")
    chamber = load_constitution(doc, c.union).union.second_chamber
    if chamber is not None:
        body_created(emit, f"{c.union}/{chamber.name}", c.union, "chamber", chamber.name.capitalize())


def found_republic(state: State, c: FoundRepublic, ctx: Context, emit: Emitter) -> None:
    _free_id(state, c.republic)
    doc = _constitution(c.constitution, c.republic)
    emit("RepublicFounded", c.republic, c.republic, republic=c.republic, name=c.title or c.republic,
         constitution=doc)
    body_created(emit, f"{c.republic}/congress", c.republic, "congress",
          f"Congress of Councils of {c.title or c.republic}")


def body_created(emit: Emitter, body: str, polity: str, kind: str, name: str, **extra: Any) -> None:
    emit("BodyCreated", body, polity, body=body, polity=polity, kind=kind, name=name, **extra)


def _republic(state: State, ident: str) -> Polity:
    polity = state.polities.get(ident)
    if polity is None or polity.kind != "republic":
        raise NotFound("republic", ident)
    return polity


def body_id(republic: str, ident: str) -> str:
    return ident if "/" in ident else f"{republic}/{ident}"


def create_council(state: State, c: CreateCouncil, ctx: Context, emit: Emitter) -> None:
    republic = _republic(state, c.republic)
    council = body_id(c.republic, c.council)
    if not council.startswith(f"{c.republic}/"):
        raise Refused(Rule.R6, f"{council} is not a body of {c.republic}")
    if council in state.bodies:
        raise Refused("exists", f"{council!r} already exists")
    if c.kind not in republic.constitution.council_kinds:
        raise InvalidCommand(f"create_council: the constitution of {c.republic} has no "
                             f"{c.kind!r} councils")
    within = None
    if c.within is not None:
        within = body_id(c.republic, c.within)
        parent = state.bodies.get(within)
        if parent is None or parent.kind != "council":
            raise NotFound("council", within)
        if parent.polity != c.republic:
            raise Refused(Rule.R6, f"{within} belongs to {parent.polity}, not to {c.republic}")
    body_created(emit, council, c.republic, "council", c.title or council.split("/", 1)[1],
          council_kind=c.kind, within=within)


def register_person(state: State, c: RegisterPerson, ctx: Context, emit: Emitter) -> None:
    if c.person in state.persons:
        raise Refused("exists", f"person {c.person!r} is already registered")
    council = state.bodies.get(c.council)
    if council is None or council.kind != "council":
        raise NotFound("council", c.council)
    if c.born > ctx.now.year or c.born < ctx.now.year - 150:
        raise InvalidCommand(f"register_person: 'born' must be a plausible year, got {c.born}")
    problem = class_problem(state.polities[council.polity], c.social_class)
    if problem is not None:  # a typo would silently take someone's vote away
        raise InvalidCommand(f"register_person: field 'class': {problem}")
    emit("PersonRegistered", f"person:{c.person}", council.polity, person=c.person,
         council=council.id, republic=council.polity, nationality=c.nationality,
         name=c.full_name, born=c.born, **{"class": c.social_class})


def convene_assembly(state: State, c: ConveneAssembly, ctx: Context, emit: Emitter) -> None:
    _republic(state, c.republic)
    assembly = body_id(c.republic, c.assembly)
    if not assembly.startswith(f"{c.republic}/"):
        raise Refused(Rule.R6, f"{assembly} is not a body of {c.republic}")
    if assembly in state.bodies:
        raise Refused("exists", f"{assembly!r} already exists")
    body_created(emit, assembly, c.republic, "assembly", f"Assembly of {c.republic}")
