"""Presets complete and cited (issue 12 item 8): every value of the historical presets carries
its article, or is marked as the engine's choice, and the contradictions are resolved from the text."""

from __future__ import annotations

from typing import Any

import pytest

from councils.constitution.loader import load, parse_toml, preset_text

HISTORICAL = ("rsfsr-1918", "ussr-1924")
CITATION = ("article", "engine", "verified")


def uncited(document: dict[str, Any], path: str = "") -> list[str]:
    """Every table holding values with no `article`, and every `engine` key naming no value."""
    problems = []
    values = {k: v for k, v in document.items() if not _tables(v) and k not in CITATION}
    if values:
        article = document.get("article")
        if not isinstance(article, str) or not article.strip():
            problems.append(f"{path or '<root>'}: {', '.join(sorted(values))} without an 'article'")
        engine = document.get("engine", [])
        for key in engine:
            if key not in values:
                problems.append(f"{path}: engine names {key!r}, which is not a value of the table")
    for key, value in document.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            problems.extend(uncited(value, where))
        elif _tables(value):
            for i, item in enumerate(value):
                problems.extend(uncited(item, f"{where}[{i}]"))
    return problems


def _tables(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value)
                                       and all(isinstance(v, dict) for v in value))


@pytest.mark.parametrize("preset", HISTORICAL)
def test_every_value_of_a_historical_preset_cites_its_article_or_is_an_engine_choice(preset: str) -> None:
    document = parse_toml(preset_text(preset), preset)
    assert uncited(document) == []


def test_the_citation_check_names_a_value_without_its_article() -> None:
    document = parse_toml(preset_text("ussr-1924"), "ussr-1924")
    del document["secession"]["article"]
    document["union"]["second_chamber"]["engine"] = ["seats"]
    assert uncited(document) == [
        "secession: notice_days without an 'article'",
        "union.second_chamber: engine names 'seats', which is not a value of the table",
    ]


def test_ussr_1924_admission_is_a_union_matter_by_art_1c() -> None:
    document = parse_toml(preset_text("ussr-1924"), "ussr-1924")
    assert load("ussr-1924").accession.admission == "vote"
    assert "Art. 1(c)" in document["accession"]["article"]
    assert "admission" in load("ussr-1924").union.competences


def test_ussr_1924_soviet_of_nationalities_has_the_full_art_15_composition() -> None:
    chamber = load("ussr-1924").union.second_chamber
    assert chamber is not None
    assert (chamber.seats_per_republic, chamber.seats_per_autonomous_republic,
            chamber.seats_per_autonomous_region) == (5, 5, 1)


@pytest.mark.parametrize("preset", HISTORICAL)
def test_unverified_apportionment_is_marked_unverified(preset: str) -> None:
    """A ratio not seen in the text ([S] or [U], or an engine choice) is never presented as verified."""
    document = parse_toml(preset_text(preset), preset)
    for level, rules in document["apportionment"].items():
        for rule in rules:
            doubtful = any(mark in rule["article"] for mark in ("[U]", "[S]", "engine choice"))
            assert rule.get("verified", True) is not doubtful, (level, rule)
