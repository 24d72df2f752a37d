"""Load a constitution from TOML into the frozen schema.

Every read goes through `_Reader`, which knows the key path it stands at, so every
error can say `rsfsr.toml: franchise.min_age: expected an integer, got "eighteen"`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from councils.constitution.errors import ConstitutionError
from councils.constitution.schema import (
    BASES,
    CLASSES,
    COUNCIL_KINDS,
    DEFAULT_COUNCIL_KINDS,
    DEFAULT_PUBLISH_MINIMUM,
    METHODS,
    PETITION_KINDS,
    POLL_METHODS,
    QUESTION_KINDS,
    THRESHOLDS,
    YES_NO_KINDS,
    AccessionRule,
    ApportionmentRule,
    Constitution,
    Franchise,
    PetitionRule,
    QuestionRule,
    SecessionRule,
    SecondChamber,
    UnionRule,
)
from councils.constitution.validator import validate_entrenched

PRESETS = ("rsfsr-1918", "ussr-1924", "coop-federation")
LEVELS = ("republic_congress", "union_congress", "region_congress", "province_congress", "district_congress",
          "volost_congress")
"""The congresses delegates are apportioned to: a republic's, a union's, and the congresses of the
pyramid below (RSFSR 1918 Art. 53: a gubernia's, an uyezd's), which councils within them send to."""
CITATION_KEYS = ("article", "engine")
"""Any table may say where its values come from: `article` (the text it cites) and `engine` (the
keys that are this engine's choice, not the text's); the engine reads neither, the presets' test
(tests/unit/constitution/test_citations.py) holds every table of a historical preset to them."""


class _Reader:
    """A mapping seen at a key path, with typed getters that fail with that path."""

    def __init__(self, data: Mapping[str, Any], source: str, path: str = "") -> None:
        self.data = data
        self.source = source
        self.path = path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> ConstitutionError:
        return ConstitutionError(self.source, self._at(key), message)

    def known(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys and key not in CITATION_KEYS:
                allowed = ", ".join(keys)
                raise self.fail(key, f"unknown key (expected one of: {allowed})")

    def get(self, key: str, kind: type, default: Any = ..., what: str = "") -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing required key")
            return default
        value = self.data[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(key, f"expected an integer, got {value!r}")
        if kind is not int and not isinstance(value, kind):
            raise self.fail(key, f"expected {what or kind.__name__}, got {value!r}")
        return value

    def table(self, key: str, default: Any = ...) -> _Reader:
        value = self.get(key, dict, default, "a table")
        return _Reader(value, self.source, self._at(key))

    def strings(self, key: str, allowed: tuple[str, ...] | None = None, default: Any = ...) -> tuple[str, ...]:
        values = self.get(key, list, default, "a list of strings")
        for i, item in enumerate(values):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{i}]", f"expected a string, got {item!r}")
            if allowed is not None and item not in allowed:
                raise self.fail(f"{key}[{i}]", f"unknown value {item!r} (expected one of: {', '.join(allowed)})")
        return tuple(values)

    def choice(self, key: str, allowed: tuple[str, ...], default: Any = ...) -> str:
        value: str = self.get(key, str, default, "a string")
        if value not in allowed:
            raise self.fail(key, f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
        return value

    def positive(self, key: str, default: Any = ..., minimum: int = 1) -> int:
        value: int = self.get(key, int, default)
        if value is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        return value

    def fraction(self, key: str, default: Fraction) -> Fraction:
        if key not in self.data:
            return default
        raw = self.data[key]
        try:
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                raise ValueError
            value = Fraction(raw)
        except (ValueError, ZeroDivisionError):
            raise self.fail(key, f"expected a fraction like \"1/2\" or 0.5, got {raw!r}") from None
        if not 0 <= value <= 1:
            raise self.fail(key, f"must lie between 0 and 1, got {raw!r}")
        return value


def load_constitution(data: Mapping[str, Any], source: str = "<constitution>") -> Constitution:
    """Build a Constitution from a parsed TOML document, refusing anything not understood."""
    root = _Reader(data, source)
    validate_entrenched(data, source)
    root.known("constitution", "franchise", "councils", "apportionment", "congress_caps", "questions",
               "secession", "accession", "union", "ballots", "petitions")
    head = root.table("constitution")
    head.known("name", "title", "sources")
    franchise = root.table("franchise")
    franchise.known("enfranchised", "excluded", "min_age", "notes")
    enfranchised = franchise.strings("enfranchised", CLASSES)
    excluded = franchise.strings("excluded", CLASSES)
    both = set(enfranchised) & set(excluded)
    if both:
        raise franchise.fail("excluded", f"classes both enfranchised and excluded: {sorted(both)}")
    councils = root.table("councils", {})
    councils.known("kinds")
    ballots = root.table("ballots", {})
    ballots.known("secret_in", "publish_minimum_turnout", "tellers_needed", "revote")
    return Constitution(
        name=head.get("name", str, what="a string"),
        title=head.get("title", str, "", "a string"),
        franchise=Franchise(enfranchised, excluded, franchise.positive("min_age", minimum=0)),
        council_kinds=councils.strings("kinds", COUNCIL_KINDS, list(DEFAULT_COUNCIL_KINDS)),
        apportionment=_apportionment(root.table("apportionment", {})),
        congress_caps=_caps(root.table("congress_caps", {})),
        questions=_questions(root.table("questions")),
        secession=_secession(root.table("secession", {})),
        accession=_accession(root.table("accession", {})),
        union=_union(root.table("union", {})),
        secret_ballot_in=ballots.strings(
            "secret_in", ("council", "assembly", "congress"), ["council", "assembly"]
        ),
        publish_minimum_turnout=ballots.positive("publish_minimum_turnout",
                                                 DEFAULT_PUBLISH_MINIMUM),
        tellers_needed=ballots.positive("tellers_needed", None),  # encrypted ballots (domain/encrypted.py)
        revote=ballots.get("revote", bool, False, "true or false"),
        petitions=_petitions(root.table("petitions", {})),
    )


def _apportionment(table: _Reader) -> dict[str, tuple[ApportionmentRule, ...]]:
    table.known(*LEVELS)
    levels: dict[str, tuple[ApportionmentRule, ...]] = {}
    for level in LEVELS:
        rules = table.get(level, list, [], "a list of tables")
        parsed = []
        for i, raw in enumerate(rules):
            if not isinstance(raw, dict):
                raise table.fail(f"{level}[{i}]", "expected a table")
            rule = _Reader(raw, table.source, f"{table.path}.{level}[{i}]")
            rule.known("source", "basis", "per", "minimum", "cap", "verified", "article")
            sources = ("republic",) if level == "union_congress" else COUNCIL_KINDS
            parsed.append(ApportionmentRule(
                source=rule.choice("source", sources),
                basis=rule.choice("basis", BASES),
                per=rule.positive("per"),
                minimum=rule.positive("minimum", 1),
                cap=rule.positive("cap", None),
                verified=rule.get("verified", bool, True, "true or false"),
                article=rule.get("article", str, "", "a string"),
            ))
        levels[level] = tuple(parsed)
    return levels


def _caps(table: _Reader) -> dict[str, int]:
    """`[congress_caps]`: the most delegates each level's congress seats in all (Art. 53)."""
    table.known(*LEVELS)
    return {level: table.positive(level) for level in LEVELS if level in table.data}


