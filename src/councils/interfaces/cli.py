"""The `councils` command line: a thin layer over the application, one line per error.

Every failure a user can cause (a bad file, a refused command, a tampered archive, a
database that cannot be opened) ends in one plain line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.exc import SQLAlchemyError

from councils.adapters.archive import ArchiveError
from councils.application.governance import Governance
from councils.bootstrap import database_url, governance
from councils.constitution.errors import ConstitutionError
from councils.domain.errors import DomainError

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="A governance engine for a voluntary union of council republics.")
ledger_app = typer.Typer(no_args_is_help=True, help="The append-only, hash-chained ledger.")
republic_app = typer.Typer(no_args_is_help=True, help="A republic's records (R9).")
app.add_typer(ledger_app, name="ledger")
app.add_typer(republic_app, name="republic")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Settings:
    db: str | None = None


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def errors() -> Iterator[None]:
    """Turn every expected failure into one line on stderr."""
    try:
        yield
    except (DomainError, ConstitutionError, ArchiveError) as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"database {database_url(Settings.db)}: {exc.__class__.__name__}: "
             f"{str(getattr(exc, 'orig', exc)).splitlines()[0]}")
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}")


def open_governance() -> Governance:
    return governance(Settings.db)


@app.callback()
def main_options(
    db: Annotated[str | None, typer.Option(
        "--db", help="Database URL (default: $COUNCILS_DATABASE_URL or sqlite:///councils.db).",
        show_default=False)] = None,
) -> None:
    Settings.db = db


@app.command()
def init() -> None:
    """Create the database schema (every command that needs it does so too)."""
    with errors():
        open_governance()
    out.print(f"initialised {database_url(Settings.db)}")


def read_command_lines(path: Path, advance: Callable[[int], None] | None = None) -> Iterator[tuple[int, str]]:
    """Non-blank lines that are not `#` comments, with their line numbers."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: {exc.strerror}")
    done = 0
    with handle:
        for number, line in enumerate(handle, 1):
            done += len(line)
            if advance is not None and number % 1000 == 0:
                advance(done)
            text = line.strip()
            if text and not text.startswith("#"):
                yield number, text


@app.command("apply")
def apply_file(
    file: Annotated[Path, typer.Argument(help="JSON Lines: one command a line; '#' lines are comments.")],
    batch: Annotated[int, typer.Option(help="Commands per transaction.")] = 500,
) -> None:
    """Apply a file of commands in order; stop at the first refused or malformed line."""
    with errors():
        gov = open_governance()
        applied = 0
        chunk: list[tuple[int, Any]] = []

        def flush() -> None:
            nonlocal applied
            if not chunk:
                return
            done, error = gov.handle_batch([c for _, c in chunk])
            applied += done
            if error is not None:
                line = chunk[done][0]
                fail(f"{file}:{line}: {error} ({applied} earlier command(s) kept)")
            chunk.clear()

        size = file.stat().st_size if file.is_file() else 0
        with _progress("applying", size, minimum=1 << 20) as advance:
            for number, text in read_command_lines(file, advance):
                try:
                    raw = json.loads(text)
                except json.JSONDecodeError as exc:
                    flush()
                    fail(f"{file}:{number}: not valid JSON: {exc.msg} at column {exc.colno} "
                         f"({applied} earlier command(s) kept)")
                chunk.append((number, raw))
                if len(chunk) >= batch:
                    flush()
            flush()
    out.print(f"applied {applied} command(s) from {file}")


@app.command()
def state(as_json: Annotated[bool, typer.Option("--json", help="Print the projections as JSON.")] = False) -> None:
    """Show the union, its republics, bodies, delegates and questions."""
    with errors():
        snapshot = open_governance().snapshot()
    if as_json:
        sys.stdout.write(json.dumps(snapshot, indent=2, sort_keys=True) + "\n")
        return
    from councils.interfaces.cli_render import render_state

    render_state(out, snapshot)


@ledger_app.command("verify")
def ledger_verify() -> None:
    """Recompute the hash chain; name the first position that breaks it."""
    with errors():
        gov = governance(Settings.db)
        with _progress("verifying", gov.ledger.count()) as advance:
            result = gov.ledger.verify(progress=advance)
    if not result.ok:
        fail(f"ledger broken at position {result.first_bad}: {result.reason}", code=3)
    out.print(f"ledger ok: {result.events} events, head {result.head_position} {result.head_hash}")


@ledger_app.command("log")
def ledger_log(
    after: Annotated[int, typer.Option(help="Start after this position.")] = 0,
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 50,
) -> None:
    """Print events as JSON Lines, with their positions and hashes."""
    with errors():
        for r in governance(Settings.db).ledger.read(after=after, limit=limit):
            sys.stdout.write(json.dumps(r.to_json(), sort_keys=True) + "\n")


@app.command()
def replay() -> None:
    """Drop and rebuild every projection from the ledger alone."""
    with errors():
        gov = open_governance()
        with _progress("replaying", gov.ledger.count()) as advance:
            st = gov.replay(progress=advance)
    out.print(f"replayed {st.position} events: {len(st.polities)} polities, {len(st.bodies)} bodies, "
              f"{len(st.persons)} persons, {len(st.questions)} questions")


@republic_app.command("export")
def republic_export(republic: str, file: Path) -> None:
    """Write a republic's whole history, with its chain proof, to FILE."""
    from councils.application.archives import export

    with errors():
        archive = export(open_governance(), republic, file)
    out.print(f"exported {len(archive.events)} events of {republic} to {file} (digest {archive.digest})")


@republic_app.command("import")
def republic_import(file: Path) -> None:
    """Verify an archive and import it as an independent republic."""
    from councils.application.archives import import_archive

    with errors():
        archive = import_archive(open_governance(), file)
    out.print(f"imported {archive.republic}: {len(archive.events)} events verified, "
              "now an independent republic")


@app.command()
def demo(
    fresh: Annotated[bool, typer.Option(help="Start from an empty database (deletes a SQLite file).")] = False,
    quiet: Annotated[bool, typer.Option(help="Print only the summary.")] = False,
) -> None:
    """Run the six worked cases of the chapter and history, narrated, then verify the ledger."""
    from councils.interfaces.demo import run_demo

    with errors():
        if fresh:
            _remove_sqlite(database_url(Settings.db))
        ok = run_demo(open_governance(), out, quiet=quiet)
    if not ok:
        fail("the demo did not go as the worked cases say")


def _remove_sqlite(url: str) -> None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _progress(what: str, total: int, minimum: int = 50000) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal for long work; nothing when piped or short."""
    if total < minimum or not sys.stderr.isatty():
        yield lambda n: None
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda n: progress.update(task, completed=n)


def _register_optional() -> None:
    """Commands whose modules are built separately (`count`, `serve`)."""
    try:
        from councils.interfaces.cli_count import count_command
    except ImportError:  # pragma: no cover - only while the counting package is missing
        pass
    else:
        app.command("count")(count_command)
    try:
        from councils.interfaces.cli_serve import serve_command
    except ImportError:
        pass
    else:
        app.command("serve")(serve_command)
    try:
        from councils.interfaces.cli_register import register_app
    except ImportError:  # pragma: no cover
        pass
    else:
        app.add_typer(register_app, name="register")


_register_optional()


def main() -> None:
    app()
