"""`councils petition start|sign|show`: petitions from the command line.

A recall of a delegate, a popular initiative of a law or an extraordinary congress of a
union is started once and signed by each elector (or member republic) in turn; the
signature that reaches the constitution's share opens what the petition asks. Each
command is one command of the language (`start_petition`, `sign_petition`), so a refusal
is the engine's, named by its rule, on one line.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from councils.interfaces.cli_support import errors, fail, out, settings

petition_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Petitions: a recall, a popular initiative, an extraordinary congress.")


def _handle(ctx: typer.Context, raw: dict[str, Any]) -> list[str]:
    chosen = settings(ctx)
    with errors(chosen):
        applied = chosen.governance().handle({k: v for k, v in raw.items() if v is not None})
    return [r.event.type for r in applied.events]


@petition_app.command("start")
def petition_start(
    ctx: typer.Context,
    petition: Annotated[str, typer.Argument(help="The petition's id.")],
    kind: Annotated[str, typer.Option(help="recall, initiative, congress or proposal.")],
    text: Annotated[str, typer.Option(help="What it asks, in words.")],
    body: Annotated[str | None, typer.Option(
        help="recall: the constituency's council; initiative: the body the law goes to; "
             "proposal: the council the motion is proposed to.")] = None,
    delegate: Annotated[str | None, typer.Option(help="recall: the delegate to recall.")] = None,
    union: Annotated[str | None, typer.Option(help="congress: the union whose congress is called.")] = None,
    competence: Annotated[str | None, typer.Option(help="initiative: the law's competence.")] = None,
    question: Annotated[str | None, typer.Option(
        help="The id of the question it opens (default: the petition's id).")] = None,
    person: Annotated[str | None, typer.Option(help="The elector who starts it.")] = None,
) -> None:
    """Start a petition; it takes effect when the constitution's share has signed."""
    _handle(ctx, {"cmd": "start_petition", "petition": petition, "kind": kind, "text": text,
                  "body": body, "delegate": delegate, "union": union, "competence": competence,
                  "question": question, "person": person})
    _show(ctx, petition, started=True)


@petition_app.command("sign")
def petition_sign(
    ctx: typer.Context,
    petition: Annotated[str, typer.Argument(help="The petition's id.")],
    person: Annotated[str | None, typer.Option(help="The elector who signs.")] = None,
    republic: Annotated[str | None, typer.Option(help="congress: the member republic that signs.")] = None,
) -> None:
    """Sign a petition, once per elector (or member republic)."""
    if (person is None) == (republic is None):
        fail("give one of --person (an elector) or --republic (a member republic, for a congress)")
    types = _handle(ctx, {"cmd": "sign_petition", "petition": petition, "person": person,
                          "republic": republic})
    _show(ctx, petition, started=False, succeeded="PetitionSucceeded" in types)


@petition_app.command("show")
def petition_show(
    ctx: typer.Context,
    petition: Annotated[str, typer.Argument(help="The petition's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show a petition: what it asks, how many have signed of how many needed."""
    if as_json:
        sys.stdout.write(json.dumps(_petition(ctx, petition), indent=2, sort_keys=True) + "\n")
        return
    _show(ctx, petition, started=False)


def _petition(ctx: typer.Context, petition: str) -> dict[str, Any]:
    chosen = settings(ctx)
    with errors(chosen):
        found: dict[str, Any] | None = chosen.governance().snapshot()["petitions"].get(petition)
    if found is None:
        fail(f"no petition {petition!r}")
    return found


def _show(ctx: typer.Context, petition: str, started: bool, succeeded: bool = False) -> None:
    p = _petition(ctx, petition)
    what = {"recall": f"recall of {p['details'].get('delegate')} by the electors of {p['body']}",
            "initiative": f"initiative of a law put to {p['body']}",
            "congress": f"extraordinary congress of {p['polity']}",
            "proposal": f"proposal of a motion to {p['body']}"}[p["kind"]]
    line = (f"petition {petition} ({what}): {p['signed']} of {p['needed']} signature(s) needed, "
            f"{p['eligible']} may sign")
    if started:
        line = "started " + line
    if p["status"] == "succeeded":
        opened = p["details"].get("question") or p["body"]
        line += f"; {'it has now' if succeeded else 'it has'} opened {opened}"
    out().print(line, markup=False, soft_wrap=True)


def comment_command(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to say.")],
    person: Annotated[str, typer.Option(help="Who says it (on the roll, or a possible signer).")],
    question: Annotated[str | None, typer.Option(help="The open question discussed.")] = None,
    petition: Annotated[str | None, typer.Option(help="The open petition discussed.")] = None,
) -> None:
    """Comment on an open question or petition (its roll, or those who may sign it, discuss it)."""
    import secrets

    if (question is None) == (petition is None):
        fail("give one of --question or --petition")
    _handle(ctx, {"cmd": "post_comment", "comment": f"c-{secrets.token_hex(6)}", "person": person,
                  "text": text, "question": question, "petition": petition})
    out().print(f"comment posted on {question or petition}", markup=False)
