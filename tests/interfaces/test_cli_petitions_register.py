"""`councils petition ...` and `councils register move|class|depart|deprive|restore|import --update`,
run as a clerk runs them, on a real SQLite file: each a command of the ledger, refusals on one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.interfaces.test_cli_register import run

VOTERS = [f"r-{i}" for i in range(11)]
FOUNDING = [
    {"cmd": "found_republic", "republic": "r", "name": "R", "constitution": "rsfsr-1918"},
    {"cmd": "create_council", "council": "r/town", "republic": "r", "kind": "town"},
    {"cmd": "create_council", "council": "r/village", "republic": "r", "kind": "village"},
    *({"cmd": "register_person", "person": p, "council": "r/town", "nationality": "n",
       "class": "worker", "born": 1980} for p in VOTERS),
    {"cmd": "open_question", "question": "seat", "body": "r/town", "kind": "election",
     "text": "seat", "to": "r/congress", "options": ["r-0"]},
    *({"cmd": "cast_ballot", "question": "seat", "voter": p, "ranking": ["r-0"]} for p in VOTERS),
    {"cmd": "close_question", "question": "seat"},
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    commands = tmp_path / "found.jsonl"
    commands.write_text("\n".join(json.dumps(c) for c in FOUNDING) + "\n")
    assert run(path, "apply", str(commands)).returncode == 0
    return path


def test_a_petition_started_and_signed_from_the_cli_opens_the_recall(db: Path) -> None:
    started = run(db, "petition", "start", "p", "--kind", "recall", "--body", "r/town",
                  "--delegate", "r-0", "--text", "Recall r-0", "--question", "recall-r0")
    assert started.returncode == 0, started.stderr
    assert "0 of 2 signature(s) needed, 11 may sign" in started.stdout
    assert "1 of 2" in run(db, "petition", "sign", "p", "--person", "r-1").stdout
    twice = run(db, "petition", "sign", "p", "--person", "r-1")
    assert twice.returncode == 1 and twice.stderr.strip() == (
        "error: refused (one signature): r-1 has already signed p")
    opened = run(db, "petition", "sign", "p", "--person", "r-2")
    assert "2 of 2" in opened.stdout and "it has now opened recall-r0" in opened.stdout
    shown = json.loads(run(db, "petition", "show", "p", "--json").stdout)
    assert shown["status"] == "succeeded" and shown["signatures"] == ["r-1", "r-2"]
    alone = run(db, "petition", "sign", "p")
    assert alone.returncode == 1 and "give one of --person" in alone.stderr
    assert run(db, "petition", "show", "nothing").stderr.strip() == "error: no petition 'nothing'"


def test_the_register_is_kept_from_the_cli(db: Path, tmp_path: Path) -> None:
    assert run(db, "register", "move", "r-3", "--council", "r/village").returncode == 0
    assert run(db, "register", "class", "r-4", "--class", "trader").returncode == 0
    assert run(db, "register", "depart", "r-5", "--reason", "died").returncode == 0
    deprived = run(db, "register", "deprive", "r-6", "--ground", "sentence", "--decision",
                   "people's court, case 3", "--decided", "2026-01-02")
    assert deprived.returncode == 0 and "deprived of the vote (sentence)" in deprived.stdout
    refused = run(db, "register", "restore", "r-7", "--decision", "d", "--decided", "2026-01-03")
    assert refused.returncode == 1 and "refused (register): r-7 has not been deprived" in refused.stderr
    state = json.loads(run(db, "state", "--json").stdout)
    assert state["persons"]["r"] == {"r/town": 9, "r/village": 1}
    register = tmp_path / "update.csv"
    register.write_text("person,council,nationality,class,born\nr-3,town,n,worker,1980\n"
                        "r-8,town,n,peasant,1980\nnew,village,n,worker,1999\n")
    updated = run(db, "register", "import", str(register), "--republic", "r", "--update")
    assert updated.returncode == 0, updated.stderr
    assert "imported 1 residents" in updated.stdout and "1 moved, 1 of another class" in updated.stdout


def test_notices_are_chosen_shown_and_sent_from_the_cli(db: Path) -> None:
    from tests.integration.test_notices_smtp import smtp_server
    from tests.support.serve import free_port

    chosen = run(db, "notices", "choose", "r-1", "--address", "r1@example.org", "--kind", "opened")
    assert chosen.returncode == 0 and "r-1 receives opened at r1@example.org" in chosen.stdout
    bad = run(db, "notices", "choose", "r-1", "--kind", "gossip")
    assert bad.returncode == 1 and "unknown kind 'gossip'" in bad.stderr
    opened = run(db, "petition", "start", "p", "--kind", "recall", "--body", "r/town", "--delegate",
                 "r-0", "--text", "Recall r-0", "--question", "rq")
    assert opened.returncode == 0
    run(db, "petition", "sign", "p", "--person", "r-1")
    run(db, "petition", "sign", "p", "--person", "r-2")  # the recall opens: a notice
    shown = run(db, "notices", "show", "r-1")
    assert "Question opened: Recall r-0  [not sent by e-mail]" in shown.stdout
    controller, inbox = smtp_server(port := free_port())
    try:
        sent = run(db, "notices", "send", "--smtp", f"smtp://127.0.0.1:{port}")
    finally:
        controller.stop()
    assert sent.returncode == 0 and "1 sent, 0 failed" in sent.stdout, sent.stderr
    assert [m["To"] for m in inbox.messages] == ["r1@example.org"]
    assert "sent to r1@example.org" in run(db, "notices", "show", "r-1").stdout
    refused = run(db, "serve", "--smtp", "http://mail.example.org")
    assert refused.returncode == 1 and "expected smtp://" in refused.stderr
