"""Full-text search over question titles: SQLite FTS5, or PostgreSQL's text search.

Both answer the same port (`application.ports.TitleSearch`): every word of the query must
appear in the title, a word may be the beginning of one ("tram" finds "tramway"), capitals
and accents do not matter, best match first (FTS5's bm25 rank, PostgreSQL's ts_rank).

Neither keeps a table in the ledger's database, whose one read model is the fold:

- `Fts5TitleSearch` indexes the titles in an FTS5 table of a private SQLite database in
  memory, adding the questions it has not seen (a question's title never changes, so the
  index only grows); it serves a SQLite ledger and a ledger in memory.
- `PostgresTitleSearch` asks the ledger's PostgreSQL server to match the titles it is given
  (`to_tsvector('simple', title) @@ to_tsquery('simple', ...)`, titles folded to lower
  case without accents first), with the 'simple' configuration: no stemming of one
  language over the union's many.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Mapping

from sqlalchemy import Engine, text

MAX_WORDS = 10
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(words: str) -> str:
    """Lower case without accents ("Київ" and "КИЇВ", "Müller" and "muller" read the same)."""
    folded = unicodedata.normalize("NFKD", words.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def query_words(query: str) -> list[str]:
    """The query's words, folded (what both indexes compare)."""
    return _WORD.findall(fold(query))[:MAX_WORDS]


class Fts5TitleSearch:
    """SQLite FTS5 over the titles, in a private database in memory."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE titles USING fts5(id UNINDEXED, title, "
                         "tokenize = 'unicode61 remove_diacritics 2')")
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def search(self, query: str, titles: Mapping[str, str]) -> list[str]:
        words = query_words(query)
        if not words:
            return list(titles)
        match = " ".join(f'"{w}"*' for w in words)  # every word, each as a prefix
        with self._lock:
            new = [(qid, fold(title)) for qid, title in titles.items() if qid not in self._seen]
            if new:
                self._db.executemany("INSERT INTO titles (id, title) VALUES (?, ?)", new)
                self._seen.update(qid for qid, _ in new)
            rows = self._db.execute("SELECT id FROM titles WHERE titles MATCH ? ORDER BY rank",
                                    (match,)).fetchall()
        return [qid for (qid,) in rows if qid in titles]


class PostgresTitleSearch:
    """PostgreSQL's text search, run by the ledger's own server on the titles it is given."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def search(self, query: str, titles: Mapping[str, str]) -> list[str]:
        words = query_words(query)
        if not words or not titles:
            return list(titles) if not words else []
        tsquery = " & ".join(f"{w}:*" for w in words)  # words are \w+ only: nothing to escape
        sql = text(
            "SELECT t.id FROM unnest(CAST(:ids AS text[]), CAST(:titles AS text[])) AS t(id, title) "
            "WHERE to_tsvector('simple', t.title) @@ to_tsquery('simple', :q) "
            "ORDER BY ts_rank(to_tsvector('simple', t.title), to_tsquery('simple', :q)) DESC, t.id")
        ids = list(titles)
        with self.engine.connect() as conn:
            rows = conn.execute(sql, {"ids": ids, "titles": [fold(titles[i]) for i in ids],
                                      "q": tsquery}).fetchall()
        return [str(r[0]) for r in rows]
