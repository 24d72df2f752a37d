"""The README's commands are safe together, on a real `councils serve`: `demo --fresh`
refuses to replace a file a server holds, a server whose file is deleted stops, and the
cookies are `Secure` behind TLS, believing `X-Forwarded-Proto` only from the named proxy."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from councils.interfaces.serve_guard import BUSY, FILE_GONE
from tests.support.serve import COUNCILS, Start, serving


@pytest.fixture
def serve() -> Iterator[Start]:
    """Start `councils serve` on a database (wide, so no line of the printout folds)."""
    with serving(200) as start:
        yield start


FOUND = ('{"cmd": "found_republic", "republic": "r", "name": "R", '
         '"constitution": "rsfsr-1918"}\n')


def councils(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COUNCILS, "--db", f"sqlite:///{db}", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "served.db"
    commands = tmp_path / "found.jsonl"
    commands.write_text(FOUND)
    applied = councils(path, "apply", str(commands))
    assert applied.returncode == 0, applied.stderr
    return path


def test_demo_fresh_refuses_to_replace_a_file_a_running_server_holds(serve: Start, db: Path) -> None:
    """Before: demo --fresh deleted demo.db under `make run`'s server, which went on serving it."""
    proc, port, _ = serve(db)
    refused = councils(db, "demo", "--fresh", "--quiet")
    assert refused.returncode == BUSY
    assert "being served by a running `councils serve`" in refused.stderr
    assert f"process {proc.pid}" in refused.stderr and "stop it first" in refused.stderr
    assert db.exists() and proc.poll() is None
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
        assert "r" in {r["id"] for r in http.get("/api/republics").json()}  # the same file
    proc.terminate()
    proc.wait(timeout=20)
    after = councils(db, "demo", "--fresh", "--quiet")  # the lock left with the server
    assert after.returncode != BUSY and "being served" not in after.stderr


def test_the_lock_of_a_killed_server_blocks_nothing(serve: Start, db: Path) -> None:
    proc, _, _ = serve(db)
    proc.kill()  # kill -9: no clean-up runs, the kernel drops the lock
    proc.wait(timeout=20)
    assert councils(db, "demo", "--fresh", "--quiet").returncode != BUSY


def test_two_servers_may_share_a_file_and_both_block_demo_fresh(serve: Start, db: Path) -> None:
    first, _, _ = serve(db)
    second, _, _ = serve(db)
    first.terminate()
    first.wait(timeout=20)
    assert councils(db, "demo", "--fresh", "--quiet").returncode == BUSY  # the second holds it
    assert second.poll() is None


def test_a_server_whose_file_is_deleted_stops_serving(serve: Start, db: Path) -> None:
    """Before: the server kept the deleted file open, said "Verified", and took ballots."""
    proc, port, _ = serve(db)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
        assert http.get("/api/ledger/verify").status_code == 200
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    code = proc.wait(timeout=30)
    assert code == FILE_GONE
    assert proc.stdout is not None
    assert "was deleted while being served; stopping" in proc.stdout.read()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/api/ledger/verify", timeout=2)


def test_a_server_whose_file_is_replaced_stops_serving(serve: Start, db: Path, tmp_path: Path) -> None:
    proc, _, _ = serve(db)
    other = tmp_path / "other.db"
    other.write_bytes(db.read_bytes())
    other.replace(db)  # another inode under the same name
    assert proc.wait(timeout=30) == FILE_GONE
    assert proc.stdout is not None and "was replaced by another file" in proc.stdout.read()


def _signin_cookies(port: int, headers: dict[str, str] | None = None) -> tuple[list[str], httpx.Headers]:
    response = httpx.get(f"http://127.0.0.1:{port}/signin", headers=headers or {}, timeout=10)
    assert response.status_code == 200
    cookies = response.headers.get_list("set-cookie")
    assert cookies, "the sign-in page sets its CSRF cookie"
    return cookies, response.headers


HTTPS = {"X-Forwarded-Proto": "https"}


def test_cookies_are_secure_behind_a_tls_proxy_named_by_serve_proxy(serve: Start, db: Path) -> None:
    _, port, _ = serve(db, "--proxy", "127.0.0.1")
    cookies, headers = _signin_cookies(port, HTTPS)
    assert all("; Secure" in c for c in cookies)
    assert headers["strict-transport-security"].startswith("max-age=")
    plain, plain_headers = _signin_cookies(port)  # the proxy says the visitor came over HTTP
    assert not any("secure" in c.lower() for c in plain)
    assert "strict-transport-security" not in plain_headers


@pytest.mark.parametrize("proxy", [(), ("--proxy", "10.9.9.9")])
def test_x_forwarded_proto_from_anyone_but_the_proxy_is_not_believed(
        serve: Start, db: Path, proxy: tuple[str, ...]) -> None:
    """uvicorn believes 127.0.0.1 by default; councils believes no one unless told."""
    _, port, _ = serve(db, *proxy)
    cookies, headers = _signin_cookies(port, HTTPS)
    assert not any("secure" in c.lower() for c in cookies)
    assert "strict-transport-security" not in headers


def test_secure_cookies_marks_them_whatever_the_scheme(serve: Start, db: Path) -> None:
    _, port, _ = serve(db, "--secure-cookies")
    cookies, _ = _signin_cookies(port)
    assert all("; Secure" in c for c in cookies)