def _questions(table: _Reader) -> dict[str, QuestionRule]:
    table.known(*QUESTION_KINDS)
    rules = {}
    for kind in QUESTION_KINDS:
        sub = table.table(kind, {})
        sub.known("method", "methods", "threshold", "quorum", "article", "min_window_hours", "max_window_hours",
                  "close_early")
        default_method = {"election": "stv", "poll": "borda"}.get(kind, "majority")
        method = sub.choice("method", METHODS, default_method)
        methods = sub.strings("methods", METHODS, POLL_METHODS if kind == "poll" and "method" not in sub.data
                              else ())
        if kind in YES_NO_KINDS and set((method, *methods)) != {"majority"}:
            raise sub.fail("methods" if methods else "method",
                           f"a {kind} is decided yes or no, by majority under its threshold and quorum; "
                           "no other method may be allowed for it")
        if methods and method not in methods:
            raise sub.fail("methods", f"the default method {method!r} must be among the allowed methods")
        shortest, longest = sub.positive("min_window_hours", None), sub.positive("max_window_hours", None)
        if shortest is not None and longest is not None and shortest > longest:
            raise sub.fail("max_window_hours", f"{longest} is less than min_window_hours ({shortest})")
        rules[kind] = QuestionRule(
            method=method,
            threshold=sub.choice("threshold", THRESHOLDS, "simple"),
            quorum=sub.fraction("quorum", Fraction(0)),
            methods=methods,
            min_window_hours=shortest,
            max_window_hours=longest,
            close_early=sub.get("close_early", bool, True, "true or false"),
        )
    return rules


