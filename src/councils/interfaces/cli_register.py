"""`councils register import FILE.csv`: bring a whole electoral register in at once.

The register is checked in full before anything is written; if any row is wrong,
every problem is printed as `FILE:LINE: what is wrong` (on stderr, the shape editors
and CI logs link to) and nothing is imported. Progress shows on a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from councils.interfaces.cli_support import err, errors, fail, out, settings

if TYPE_CHECKING:
    from councils.application.governance import Governance
    from councils.application.register_import import RegisterReport

register_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="The electoral register: residents of the councils, in bulk.")


def register_import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="CSV with a header: person,council,nationality,class,born[,name].",
        exists=True, dir_okay=False, readable=True)],
    republic: Annotated[str | None, typer.Option(
        help="Import into this republic only; councils may then be given by their short "
             "name (kharkiv for ukraine/kharkiv).")] = None,
) -> None:
    """Import an electoral register: every row, or (if any row is wrong) none."""
    from councils.application.register_import import RegisterError

    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        try:
            report = _run(gov, file, republic)
        except RegisterError as exc:
            for line, message in exc.problems[:200]:
                err().print(f"{exc.path}:{line}: {message}", markup=False, soft_wrap=True)
            if len(exc.problems) > 200:
                err().print(f"... and {len(exc.problems) - 200} more", markup=False)
            fail(f"{len(exc.problems)} problem(s) in {exc.path}; nothing was imported")
    out().print(_summary(report), markup=False, soft_wrap=True)


def _run(gov: Governance, file: Path, republic: str | None) -> RegisterReport:
    from councils.application.register_import import import_register

    if not sys.stderr.isatty():
        return import_register(gov, file, republic)
    from rich.progress import Progress

    with Progress(console=err(), transient=True) as progress:
        task = progress.add_task("importing", total=None)
        return import_register(gov, file, republic,
                               lambda done, total: progress.update(task, completed=done,
                                                                   total=total))


def _summary(report: RegisterReport) -> str:
    where = ", ".join(f"{n:,} in {r}" for r, n in sorted(report.by_republic.items()))
    rate = report.residents / report.seconds if report.seconds > 0 else 0.0
    return (f"imported {report.residents:,} residents from {report.path} ({where}); "
            f"{report.electors:,} of them electors under their constitution's franchise; "
            f"ledger positions {report.first_position}-{report.last_position}; "
            f"{report.seconds:.1f} s ({rate:,.0f}/s)")


register_app.command("import")(register_import_command)
