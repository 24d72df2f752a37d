"""`councils notices show|choose|send`: notices from the command line.

`show` prints a person's notices (what `/me/notices` shows), `choose` records what they
receive and where, and `send --smtp URL` makes one pass of the worker that `councils serve
--smtp` runs on a thread (fan out, send what is due, retry later what fails), for a
deployment that sends from cron.
"""

from __future__ import annotations

from typing import Annotated

import typer

from councils.interfaces.cli_support import errors, fail, out, settings

notices_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                          help="Notices: a question opened, closing, decided; a delegate recalled.")


@notices_app.command("show")
def notices_show(ctx: typer.Context, person: Annotated[str, typer.Argument(help="The person's id.")]) -> None:
    """A person's notices, newest first, with what became of each e-mail."""
    from councils.application.notices import page

    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        if person not in gov.state.persons:
            fail(f"no person {person!r}")
        outbox = gov.ledger.outbox
        prefs = outbox.preferences(person)
        seen = page(gov.state, outbox, person)
    where = prefs.address or "their page only"
    out().print(f"{person} receives {', '.join(prefs.kinds) or 'nothing'} at {where}", markup=False)
    for s in seen:
        d = s.delivery
        state = "not sent by e-mail" if d is None else f"{d.status} to {d.address} ({d.attempts} attempt(s))"
        out().print(f"{s.notice.at}  {s.subject}  [{state}]", markup=False, soft_wrap=True)


@notices_app.command("choose")
def notices_choose(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The person's id.")],
    address: Annotated[str | None, typer.Option(help="E-mail address (none: their page only).")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        help="opened, closing, decided or recalled (repeat; default: all).")] = None,
    language: Annotated[str | None, typer.Option(
        help="The language of the e-mails (en, ru, uk), if the body declares it; else its first.")] = None,
) -> None:
    """Record what a person receives, and where."""
    from councils.application.notices import choose
    from councils.application.ports import NOTICE_KINDS

    chosen = settings(ctx)
    with errors(chosen):
        gov = chosen.governance()
        if person not in gov.state.persons:
            fail(f"no person {person!r}")
        prefs = choose(gov.ledger.outbox, person, address, kind or list(NOTICE_KINDS), language)
    tongue = f" in {prefs.language} where the body declares it" if prefs.language else ""
    out().print(f"{person} receives {', '.join(prefs.kinds)} at {prefs.address or 'their page only'}{tongue}",
                markup=False)


@notices_app.command("send")
def notices_send(
    ctx: typer.Context,
    smtp: Annotated[str, typer.Option(help="smtp://[user:password@]host[:port][?from=ADDRESS&starttls=1]")],
) -> None:
    """One pass of the notice worker: fan out new notices, send what is due, retry later what fails."""
    from councils.bootstrap import notice_worker, wire

    chosen = settings(ctx)
    with errors(chosen):
        container = wire(chosen.governance())
        try:
            worker = notice_worker(container, smtp)
        except ValueError as exc:
            fail(str(exc))
        assert worker is not None
        done = worker.notifier.run_once()
    out().print(f"{done['reminded']} reminder(s) added, {done['fanned_out']} delivery(ies) made, "
                f"{done['sent']} sent, {done['failed']} failed (retried later)", markup=False)
