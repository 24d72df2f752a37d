"""`councils serve` run as a user runs it, for the tests that need a real server process: one way
to start it on a free port, wait until it listens, and stop it (the API, serve-guard, demo-key,
sign-in-limit and crash-loop tests each had a loop of their own)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

COUNCILS = shutil.which("councils") or str(Path(sys.executable).with_name("councils"))
Started = tuple[subprocess.Popen[str], int, list[str]]  # the process, its port, its first lines
Start = Callable[..., Started]
STARTS_WITHIN = 60.0  # seconds; a loaded machine (four helpers and a benchmark) is slow to import


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(db: Path | str, *extra: str, columns: int = 200) -> Started:
    """`councils --db DB serve --port P EXTRA…` (DB a SQLite file or any database URL), once it
    says it listens; a terminal `columns` wide. One that does not start is killed, and its lines
    are the failure's message."""
    url = f"sqlite:///{db}" if isinstance(db, Path) else db
    port = free_port()
    proc = subprocess.Popen([COUNCILS, "--db", url, "serve", "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "COLUMNS": str(columns)})
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + STARTS_WITHIN
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if "Uvicorn running" in line:
            return proc, port, lines
    stop(proc)
    raise AssertionError("serve did not start:\n" + "\n".join(lines))


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop a server if it still runs (it may have stopped on its own, or been killed), and reap it."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@contextmanager
def serving(columns: int = 200) -> Iterator[Start]:
    """Start `councils serve` as often as asked (`start(db, *extra)`, as `start_serve`); every
    server started is stopped on leaving."""
    started: list[subprocess.Popen[str]] = []

    def start(db: Path | str, *extra: str) -> Started:
        found = start_serve(db, *extra, columns=columns)
        started.append(found[0])
        return found

    try:
        yield start
    finally:
        for proc in started:
            stop(proc)
