"""`councils count FILE`: count a ballot file on its own, as an election officer would.

No database and no constitution: read the file (PrefLib, ``.blt`` or CSV), count it and
print every round - a table for people, or the full count as JSON with ``--json``.
Every error is one line on stderr and exit code 2.

The main CLI registers ``count_command``; ``app`` runs it standalone
(``python -m councils.interfaces.cli_count FILE ...``).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from councils.counting import Ballots, CountResult, Round

# The formats ``councils.counting.FORMATS`` reads, named here so that the help text does
# not import the counting package (and NumPy) for ``--help`` (a test keeps them equal).
FILE_FORMATS = ("soi", "toi", "soc", "toc", "blt", "csv")
CLI_METHODS = ("irv", "stv", "plurality", "approval")
EXIT_ERROR = 2


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: what a script or a person can act on."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _whole(value: str | None, option: str, default: int, least: int) -> int:
    """Parse a whole-number option ourselves, so a bad value is a one-line error too."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        _fail(f"{option} must be a whole number, got {value!r}")
    if number < least:
        _fail(f"{option} must be at least {least}, got {number}")
    return number


def count_command(
    file: Annotated[
        Path,
        typer.Argument(help="Ballot file: PrefLib .soi/.toi/.soc/.toc, .blt or .csv.", show_default=False),
    ],
    method: Annotated[
        str | None,
        typer.Option("--method", "-m", help="Counting method (required): irv, stv, plurality or approval."),
    ] = None,
    seats: Annotated[
        str | None,
        typer.Option("--seats", "-s", metavar="N", help="Seats to fill (default: the file's seats, else 1)."),
    ] = None,
    transfer: Annotated[
        str, typer.Option("--transfer", "-t", help="STV surplus transfers: gregory (WIGM) or meek.")
    ] = "gregory",
    seed: Annotated[
        str | None, typer.Option("--seed", metavar="N", help="Seed for ties decided by lot (default 0).")
    ] = None,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"File format if the extension does not say: {', '.join(FILE_FORMATS)}."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full count as JSON.")] = False,
) -> None:
    """Count a ballot file and print every round, the quota, transfers, ties and winners."""
    from councils.counting import CountError, TieBreak, count, read_ballot_file

    if method is None:
        _fail(f"--method is required: {', '.join(CLI_METHODS)}")
    if method not in CLI_METHODS:
        _fail(f"unknown method {method!r}: use {', '.join(CLI_METHODS)}")
    lot_seed = _whole(seed, "--seed", 0, 0)
    try:
        ballots = read_ballot_file(file, file_format)
        default_seats = 1 if method == "irv" else (ballots.seats or 1)
        n_seats = _whole(seats, "--seats", default_seats, 1)
        result = count(ballots, method, seats=n_seats, transfer=transfer, tie_break=TieBreak(seed=lot_seed))
    except CountError as exc:
        _fail(str(exc))
    except MemoryError:
        _fail(f"{file}: not enough memory to count this file")
    if as_json:
        document = {"file": str(file), "title": ballots.title, **result.to_dict()}
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        render(Console(highlight=False), file, ballots, result)


# -- the readable table ---------------------------------------------------------------


def _show(value: Fraction | None) -> str:
    """A vote total for people: whole numbers as they are, fractions to two decimals."""
    if value is None:
        return ""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


def _order(result: CountResult) -> list[str]:
    """Rows: winners in order of election, then the others, last excluded first."""
    out = list(result.winners)
    for round_ in reversed(result.rounds):
        out += [c for c in round_.eliminated if c not in out]
    out += [c for c in result.candidates if c not in out]
    return out


def _action(round_: Round, meek: bool) -> str:
    """What moved into a round, in words."""
    moved = round_.transfers
    if moved is None:
        return "first preferences"
    sources = ", ".join(moved.sources)
    if moved.kind == "surplus" and meek:
        return f"surplus of {sources} (keep factors recomputed)"
    if moved.kind == "surplus":
        value = ""
        if moved.value is not None:
            exact = f"{moved.value} = " if len(str(moved.value)) <= 15 else ""
            value = f" at {exact}{float(moved.value):.5f}"
        return f"surplus of {sources}{value}"
    return f"votes of {sources} (excluded)"


def render(console: Console, file: Path, ballots: Ballots, result: CountResult) -> None:
    """Print the count as tables of rounds (split to fit the terminal) and a summary."""
    from rich.table import Table

    method = result.method.upper() if result.method in ("irv", "stv") else result.method
    if result.transfer:
        method += f", {result.transfer} transfers"
    seats = f"{result.seats} seat{'s' if result.seats != 1 else ''}"
    console.print(f"{ballots.title or file.name}: {method}, {seats}", style="bold", markup=False)
    facts = f"valid ballots {result.valid:,}"
    if result.quota is not None:
        facts += f"; quota {_show(result.quota)}"
    console.print(facts, markup=False)
    rows = _order(result)
    name_width = max(len(r) for r in [*rows, "Exhausted"])
    per_table = max(1, (console.width - name_width - 4) // 13)
    rounds = list(result.rounds)
    for start in range(0, len(rounds), per_table):
        chunk = rounds[start : start + per_table]
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column("Round", no_wrap=True)
        for round_ in chunk:
            table.add_column(str(round_.number), justify="right", no_wrap=True)
        for name in rows:
            cells = [name]
            for round_ in chunk:
                value = _show(round_.tallies.get(name)) if name in round_.tallies else "-"
                mark = " E" if name in round_.elected else (" X" if name in round_.eliminated else "  ")
                cells.append(value + mark)
            table.add_row(*cells)
        if any(r.transfers is not None for r in rounds) or result.method in ("irv", "stv"):
            table.add_row("Exhausted", *[_show(r.exhausted) + "  " for r in chunk])
        table.add_row("Total", *[_show(sum(r.tallies.values(), r.exhausted)) + "  " for r in chunk])
        console.print()
        console.print(table)
    console.print()
    if len(rounds) > 1:
        for round_ in rounds:
            meek = result.transfer == "meek"
            console.print(f"Round {round_.number}: {_action(round_, meek)}", markup=False, soft_wrap=True)
        console.print(
            "E = elected, X = excluded in that round; fractions shown to 2 decimals (--json is exact)",
            soft_wrap=True,
        )
    for tie in result.ties:
        how = "by earlier rounds" if tie.rule == "earlier_rounds" else f"by lot (seed {tie.seed})"
        console.print(
            f"Tie in round {tie.round} to {tie.decision} among {', '.join(tie.candidates)}: {tie.chosen}, {how}",
            markup=False,
            soft_wrap=True,
        )
    for note in result.notes:
        console.print(f"Note: {note}", markup=False, soft_wrap=True)
    console.print(f"Elected: {', '.join(result.winners) or '(none)'}", style="bold", markup=False, soft_wrap=True)


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
app.command("count")(count_command)

if __name__ == "__main__":  # pragma: no cover
    app()
