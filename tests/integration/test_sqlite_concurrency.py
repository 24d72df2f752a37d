"""Concurrent writers on one SQLite file: they queue on BEGIN IMMEDIATE, and every command lands once."""

from __future__ import annotations

import threading

from .test_postgres_concurrency import _check_each_person_once, _founded, _register


def test_governance_threads_on_one_sqlite_file_each_command_lands_once(sqlite_url: str) -> None:
    _founded(sqlite_url)
    threads = [threading.Thread(target=_register, args=(sqlite_url, w, 10)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    _check_each_person_once(sqlite_url, {f"w{w}-{n}" for w in range(4) for n in range(10)})
