"""`councils count FILE`: count a ballot file on its own, as an election officer would.

No database and no constitution: read the file (PrefLib, ``.blt`` or CSV), count it and
print every round - a table for people, or the full count as JSON with ``--json``.
Every error is one line on stderr and exit code 2.

This module declares the command to typer (its help, and any command line that is not
plain); the work is ``cli_count_job.count_file``, which the console script also runs
directly for a plain command line, without importing typer. ``app`` runs the command
standalone (``python -m councils.interfaces.cli_count FILE ...``).
"""

from __future__ import annotations

import typing
from functools import cache
from pathlib import Path
from typing import Annotated

import typer

from councils.interfaces.cli_count_job import CLI_METHODS, FILE_FORMATS, count_file

__all__ = ["CLI_METHODS", "FILE_FORMATS", "app", "count_command", "declared_options"]


def count_command(
    file: Annotated[
        Path,
        typer.Argument(help="Ballot file: PrefLib .soi/.toi/.soc/.toc, .blt or .csv.", show_default=False),
    ],
    method: Annotated[
        str | None,
        typer.Option(
            "--method", "-m",
            help="Counting method (required): irv, stv, plurality, approval, schulze, ranked_pairs or borda.",
        ),
    ] = None,
    seats: Annotated[
        str | None,
        typer.Option("--seats", "-s", metavar="N", help="Seats to fill (default: the file's seats, else 1)."),
    ] = None,
    transfer: Annotated[
        str, typer.Option("--transfer", "-t", help="STV surplus transfers: gregory (WIGM) or meek.")
    ] = "gregory",
    strength: Annotated[
        str,
        typer.Option("--strength", help="Schulze and ranked pairs: a defeat's strength, winning_votes or margin."),
    ] = "winning_votes",
    seed: Annotated[
        str | None, typer.Option("--seed", metavar="N", help="Seed for ties decided by lot (default 0).")
    ] = None,
    file_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"File format if the extension does not say: {', '.join(FILE_FORMATS)}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full count as JSON.")] = False,
) -> None:
    """Count a ballot file and print every round, the quota, transfers, ties and winners."""
    count_file(file, method, seats, transfer, strength, seed, file_format, as_json)


@cache
def declared_options() -> tuple[str, dict[str, tuple[str, bool]]]:
    """The file parameter, and each option flag with its parameter and whether it is a
    switch, as ``count_command`` declares them."""
    hints = typing.get_type_hints(count_command, include_extras=True)
    argument = ""
    flags: dict[str, tuple[str, bool]] = {}
    for name, hint in hints.items():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, typer.models.ArgumentInfo):
                argument = name
            elif isinstance(info, typer.models.OptionInfo):
                # In ``Annotated``, typer reads the first positional argument as a flag.
                for flag in (info.default, *(info.param_decls or ())):
                    flags[str(flag)] = (name, hint.__origin__ is bool)
    return argument, flags



app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
app.command("count")(count_command)

if __name__ == "__main__":  # pragma: no cover
    app()
