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
    update: Annotated[bool, typer.Option(
        "--update", help="Residents already registered are moved to the row's council or given "
                         "its class (within their republic); new ones are added.")] = False,
) -> None:
    """Import an electoral register: every row, or (if any row is wrong) none."""
    from councils.application.register_import import RegisterError

    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        try:
            report = _run(gov, file, republic, update)
        except RegisterError as exc:
            for line, message in exc.problems[:200]:
                err().print(f"{exc.path}:{line}: {message}", markup=False, soft_wrap=True)
            if len(exc.problems) > 200:
                err().print(f"... and {len(exc.problems) - 200} more", markup=False)
            fail(f"{len(exc.problems)} problem(s) in {exc.path}; nothing was imported")
    out().print(_summary(report), markup=False, soft_wrap=True)


def _run(gov: Governance, file: Path, republic: str | None, update: bool = False) -> RegisterReport:
    from councils.application.register_import import import_register, update_register

    if update:
        return update_register(gov, file, republic)
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
            f"{report.seconds:.1f} s ({rate:,.0f}/s)"
            + (f"; {report.moved:,} moved, {report.reclassified:,} of another class"
               if report.moved or report.reclassified else ""))


register_app.command("import")(register_import_command)


# --- keeping the register: one resident at a time (domain/handlers/register.py) ---------------


def _one(ctx: typer.Context, raw: dict[str, object], done: str) -> None:
    chosen = settings(ctx)
    with errors(chosen):
        chosen.governance().handle({k: v for k, v in raw.items() if v is not None})
    out().print(done, markup=False, soft_wrap=True)


PersonArg = Annotated[str, typer.Argument(help="The resident's person id.")]
DecisionOpt = Annotated[str, typer.Option(help="The decision, as cited (body, case, number).")]
DecidedOpt = Annotated[str, typer.Option(help="The date of the decision (ISO 8601, 1919-03-01).")]


@register_app.command("move")
def register_move(ctx: typer.Context, person: PersonArg,
                  council: Annotated[str, typer.Option(help="The council they move to.")]) -> None:
    """Move a resident to another council: at once within a republic; to another republic, it
    waits until that republic receives them (`register receive`)."""
    _one(ctx, {"cmd": "move_resident", "person": person, "council": council},
         f"{person}: move to {council} recorded")


@register_app.command("receive")
def register_receive(ctx: typer.Context, person: PersonArg,
                     council: Annotated[str, typer.Option(help="The council that receives them.")]) -> None:
    """Receive a resident whose own republic has recorded their move here."""
    _one(ctx, {"cmd": "receive_resident", "person": person, "council": council},
         f"{person}: received in {council}")


@register_app.command("class")
def register_class(ctx: typer.Context, person: PersonArg,
                   social_class: Annotated[str, typer.Option("--class", help="The new class.")]) -> None:
    """Record a resident's new class (way of earning a living)."""
    _one(ctx, {"cmd": "change_class", "person": person, "class": social_class},
         f"{person}: class {social_class} recorded")


@register_app.command("depart")
def register_depart(ctx: typer.Context, person: PersonArg,
                    reason: Annotated[str, typer.Option(help="died or left.")]) -> None:
    """Record that a resident died or left; they leave the next roll and apportionment."""
    _one(ctx, {"cmd": "record_departure", "person": person, "reason": reason},
         f"{person}: {reason}, recorded")


@register_app.command("deprive")
def register_deprive(ctx: typer.Context, person: PersonArg,
                     ground: Annotated[str, typer.Option(
                         help="insanity, guardianship (Art. 65 (f)) or sentence (Art. 65 (g)).")],
                     decision: DecisionOpt, decided: DecidedOpt,
                     until: Annotated[str | None, typer.Option(
                         help="The end of the period a sentence fixes.")] = None) -> None:
    """Deprive a resident of the right to vote by a dated decision citing its ground."""
    _one(ctx, {"cmd": "deprive_rights", "person": person, "ground": ground, "decision": decision,
               "decided": decided, "until": until}, f"{person}: deprived of the vote ({ground})")


@register_app.command("restore")
def register_restore(ctx: typer.Context, person: PersonArg, decision: DecisionOpt,
                     decided: DecidedOpt) -> None:
    """Restore a resident's right to vote by a dated decision."""
    _one(ctx, {"cmd": "restore_rights", "person": person, "decision": decision, "decided": decided},
         f"{person}: right to vote restored")
