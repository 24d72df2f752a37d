"""A constitution file is loaded whole or refused with the file, the key path and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from councils.constitution import PRESETS, ConstitutionError, load
from councils.constitution.loader import preset_text


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_loads(preset: str) -> None:
    c = load(preset)
    assert c.name == preset
    assert c.franchise.min_age > 0
    assert set(c.questions) >= {"secession", "accession", "election", "recall"}


def test_rsfsr_1918_figures_match_the_articles() -> None:
    c = load("rsfsr-1918")
    town = c.apportionment_rule("republic_congress", "town")
    province = c.apportionment_rule("republic_congress", "province")
    assert town is not None and (town.basis, town.per) == ("electors", 25000)  # Art. 25
    assert province is not None and (province.basis, province.per) == ("inhabitants", 125000)
    assert c.franchise.min_age == 18  # Art. 64
    assert {"employer", "rentier", "trader", "clergy", "former_police"} == set(c.franchise.excluded)


def test_ussr_1924_reserves_art_1_competences_and_admits_by_union_vote() -> None:
    c = load("ussr-1924")
    assert "war_and_peace" in c.union.competences and "schools" not in c.union.competences
    assert c.accession.admission == "vote"  # Art. 1(c): admitting new republics is the union's
    assert c.union.second_chamber is not None and c.union.second_chamber.seats_per_republic == 5


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text)
    return str(path)


def _variant(old: str, new: str) -> str:
    text = preset_text("coop-federation")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "path", "message"), [
    ("min_age = 16", 'min_age = "sixteen"', "franchise.min_age", "expected an integer"),
    ("min_age = 16", "", "franchise.min_age", "missing required key"),
    ("min_age = 16", "min_age = 16\nmin_agee = 3", "franchise.min_agee", "unknown key"),
    ('excluded = ["employer", "rentier"]', 'excluded = ["employer", "landlord"]',
     "franchise.excluded[1]", "unknown value 'landlord'"),
    ("notice_days = 90", "notice_days = -1", "secession.notice_days", "at least 0"),
    ('quorum = "1/3"', 'quorum = "lots"', "questions.motion.quorum", "expected a fraction"),
    ("per = 500\ncap = 50", "per = 0\ncap = 50", "apportionment.union_congress[0].per", "at least 1"),
    ("notice_days = 90", "notice_days = 90\nunion_may_block = true", "secession.union_may_block",
     "refused (R3"),
    ("notice_days = 90", "notice_days = 90\ndecided_by = \"assembly\"", "secession.decided_by",
     "refused (R4"),
    ('admission = "vote"', 'admission = "vote"\nannexation = true', "accession.annexation",
     "refused (R5"),
])
def test_bad_constitution_is_refused_with_key_path(tmp_path: Path, old: str, new: str, path: str,
                                                   message: str) -> None:
    file = _write(tmp_path, _variant(old, new))
    with pytest.raises(ConstitutionError) as info:
        load(file)
    assert str(info.value).startswith(f"{file}: {path}: ")
    assert message in str(info.value)


def test_invalid_toml_is_refused_with_the_file(tmp_path: Path) -> None:
    file = _write(tmp_path, "[franchise\nmin_age = 1")
    with pytest.raises(ConstitutionError, match=r"mine.toml: not valid TOML"):
        load(file)


def test_unknown_preset_or_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConstitutionError, match="no such preset or file"):
        load(str(tmp_path / "nope.toml"))
