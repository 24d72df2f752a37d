"""`councils sitting convene|close|show|minutes`: a sitting of a body from the command line.

A clerk convenes a sitting with its agenda (the open questions of the body put before it)
and closes it; its minutes (the decisions taken between the two, with counts, rolls, ledger
positions and the signed checkpoint) are written as HTML and PDF. `convene` and `close` are
commands of the language (`convene_sitting`, `close_sitting`): a refusal is the engine's,
named by its rule, on one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from councils.interfaces.cli_records import LogOption
from councils.interfaces.cli_support import errors, fail, out, settings

sitting_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                          help="Sittings of a body: convene with an agenda, close, minutes.")


@sitting_app.command("convene")
def sitting_convene(
    ctx: typer.Context,
    sitting: Annotated[str, typer.Argument(help="The sitting's id (kharkiv-1926-03).")],
    body: Annotated[str, typer.Option(help="The body that sits (ukraine/kharkiv).")],
    item: Annotated[list[str], typer.Option(help="An open question of the body put on the agenda (repeat).")],
) -> None:
    """Convene a sitting of a body with its agenda."""
    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        gov.handle({"cmd": "convene_sitting", "sitting": sitting, "body": body, "agenda": list(item)})
        s = gov.state.sittings[sitting]
        name = gov.state.bodies[s.body].name
        texts = [gov.state.questions[q].text for q in s.agenda]
    out().print(f"sitting {sitting} of {name} convened; agenda: " + "; ".join(
        f"{n}. {t}" for n, t in enumerate(texts, 1)), markup=False, soft_wrap=True)


@sitting_app.command("close")
def sitting_close(ctx: typer.Context,
                  sitting: Annotated[str, typer.Argument(help="The sitting's id.")]) -> None:
    """Close a sitting: what it decided is minuted, what is still open is carried over."""
    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        gov.handle({"cmd": "close_sitting", "sitting": sitting})
        s = gov.state.sittings[sitting]
    out().print(f"sitting {sitting} closed: {len(s.decided)} decided, {len(s.carried_over)} carried over",
                markup=False)


@sitting_app.command("show")
def sitting_show(ctx: typer.Context,
                 sitting: Annotated[str, typer.Argument(help="The sitting's id.")]) -> None:
    """A sitting's agenda and what became of each item."""
    chosen = settings(ctx)
    with errors(chosen):
        state = chosen.governance().state
        s = state.sittings.get(sitting)
        if s is None:
            fail(f"no sitting {sitting!r}")
        lines = [f"sitting {s.id} of {state.bodies[s.body].name}, convened {s.convened_at}, "
                 + (f"closed {s.closed_at}" if s.closed_at else "sitting")]
        for n, qid in enumerate(s.agenda, 1):
            q = state.questions[qid]
            lines.append(f"{n}. {q.text} [{q.kind}]: {q.outcome if q.status == 'decided' else q.status}")
    for line in lines:
        out().print(line, markup=False, soft_wrap=True)


@sitting_app.command("minutes")
def sitting_minutes_command(
    ctx: typer.Context,
    sitting: Annotated[str, typer.Argument(help="The sitting's id.")],
    html: Annotated[Path | None, typer.Option(help="Write the minutes as an HTML page here.")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the minutes as a PDF here (WeasyPrint).")] = None,
    checkpoints: LogOption = None,
) -> None:
    """The minutes of one sitting: its agenda, the decisions taken at it with their counts and rolls,
    each at its ledger position, and the signed checkpoint of the log (if given)."""
    from councils.application.minutes import sitting_minutes
    from councils.bootstrap import checkpoint_log
    from councils.interfaces.minutes_render import minutes_html, minutes_pdf

    if html is None and pdf is None:
        fail("give --html FILE, --pdf FILE or both")
    chosen = settings(ctx)
    with errors(chosen):
        log = checkpoint_log(checkpoints) if checkpoints is not None else None
        drawn = sitting_minutes(chosen.governance(), sitting, log)
        if html is not None:
            html.write_text(minutes_html(drawn), encoding="utf-8")
        if pdf is not None:
            pdf.write_bytes(minutes_pdf(drawn))
    written = " and ".join(str(p) for p in (html, pdf) if p is not None)
    out().print(f"minutes of sitting {sitting}: {len(drawn.decisions)} decision(s); written to {written}",
                markup=False, soft_wrap=True)