def _petitions(table: _Reader) -> dict[str, PetitionRule]:
    """`[petitions.<kind>]`: `share` of the signers (a fraction above 0), or `republics` (congress)."""
    table.known(*PETITION_KINDS)
    rules = {}
    for kind in PETITION_KINDS:
        if kind not in table.data:
            continue
        sub = table.table(kind)
        sub.known("share", "republics", "verified", "article")
        share = sub.fraction("share", PetitionRule().share)
        if share == 0:
            raise sub.fail("share", "must be above 0: a petition no one signs is one elector's whim")
        republics = sub.positive("republics", None) if kind == "congress" else None
        if kind != "congress" and "republics" in sub.data:
            raise sub.fail("republics", "only a petition to call a congress is signed by republics")
        rules[kind] = PetitionRule(share, republics, sub.get("verified", bool, True, "true or false"))
    return rules


def _secession(table: _Reader) -> SecessionRule:
    table.known("notice_days", "article")
    return SecessionRule(notice_days=table.positive("notice_days", 0, minimum=0))


def _accession(table: _Reader) -> AccessionRule:
    table.known("admission", "article")
    return AccessionRule(admission=table.choice("admission", ("open", "vote", "treaty"), "vote"))


def _union(table: _Reader) -> UnionRule:
    table.known("competences", "second_chamber", "article")
    chamber = None
    if "second_chamber" in table.data:
        sub = table.table("second_chamber")
        sub.known("name", "seats_per_republic", "seats_per_autonomous_republic",
                  "seats_per_autonomous_region", "article")
        chamber = SecondChamber(
            name=sub.get("name", str, what="a string"),
            seats_per_republic=sub.positive("seats_per_republic"),
            seats_per_autonomous_republic=sub.positive("seats_per_autonomous_republic", 0, minimum=0),
            seats_per_autonomous_region=sub.positive("seats_per_autonomous_region", 0, minimum=0),
        )
    return UnionRule(competences=table.strings("competences", None, []), second_chamber=chamber)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConstitutionError(source, "", f"not valid TOML: {exc}") from None


def preset_text(name: str) -> str:
    if name not in PRESETS:
        raise ConstitutionError(name, "", f"unknown preset (expected one of: {', '.join(PRESETS)})")
    return resources.files("councils.constitution").joinpath("presets", f"{name}.toml").read_text("utf-8")


def resolve_document(ref: str) -> dict[str, Any]:
    """A preset name or a path to a TOML file, as the parsed document to store in the ledger."""
    if ref in PRESETS:
        return parse_toml(preset_text(ref), f"preset {ref}")
    path = Path(ref)
    if not path.is_file():
        raise ConstitutionError(ref, "", f"no such preset or file (presets: {', '.join(PRESETS)})")
    return parse_toml(path.read_text("utf-8"), str(path))


def load(ref: str) -> Constitution:
    """Load a preset by name or a TOML file by path."""
    return load_constitution(resolve_document(ref), ref)
