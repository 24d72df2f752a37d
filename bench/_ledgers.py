"""Databases the benchmarks start from: a founded republic with electors and open questions.

Built once per benchmark as a template and copied for every run (a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), so each run starts from
the same state without paying for the setup again.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

from councils.application.register_import import import_register
from councils.bootstrap import governance

REPUBLIC = "r"
COUNCIL = "r/town"
AT = 2026


def write_register(path: Path, people: int, councils: int = 1, seed: int = 1) -> Path:
    """A register CSV of `people` residents over `councils` councils (c0, c1, ...)."""
    import random

    rnd = random.Random(seed)
    classes = ["worker"] * 6 + ["peasant"] * 3 + ["houseworker", "soldier", "invalid", "employer",
                                                  "trader", "rentier", "clergy"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["person", "council", "nationality", "class", "born", "name"])
        for i in range(people):
            out.writerow([f"p{i}", f"c{i % councils}", rnd.choice(["ukrainian", "tatar", "russian"]),
                          rnd.choice(classes), rnd.randint(1930, 2005), f"Person {i}"])
    return path


def voting_republic(url: str, workdir: Path, electors: int, questions: int) -> None:
    """A republic whose town council has `electors` electors and `questions` open motions."""
    gov = governance(url)
    try:
        gov.handle({"cmd": "found_republic", "republic": REPUBLIC, "name": "R",
                    "constitution": "rsfsr-1918"})
        gov.handle({"cmd": "create_council", "council": COUNCIL, "republic": REPUBLIC,
                    "kind": "town"})
        register = workdir / f"electors-{electors}.csv"
        with register.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["person", "council", "nationality", "class", "born"])
            out.writerows([f"p{i}", "town", "n", "worker", 1980] for i in range(electors))
        import_register(gov, register, REPUBLIC)
        gov.handle_batch([{"cmd": "open_question", "question": f"q{j}", "body": COUNCIL,
                           "kind": "motion", "text": f"motion {j}"} for j in range(questions)])
    finally:
        gov.ledger.dispose()


def settle(url: str) -> None:
    """Fold SQLite's write-ahead log into the file, so copying the file copies everything."""
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


def copy_database(template: str, target: str) -> str:
    """Make `target` a copy of the database `template`; returns the target's URL."""
    if template.startswith("sqlite:///"):
        source, dest = Path(template.removeprefix("sqlite:///")), Path(target.removeprefix("sqlite:///"))
        for suffix in ("-wal", "-shm"):
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, dest)
        return target
    import psycopg

    server = template.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    name, source_db = target.rsplit("/", 1)[1], template.rsplit("/", 1)[1]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source_db}"')
    return target
