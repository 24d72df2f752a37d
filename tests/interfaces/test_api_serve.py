"""`councils serve`, run as a user runs it: it prints its address and the demo sign-ins,
and the password it prints is the one that works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FixedClock
from tests.interfaces.api_support import PASSWORD, build_demo
from tests.support.serve import Start, serving


@pytest.fixture
def serve() -> Iterator[Start]:
    """Start `councils serve` on a database; yield the process, its port and its first lines."""
    with serving(80) as start:
        yield start


def printed_password(lines: list[str]) -> str:
    return next(line.split("password: ", 1)[1].strip() for line in lines if "  password: " in line)


def test_serve_prints_the_demo_sign_ins_and_their_password_works(serve: Start, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    build_demo(db, FixedClock())  # as `councils demo` leaves it (with old demo passwords)
    _proc, port, lines = serve(db)
    text = "\n".join(lines)
    assert f"web UI   http://127.0.0.1:{port}/" in text
    assert "clerk@ukraine" in text and "clerk@union" in text and "ukraine-olena" in text
    # Each role under its own label (observers are no clerks), and every elector listed, none cut.
    assert "  administrator: admin" in text and "admin and clerks" not in text
    observers = next(line for line in lines if line.startswith("  observers, who only read: "))
    assert "observer@ukraine" in observers and "clerk@" not in observers
    electors = next(line for line in lines if line.startswith("  electors and delegates"))
    assert "..." not in electors and "armenia-anahit" in electors and "georgia-nino" in electors
    password = printed_password(lines)
    assert password != PASSWORD
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=10) as http:
        assert http.post("/api/session", json={"login": "clerk@ukraine",
                                               "password": PASSWORD}).status_code == 401
        signed = http.post("/api/session", json={"login": "clerk@ukraine", "password": password})
        assert signed.status_code == 200
        assert http.get("/").status_code == 200
        assert [u["id"] for u in http.get("/api/unions").json()] == ["ussr", "union"]


def test_serve_demo_loads_the_demo_into_an_empty_database(serve: Start, tmp_path: Path) -> None:
    _proc, port, lines = serve(tmp_path / "empty.db", "--demo")
    password = printed_password(lines)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
        assert [m["id"] for m in http.get("/api/unions/union").json()["members"]] == [
            "ukraine", "byelorussia", "armenia", "moldavia"]
        assert http.post("/api/session", json={"login": "ukraine-olena",
                                               "password": password}).status_code == 200


def test_serve_without_the_demo_prints_no_sign_ins(serve: Start, tmp_path: Path) -> None:
    _proc, _port, lines = serve(tmp_path / "plain.db")
    assert not any("password" in line for line in lines)


def test_a_server_that_cannot_start_fails_with_what_it_said(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="serve did not start") as failed, serving(200) as start:
        start(tmp_path)  # a directory is no database file
    assert "unable to open database file" in str(failed.value)  # the server's own words, not a timeout
