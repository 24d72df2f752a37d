"""What every `councils` subcommand shares: the chosen database, the consoles, one-line failures.

Every ``cli_*`` module imports this one and nothing imports back from ``cli.py`` (which
only declares the commands), so there is no import cycle. Nothing here imports the
database, the application, the counting package or rich when the module is imported:
``councils --help`` and ``councils count`` must not pay for what they do not use, so
each helper imports what it needs when it is called.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from councils.application.governance import Governance

DEFAULT_URL = "sqlite:///councils.db"

# Failures a user can cause, by (module, class): reported as their message alone. They
# are looked up in ``sys.modules`` when something fails rather than imported here, since
# importing them would load the packages they live in: an exception of a class whose
# module was never imported cannot have been raised.
PLAIN_FAILURES = (
    ("councils.domain.errors", "DomainError"),
    ("councils.constitution.errors", "ConstitutionError"),
    ("councils.application.ports", "ArchiveError"),
    ("councils.application.ports", "SigningError"),
)
DATABASE_FAILURE = ("sqlalchemy.exc", "SQLAlchemyError")


@dataclass(frozen=True)
class Settings:
    """The main options (``councils --db URL ...``), chosen once by the main callback and
    kept on the click context (``ctx.obj``) for the subcommand that runs."""

    db: str | None = None

    @property
    def url(self) -> str:
        """The database URL in use: ``--db``, else ``$COUNCILS_DATABASE_URL``, else SQLite.

        The same choice as ``councils.bootstrap.database_url``, made here so that a
        message can name the database without importing the database layer.
        """
        return self.db or os.environ.get("COUNCILS_DATABASE_URL") or DEFAULT_URL

    def governance(self) -> Governance:
        """The governance on the chosen database, schema created (through bootstrap)."""
        from councils.bootstrap import governance

        return governance(self.db)


def settings(ctx: typer.Context) -> Settings:
    """The settings the main callback stored; the defaults when a command runs alone."""
    found = ctx.find_object(Settings)
    return found if found is not None else Settings()


@cache
def out() -> Console:
    """The console for results (stdout), made on first use."""
    from rich.console import Console

    return Console(highlight=False)


@cache
def err() -> Console:
    """The console for errors and progress (stderr), made on first use."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """One plain line on stderr, then exit with ``code``."""
    err().print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def errors(chosen: Settings | None = None) -> Iterator[None]:
    """Turn every expected failure into one line on stderr and exit code 1.

    ``chosen`` names the database in a database failure. Anything unexpected (a bug)
    still shows its traceback.
    """
    try:
        yield
    except Exception as exc:
        message = describe(exc, chosen or Settings())
        if message is None:
            raise
        fail(message)


def describe(exc: BaseException, chosen: Settings) -> str | None:
    """The one line for an expected failure; None for anything else."""
    if isinstance(exc, _loaded(PLAIN_FAILURES)):
        return str(exc)
    if isinstance(exc, _loaded((DATABASE_FAILURE,))):
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return f"database {chosen.url}: {exc.__class__.__name__}: {reason}"
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}"
    return None


def _loaded(names: tuple[tuple[str, str], ...]) -> tuple[type[BaseException], ...]:
    """The exception classes of ``names`` whose modules are imported."""
    found: list[type[BaseException]] = []
    for module, name in names:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            found.append(cls)
    return tuple(found)


@contextmanager
def progress(what: str, total: int, minimum: int = 50000) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal for long work; nothing when piped or short."""
    if total < minimum or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(console=err(), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.update(task, completed=n)
