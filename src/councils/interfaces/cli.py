"""The `councils` command line: a thin layer over the application, one line per error.

Every failure a user can cause (a bad file, a refused command, a tampered archive, a
database that cannot be opened) ends in one plain line on stderr and a non-zero exit.

This module only declares the commands; what they share is in ``cli_support``. Each
command imports the application, the database layer or the counting package when it
runs, so ``councils --help`` loads none of them. Help is plain click formatting
(``rich_markup_mode=None``): rich's help renderer alone costs more than the rest of
the start-up.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from councils.interfaces.cli_accounts import account_app
from councils.interfaces.cli_ballot import ballot_app, teller_app
from councils.interfaces.cli_count import count_command
from councils.interfaces.cli_minutes import minutes_command
from councils.interfaces.cli_notices import notices_app
from councils.interfaces.cli_petitions import comment_command, petition_app
from councils.interfaces.cli_question import question_app
from councils.interfaces.cli_records import (
    AgainstOption,
    KeyOption,
    KeysOption,
    LogOption,
    TrustOption,
    check_against,
    check_checkpoints,
    checkpoint_command,
    keys_app,
)
from councils.interfaces.cli_register import register_app
from councils.interfaces.cli_serve import serve_command
from councils.interfaces.cli_sittings import sitting_app
from councils.interfaces.cli_support import Settings, errors, fail, out, progress, settings

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None, help="A governance engine for a voluntary union of council republics.")
ledger_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The append-only, hash-chained ledger.")
republic_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="A republic's records (R9).")
app.add_typer(ledger_app, name="ledger")
app.add_typer(republic_app, name="republic")
app.add_typer(keys_app, name="keys")
ledger_app.command("checkpoint")(checkpoint_command)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Database URL (default: $COUNCILS_DATABASE_URL or sqlite:///councils.db).",
        show_default=False)] = None,
) -> None:
    ctx.obj = Settings(db)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database schema (every command that needs it does so too)."""
    chosen = settings(ctx)
    with errors(chosen):
        chosen.governance()
    out().print(f"initialised {chosen.url}")


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
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines: one command a line; '#' lines are comments.")],
    batch: Annotated[int, typer.Option(help="Commands per transaction.")] = 500,
) -> None:
    """Apply a file of commands in order; stop at the first refused or malformed line."""
    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
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
        with progress("applying", size, minimum=1 << 20) as advance:
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
    out().print(f"applied {applied} command(s) from {file}")


@app.command()
def state(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the projections as JSON.")] = False,
) -> None:
    """Show the union, its republics, bodies, delegates and questions."""
    chosen = settings(ctx)
    with errors(chosen):
        snapshot = chosen.governance().snapshot()
    if as_json:
        sys.stdout.write(json.dumps(snapshot, indent=2, sort_keys=True) + "\n")
        return
    from councils.interfaces.cli_render import render_state

    render_state(out(), snapshot)


@ledger_app.command("verify")
def ledger_verify(ctx: typer.Context, checkpoints: LogOption = None, trust: TrustOption = None,
                  against: AgainstOption = None) -> None:
    """Recompute the hash chain; name the first position that breaks it.

    With --checkpoints, also check that every signed checkpoint still holds: a chain
    rewritten or cut short by someone holding the database is caught there. With
    --against FILE, the same for one checkpoint a person kept (exit 3 if the ledger no
    longer extends it). With neither, every polity's checkpoints in the key directory
    (`<file>.keys` or $COUNCILS_KEYS), each held to that polity's own keys there.
    """
    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        with progress("verifying", gov.ledger.count()) as advance:
            result = gov.ledger.verify(progress=advance)
    if not result.ok:
        fail(f"ledger broken at position {result.first_bad}: {result.reason}", code=3)
    out().print(f"ledger ok: {result.events} events, head {result.head_position} {result.head_hash}")
    if checkpoints is not None:
        check_checkpoints(chosen, gov, checkpoints, trust or [])
    if against is not None:
        check_against(chosen, gov, against, trust or [])
    if checkpoints is None and against is None:
        from councils.interfaces.cli_records import check_polity_checkpoints

        check_polity_checkpoints(chosen, gov)  # each polity's log in the key directory, if any


@ledger_app.command("log")
def ledger_log(
    ctx: typer.Context,
    after: Annotated[int, typer.Option(help="Start after this position.")] = 0,
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 50,
) -> None:
    """Print events as JSON Lines, with their positions and hashes."""
    chosen = settings(ctx)
    with errors(chosen):
        for r in chosen.governance().ledger.read(after=after, limit=limit):
            sys.stdout.write(json.dumps(r.to_json(), sort_keys=True) + "\n")


