"""Full-text search over question titles behind one port (issue 16): SQLite FTS5 for the
memory and SQLite ledgers, PostgreSQL's own text search for a PostgreSQL ledger; the same
answers from each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from councils.application.ports import TitleSearch
from councils.bootstrap import MEMORY_URL, open_ledger, title_search

TITLES = {
    "tram": "Build a tram line to the tractor works",
    "tramway": "Tramways for Kharkiv",
    "bread": "Open a bakery in Poltava",
    "kyiv": "Школа в Києві",
    "kyiv-street": "Вулиця Київська",
    "mueller": "Straße für Müller",
}


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def search(request: pytest.FixtureRequest) -> Iterator[TitleSearch]:
    url = MEMORY_URL if request.param == "memory" else str(
        request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))
    ledger = open_ledger(url)
    found = title_search(ledger)
    assert type(found).__name__ == ("PostgresTitleSearch" if request.param == "postgresql"
                                    else "Fts5TitleSearch")
    yield found
    ledger.dispose()


def test_every_word_must_appear_and_a_word_may_be_the_start_of_one(search: TitleSearch) -> None:
    assert sorted(search.search("tram", TITLES)) == ["tram", "tramway"]
    assert search.search("tram tractor", TITLES) == ["tram"]
    assert search.search("tram bakery", TITLES) == []


def test_capitals_and_accents_do_not_matter_in_any_alphabet(search: TitleSearch) -> None:
    assert search.search("КИЄВІ", TITLES) == ["kyiv"]
    assert search.search("києв", TITLES) == ["kyiv"]  # the start of a word
    assert search.search("КИЇВСЬКА", TITLES) == ["kyiv-street"]  # ї with or without its dots
    assert search.search("muller", TITLES) == ["mueller"]


def test_only_the_given_titles_are_answered_and_new_ones_are_found(search: TitleSearch) -> None:
    assert search.search("bakery", TITLES) == ["bread"]
    assert search.search("bakery", {"tram": TITLES["tram"]}) == []
    more = {**TITLES, "later": "A second bakery"}
    assert sorted(search.search("bakery", more)) == ["bread", "later"]


def test_punctuation_in_a_query_is_only_a_separator(search: TitleSearch) -> None:
    assert search.search('"tram" OR (bread) *', TITLES) == []  # words, never query syntax
    assert search.search("  ", TITLES) == list(TITLES)
