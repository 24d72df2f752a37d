"""`councils minutes BODY`: a body's minutes as HTML or PDF, drawn from the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from councils.interfaces.cli_records import LogOption
from councils.interfaces.cli_support import errors, fail, out, settings


def minutes_command(
    ctx: typer.Context,
    body: Annotated[str, typer.Argument(help="The body's id (ukraine/kharkiv).")],
    html: Annotated[Path | None, typer.Option(help="Write the minutes as an HTML page here.")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the minutes as a PDF here (WeasyPrint).")] = None,
    checkpoints: LogOption = None,
    since: Annotated[str | None, typer.Option(help="A sitting's start (ISO 8601): decisions from then.")] = None,
    until: Annotated[str | None, typer.Option(help="A sitting's end (ISO 8601): decisions until then.")] = None,
) -> None:
    """A body's minutes: its decisions, counts and rolls at their ledger positions, the signed
    checkpoint of the log (if given), and what is open before it."""
    from councils.application.minutes import minutes
    from councils.bootstrap import checkpoint_log
    from councils.interfaces.minutes_render import candidate_names, minutes_html, minutes_pdf

    if html is None and pdf is None:
        fail("give --html FILE, --pdf FILE or both")
    chosen = settings(ctx)
    with errors(chosen):
        log = checkpoint_log(checkpoints) if checkpoints is not None else None
        gov = chosen.governance()
        drawn = minutes(gov, body, log, since, until)
        named = candidate_names(gov.state, drawn)  # an election's candidates by name, not id
        if html is not None:
            html.write_text(minutes_html(drawn, texts=named), encoding="utf-8")
        if pdf is not None:
            pdf.write_bytes(minutes_pdf(drawn, texts=named))
    written = " and ".join(str(p) for p in (html, pdf) if p is not None)
    out().print(f"minutes of {body}: {len(drawn.decisions)} decision(s), {len(drawn.agenda)} open; "
                f"written to {written}", markup=False, soft_wrap=True)