@app.command()
def tick(ctx: typer.Context) -> None:
    """Record the effects whose time has come (a secession at the end of its notice period).

    `councils serve` does this on time by itself; run this where no server runs (from cron).
    """
    chosen = settings(ctx)
    with errors(chosen):
        recorded = chosen.governance().tick()
    for r in recorded:
        data = r.event.data
        out().print(f"recorded at position {r.position}: {r.event.type} "
                    + ", ".join(f"{k} {v}" for k, v in sorted(data.items()) if isinstance(v, str)),
                    markup=False, soft_wrap=True)
    out().print(f"{len(recorded)} effect(s) fell due and were recorded" if recorded else "nothing is due")


@app.command()
def replay(ctx: typer.Context) -> None:
    """Fold the state again from the ledger alone, and report what it holds."""
    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        with progress("replaying", gov.ledger.count()) as advance:
            st = gov.replay(progress=advance)
    out().print(f"replayed {st.position} events: {len(st.polities)} polities, {len(st.bodies)} bodies, "
                f"{len(st.persons)} persons, {len(st.questions)} questions")


@republic_app.command("export")
def republic_export(ctx: typer.Context, republic: str, file: Path, key: KeyOption = None) -> None:
    """Write a republic's whole history, with its chain proof, to FILE: signed with --key if given,
    else with the republic's own key in the key directory (if it has one)."""
    chosen = settings(ctx)
    with errors(chosen):
        from councils.application.archives import export
        from councils.interfaces.cli_records import polity_signer, republic_checkpoints

        made = polity_signer(chosen, republic, key)
        archive = export(chosen.governance(), republic, file, made, republic_checkpoints(chosen, republic, made))
    signed = f", signed by {archive.signed_by}" if archive.signed_by else ", unsigned"
    out().print(f"exported {len(archive.events)} events of {republic} to {file} (digest {archive.digest}"
                f"{signed})", markup=False, soft_wrap=True)


@republic_app.command("import")
def republic_import(ctx: typer.Context, file: Path, trust: TrustOption = None, keys: KeysOption = None) -> None:
    """Verify an archive (signed by a --trust key, if given) and import it as an independent republic.

    With a key directory (--keys DIR or $COUNCILS_KEYS), the archive must be signed by its own
    republic's key there (ID.pub or ID.key), or one handed over from it."""
    chosen = settings(ctx)
    with errors(chosen):
        from councils.application.archives import import_archive
        from councils.interfaces.cli_records import polity_key_lookup

        lookup = polity_key_lookup(chosen, keys)
        archive = import_archive(chosen.governance(), file, trust or [], lookup)
        trust = trust or ([archive.signed_by] if lookup is not None and archive.signed_by else None)
    if archive.signed_by is None:
        how = "unsigned: its events were checked only against each other"
    else:
        how = f"signed by {archive.signed_by}" + ("" if trust else " (not checked against a trusted key)")
    out().print(f"imported {archive.republic}: {len(archive.events)} events verified, {how}; "
                "now an independent republic", markup=False, soft_wrap=True)


@app.command()
def demo(
    ctx: typer.Context,
    fresh: Annotated[bool, typer.Option(help="Start from an empty database (deletes a SQLite file).")] = False,
    quiet: Annotated[bool, typer.Option(help="Print only the summary.")] = False,
) -> None:
    """Run the six worked cases of the chapter and history, narrated, then verify the ledger."""
    chosen = settings(ctx)
    with errors(chosen):
        from councils.interfaces.demo import run_demo
        from councils.interfaces.serve_guard import BUSY, Served, replacing

        try:  # never delete a file under a running server (it would serve the deleted one)
            with replacing(chosen.url) if fresh else nullcontext():
                if fresh:
                    _remove_sqlite(chosen.url)
                gov = chosen.governance()
                ok = run_demo(gov, out(), quiet=quiet)
                if ok:  # a key per union and republic beside the file, each signing a checkpoint
                    from councils.interfaces.cli_records import make_demo_keys

                    made = make_demo_keys(chosen, gov)
                    if made is not None and not quiet:
                        out().print(f"signing keys (one per union and republic) and their checkpoints "
                                    f"in {made}", markup=False, soft_wrap=True)
        except Served as exc:
            fail(f"demo --fresh: {exc}", code=BUSY)
    if not ok:
        fail("the demo did not go as the worked cases say")


def _remove_sqlite(url: str) -> None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        keys = Path(f"{path}.keys")  # the demo's keys: their checkpoints sign the ledger deleted here
        if keys.is_dir():
            import shutil

            shutil.rmtree(keys)


app.command("count")(count_command)
app.command("serve")(serve_command)
app.add_typer(register_app, name="register")
app.add_typer(petition_app, name="petition")
app.add_typer(question_app, name="question")
app.add_typer(notices_app, name="notices")
app.command("minutes")(minutes_command)
app.add_typer(sitting_app, name="sitting")
app.command("comment")(comment_command)
app.add_typer(account_app, name="account")
app.add_typer(teller_app, name="teller")
app.add_typer(ballot_app, name="ballot")


def main() -> None:
    """The console script's work (``interfaces/console.py``), kept for ``python -m`` and callers."""
    from councils.interfaces.console import main as console_main

    console_main()
