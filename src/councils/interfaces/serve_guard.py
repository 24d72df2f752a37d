"""A served SQLite file is held: nothing replaces it under the server unseen.

The README's own commands once lost data: `make run` served `demo.db`, and `councils
--db sqlite:///demo.db demo --fresh` deleted and rebuilt it under the running server,
which kept the deleted file open, kept saying "Verified", and accepted ballots on
questions that no longer existed. Two guards, each enough alone:

- `councils serve` holds a shared `flock` on `<file>.serving` (with its pid) for as
  long as it runs (shared: several servers may serve one file); the kernel drops the
  lock when the process ends, even by `kill -9`, so a stale file blocks nothing. `demo
  --fresh` (`replacing`) asks for the same lock exclusively and refuses, naming
  a server's pid, if any server holds it.
- The server watches its file (`FileWatch`): if the path is deleted or now names another
  file (another device or inode), it stops serving at once and exits non-zero, rather
  than answer from a file no one else can see.

PostgreSQL needs neither: its database is not a file a command deletes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: only the watch guards
    fcntl = None  # type: ignore[assignment]

BUSY = 4  # the exit code of a command refused because a server holds the file
FILE_GONE = 5  # the exit code of a server that stopped because its file went away
WATCH_SECONDS = 0.25  # an os.stat: cheap enough to look often


class Served(Exception):
    """The SQLite file is held by a running `councils serve`."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (`sqlite:///path`), or None for memory or another database."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if not path or path == ":memory:" else Path(path)


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".serving")


def _holder(lock: Path) -> str:
    try:
        return lock.read_text().strip() or "?"
    except OSError:
        return "?"


class ServeLock:
    """The (shared) lock a server holds on its file; released by `release` or by the
    process ending."""

    def __init__(self, db: Path) -> None:
        self.path = lock_path(db)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock (waiting out a `demo --fresh` that is replacing the file)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextmanager
def replacing(url: str) -> Iterator[None]:
    """Hold a SQLite file exclusively while a command replaces it (`demo --fresh`).

    Raises `Served`, naming a server's pid, if a running server holds the file; while
    held, a server starting on the file waits until the replacement is done.
    """
    db = sqlite_file(url)
    if db is None or fcntl is None:
        yield
        return
    lock = lock_path(db)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Served(f"{db} is being served by a running `councils serve` (process "
                         f"{_holder(lock)}); stop it first, or give this command another "
                         "--db") from None
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


class FileWatch:
    """Calls `gone(reason)` once if `db` is deleted or replaced while it is watched."""

    def __init__(self, db: Path, gone: Callable[[str], None], every: float = WATCH_SECONDS) -> None:
        self.db = db
        self.gone = gone
        self.every = every
        self.identity = _identity(db)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="councils-file-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def check(self) -> str | None:
        """Why the served file is no longer the one opened, or None if it still is."""
        now = _identity(self.db)
        if now is None:
            return f"{self.db} was deleted"
        if now != self.identity:
            return f"{self.db} was replaced by another file"
        return None

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            reason = self.check()
            if reason is not None:
                self.gone(reason)
                return
