"""`councils account`: sign-ins from the command line (create, change or reset a password).

Whoever runs the CLI holds the database, so it acts as the operator: `account create`
and `account reset` need no signed-in admin. `account password` is the person's own
change and needs the current password, checked as a sign-in is. Passwords are never
arguments (they would sit in the shell's history and in `ps`): they are asked for with
the echo off on a terminal, or read one per line from standard input when piped.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from councils.interfaces.cli_support import errors, fail, out, settings

if TYPE_CHECKING:
    from councils.application.accounts import Accounts

account_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                          help="Sign-ins: create one, change or reset a password.")

LoginArg = Annotated[str, typer.Argument(help="The account's login.")]


def _accounts(ctx: typer.Context, person: str | None = None) -> Accounts:
    """The accounts beside the chosen ledger; `person`, if given, must be registered there."""
    from councils.bootstrap import wire
    from councils.domain.errors import NotFound

    gov = settings(ctx).governance()
    if person is not None and person not in gov.state.persons:
        raise NotFound("person", person)
    return wire(gov).accounts


def _secret(prompt: str, confirm: bool = False) -> str:
    """A password: asked with the echo off on a terminal, else the next line of stdin."""
    if sys.stdin.isatty():
        return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline()
    if not line:
        fail(f"{prompt.lower()}: expected one more line on standard input")
    return line.rstrip("\r\n")


@account_app.command("create")
def account_create(
    ctx: typer.Context, login: LoginArg,
    name: Annotated[str, typer.Option(help="The name shown for it.")] = "",
    person: Annotated[str | None, typer.Option(help="The registered person it votes as.")] = None,
    role: Annotated[list[str] | None, typer.Option(
        help="A role ROLE:SCOPE (admin:*, clerk:ukraine, observer:ukraine); may be repeated.")] = None,
) -> None:
    """Create a sign-in (the operator's act: the first admin of an installation, say)."""
    from councils.application.accounts import Grant

    chosen = settings(ctx)
    grants = []
    for r in role or []:
        kind, sep, scope = r.partition(":")
        if not sep:
            fail(f"--role {r!r}: write ROLE:SCOPE, e.g. clerk:ukraine or admin:*")
        grants.append(Grant(kind, scope))
    with errors(chosen):
        accounts = _accounts(ctx, person)
        password = _secret("Password", confirm=True)
        created = accounts.create(login, password, name=name, person=person, grants=tuple(grants))
    roles = ", ".join(str(g) for g in created.grants) or "no roles"
    out().print(f"created {created.login} ({roles}"
                f"{f'; votes as {created.person}' if created.person else ''})",
                markup=False, soft_wrap=True)


@account_app.command("password")
def account_password(ctx: typer.Context, login: LoginArg) -> None:
    """Change LOGIN's password, giving the current one; its other sessions end."""
    chosen = settings(ctx)
    with errors(chosen):
        accounts = _accounts(ctx)
        current = _secret("Current password")
        new = _secret("New password", confirm=True)
        if not accounts.change_password(login, current, new):
            fail("the current password is wrong (or there is no such login); the password is "
                 "unchanged", code=3)
    out().print(f"password of {login} changed; its sessions are signed out", markup=False)


@account_app.command("reset")
def account_reset(ctx: typer.Context, login: LoginArg) -> None:
    """Give LOGIN a new password without the old one (the operator's act); its sessions end."""
    chosen = settings(ctx)
    with errors(chosen):
        accounts = _accounts(ctx)
        accounts.reset_password(login, _secret("New password", confirm=True))
    out().print(f"password of {login} reset; its sessions are signed out", markup=False)
