"""`councils question show|close`: a question's turnout and voting window, and closing it.

Closing is final (issue 15: one click closed a question with 2 of 4 votes in), so
`question close` shows the turnout and the window first and asks before it closes; a
script says `--yes`. Without a terminal to ask and without `--yes` it refuses, saying
why. The close itself is the `close_question` command: the constitution's refusals
(a window a clerk may not cut short, R-rules) are the engine's, on one line.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from councils.interfaces.cli_support import errors, fail, out, settings

question_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="A question: its turnout and voting window; closing it.")


def _facts(ctx: typer.Context, question: str) -> dict[str, Any]:
    chosen = settings(ctx)
    with errors(chosen):
        snapshot = chosen.governance().snapshot()
    q = snapshot["questions"].get(question)
    if q is None:
        fail(f"no question {question!r}")
    result: dict[str, Any] = q
    return result


def _lines(question: str, q: dict[str, Any]) -> list[str]:
    voted, roll = q["participation"], q["electorate"]
    share = f"{100 * voted / roll:.0f}%" if roll else "-"
    lines = [f"{question}: {q['kind']} in {q['body']}, {q['status']}",
             f"{voted} of {roll} on the roll have voted ({share})"]
    details = q.get("details") or {}
    if details.get("opens_at") and q["status"] == "scheduled":
        lines.append(f"voting opens at {details['opens_at']}")
    if details.get("closes_at"):
        early = "" if details.get("close_early", True) else " (the constitution lets no one close it before)"
        lines.append(f"voting closes at {details['closes_at']}{early}")
    if q.get("outcome"):
        lines.append(f"outcome: {q['outcome']}")
    return lines


@question_app.command("show")
def question_show(ctx: typer.Context,
                  question: Annotated[str, typer.Argument(help="The question's id.")]) -> None:
    """The question's status, turnout and voting window."""
    for line in _lines(question, _facts(ctx, question)):
        out().print(line, markup=False, soft_wrap=True)


@question_app.command("close")
def question_close(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Close without asking (for scripts).")] = False,
) -> None:
    """Close and count a question, after showing its turnout (asks unless --yes)."""
    q = _facts(ctx, question)
    for line in _lines(question, q):
        out().print(line, markup=False, soft_wrap=True)
    if not yes:
        if not sys.stdin.isatty():
            fail(f"closing {question} is final: run again with --yes to close it "
                 f"({q['participation']} of {q['electorate']} have voted)")
        if not typer.confirm(f"Close and count {question} now?", default=False):
            fail("not closed")
    chosen = settings(ctx)
    with errors(chosen):
        applied = chosen.governance().handle({"cmd": "close_question", "question": question})
    decided = next((r.event.data for r in applied.events if r.event.type == "QuestionDecided"), {})
    out().print(f"closed and counted: {decided.get('outcome', '')}", markup=False, soft_wrap=True)
