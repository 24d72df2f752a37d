"""`kill -9` at random moments: nothing acknowledged is lost and the ledger still verifies.

- A real `councils serve` under concurrent clients is killed at a random moment, then
  started again, for N rounds (on SQLite and PostgreSQL): every command a client saw
  acknowledged (200) is in the ledger afterwards, and `councils ledger verify` passes.
- `councils apply` killed mid-file keeps a prefix of the file's commands (whole batches,
  in order; the rest never half-applied), and the ledger verifies.
- `councils register import` killed mid-import keeps all of its residents or none.

Bounded for `make test` (COUNCILS_CRASH_ROUNDS=3 by default); a longer run, e.g.
`COUNCILS_CRASH_ROUNDS=30 pytest tests/integration/test_crash_loop.py` (docs/security.md).
The moments are drawn from a seed (COUNCILS_CRASH_SEED) printed on failure.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from councils.application.accounts import Grant
from councils.bootstrap import governance, wire
from tests.conftest import FixedClock
from tests.interfaces.api_support import FAST, PASSWORD
from tests.support.serve import COUNCILS, serving

ROUNDS = int(os.environ.get("COUNCILS_CRASH_ROUNDS", "3"))
SEED = int(os.environ.get("COUNCILS_CRASH_SEED", str(random.randrange(1 << 30))))
CLIENTS = 16


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COUNCILS, "--db", url, *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


def _republic(url: str) -> None:
    gov = governance(url, clock=FixedClock())
    gov.handle({"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"})
    gov.handle({"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"})
    wire(gov, hasher=FAST).accounts.create("clerk", PASSWORD, grants=(Grant("clerk", "r"),))
    gov.ledger.dispose()


def _persons(url: str) -> set[str]:
    gov = governance(url)
    try:
        return set(gov.state.persons)
    finally:
        gov.ledger.dispose()


def _verified(url: str) -> None:
    result = _cli(url, "ledger", "verify")
    assert result.returncode == 0, result.stdout + result.stderr


def _person(person: str) -> dict[str, object]:
    return {"cmd": "register_person", "person": person, "council": "r/town", "nationality": "n",
            "class": "worker", "born": 1980}


def _client(base: str, token: str, stop: threading.Event, prefix: str, acknowledged: set[str],
            lock: threading.Lock) -> None:
    """Register residents one at a time until stopped or the server is gone; note each 200."""
    with httpx.Client(base_url=base, timeout=10, headers={"Authorization": f"Bearer {token}"}) as http:
        for i in range(1_000_000):
            if stop.is_set():
                return
            person = f"{prefix}-{i}"
            try:
                response = http.post("/api/commands", json=_person(person))
            except httpx.TransportError:
                return  # the server is gone: this one was never acknowledged
            assert response.status_code == 200, response.text
            with lock:
                acknowledged.add(person)


def test_no_acknowledged_command_is_lost_when_the_server_is_killed(db_url: str) -> None:
    rng = random.Random(SEED)
    _republic(db_url)
    acknowledged: set[str] = set()
    lock = threading.Lock()
    per_round = []
    with serving() as start:  # every server stopped and reaped, even if a round fails
        for round_ in range(ROUNDS):
            proc, port, _ = start(db_url)
            base = f"http://127.0.0.1:{port}"
            token = httpx.post(f"{base}/api/session", json={"login": "clerk", "password": PASSWORD},
                               timeout=30).json()["token"]
            stop = threading.Event()
            before = len(acknowledged)

            threads = [threading.Thread(target=_client, args=(base, token, stop, f"p{round_}-{k}",
                                                              acknowledged, lock))
                       for k in range(CLIENTS)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 60  # the load has begun: the first command is acknowledged
            while len(acknowledged) == before and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 1.0))
            proc.kill()  # SIGKILL: no shutdown, no flush, mid-write
            proc.wait(timeout=30)
            stop.set()
            for t in threads:
                t.join(timeout=30)
            per_round.append(len(acknowledged) - before)
    missing = acknowledged - _persons(db_url)
    assert not missing, f"seed {SEED}: {len(missing)} acknowledged commands lost, e.g. {sorted(missing)[:5]}"
    assert all(n > 0 for n in per_round), f"seed {SEED}: a round acknowledged nothing: {per_round}"
    _verified(db_url)
    print(f"crash loop: {ROUNDS} kills under {CLIENTS} clients, {len(acknowledged)} acknowledged, "
          f"0 lost (seed {SEED})")


def _events(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def _wait_for_a_write(db: Path, start: int) -> None:
    deadline = time.monotonic() + 60
    while _events(db) == start and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_killed_apply_keeps_a_prefix_of_its_file(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "apply.db"
    url = f"sqlite:///{db}"
    _republic(url)
    kept_counts = []
    for round_ in range(ROUNDS):
        start = _events(db)
        names = [f"a{round_}-{i}" for i in range(20_000)]
        file = tmp_path / f"round{round_}.jsonl"
        file.write_text("".join(json.dumps(_person(n)) + "\n" for n in names))
        proc = subprocess.Popen([COUNCILS, "--db", url, "apply", "--batch", "50", str(file)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_a_write(db, start)  # it has begun to write
        time.sleep(rng.uniform(0.0, 2.0))
        proc.kill()
        proc.wait(timeout=30)
        persons = _persons(url)
        kept = [n for n in names if n in persons]
        assert kept == names[:len(kept)], f"seed {SEED}: not a prefix of the file"
        assert len(kept) % 50 == 0 or len(kept) == len(names), "a batch was half kept"
        kept_counts.append(len(kept))
        _verified(url)
    print(f"apply killed {ROUNDS} times: kept {kept_counts} of 20000 lines (seed {SEED})")


def test_a_killed_register_import_keeps_all_or_none(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    url = f"sqlite:///{tmp_path / 'register.db'}"
    _republic(url)
    outcomes = []
    for round_ in range(ROUNDS):
        file = tmp_path / f"register{round_}.csv"
        rows = 30_000
        with file.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["person", "council", "nationality", "class", "born"])
            writer.writerows([f"i{round_}-{i}", "r/town", "n", "worker", 1980] for i in range(rows))
        proc = subprocess.Popen([COUNCILS, "--db", url, "register", "import", str(file),
                                 "--republic", "r"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 8.0))  # the whole import takes about 6 s here
        proc.kill()
        proc.wait(timeout=30)
        imported = sum(1 for p in _persons(url) if p.startswith(f"i{round_}-"))
        assert imported in (0, rows), f"seed {SEED}: {imported} of {rows} residents kept"
        outcomes.append("all" if imported else "none")
        _verified(url)
    print(f"register import killed {ROUNDS} times: {outcomes} (seed {SEED})")


@pytest.fixture(autouse=True)
def _say_the_seed(request: pytest.FixtureRequest) -> None:
    request.node.user_properties.append(("seed", SEED))
