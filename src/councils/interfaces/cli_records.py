"""`councils keys` and `councils ledger checkpoint`: the signing key and signed checkpoints.

The key lives in a file outside the database (`--key FILE` or $COUNCILS_SIGNING_KEY);
checkpoints go to a log outside it too (`--checkpoints FILE`, $COUNCILS_CHECKPOINTS, or
beside the key). `councils ledger verify --checkpoints FILE --trust KEY` checks them, and
`republic export --key` / `republic import --trust` sign and check archives (R9).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from councils.interfaces.cli_support import Settings, errors, fail, out, settings

if TYPE_CHECKING:
    from councils.application.governance import Governance

keys_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help="The ledger's signing key (checkpoints, archives).")

KeyOption = Annotated[Path | None, typer.Option(
    "--key", help="The signing key's file (default: $COUNCILS_SIGNING_KEY).", show_default=False)]
LogOption = Annotated[Path | None, typer.Option(
    "--checkpoints", help="The checkpoint log (default: $COUNCILS_CHECKPOINTS, or beside the key).",
    show_default=False)]
AgainstOption = Annotated[Path | None, typer.Option(
    "--against", help="A checkpoint you kept (the JSON `ledger checkpoint` printed): the ledger must "
    "still extend it.", show_default=False)]
TrustOption = Annotated[list[str] | None, typer.Option(
    "--trust", help="A public key (64 hex digits) whose signature you trust; may be repeated.",
    show_default=False)]


def key_path(key: Path | None) -> Path:
    from councils.bootstrap import signing_key_path

    chosen = signing_key_path(key)
    if chosen is None:
        fail("no signing key: give --key FILE or set COUNCILS_SIGNING_KEY")
    return chosen


@keys_app.command("init")
def keys_init(key: KeyOption = None) -> None:
    """Make a new signing key in a new file (readable by its owner only); print its public key."""
    from councils.bootstrap import create_signer

    path = key_path(key)
    with errors():
        signer = create_signer(path)
    out().print(f"signing key written to {path}; its public key (publish it): {signer.public_key}",
                markup=False, soft_wrap=True)


@keys_app.command("show")
def keys_show(key: KeyOption = None) -> None:
    """Print the public key of the signing key."""
    from councils.bootstrap import signer

    with errors():
        public = signer(key_path(key)).public_key
    out().print(public, markup=False)


@keys_app.command("rotate")
def keys_rotate(ctx: typer.Context, key: KeyOption = None) -> None:
    """Replace the signing key by a new one: the ledger records the new public key signed by the
    old, so a verifier who trusts the old key trusts the new; the old key file is kept, retired."""
    from councils.application.records import rotate
    from councils.bootstrap import rotate_signer

    chosen = settings(ctx)
    path = key_path(key)
    with errors(chosen):
        gov = chosen.governance()
        made = rotate_signer(path, lambda old, new: rotate(gov, old, new))
    out().print(f"signing key rotated: {path} now holds {made['new']}; the hand-over, signed by "
                f"{made['old']}, is in the ledger (the old key is kept as {path.name}.retired-"
                f"{made['old'][:16]})", markup=False, soft_wrap=True)


def trusted_keys(chosen: Settings, gov: Governance, trust: list[str]) -> list[str]:
    """The keys given with --trust and every key they handed over to by a rotation in the ledger;
    exit 3 if a rotation is not signed by the key before it."""
    if not trust:
        return []
    from councils.application.records import trusted_chain
    from councils.bootstrap import signature_check

    with errors(chosen):
        keys, problem = trusted_chain(gov, trust, signature_check())
    if problem:
        fail(f"ledger holds a forged key rotation: {problem}", code=3)
    return list(keys)


def checkpoint_command(ctx: typer.Context, key: KeyOption = None, checkpoints: LogOption = None) -> None:
    """Sign the ledger's head with the key and append it to the checkpoint log (run it from cron).

    Prints the checkpoint as one line of JSON: keep it anywhere the operator cannot reach, and
    `ledger verify --against FILE` later proves the ledger still extends it."""
    from councils.application.records import checkpoint
    from councils.bootstrap import checkpoint_log, checkpoint_text, signer

    chosen = settings(ctx)
    path = key_path(key)
    with errors(chosen):
        made = checkpoint(chosen.governance(), signer(path), checkpoint_log(checkpoints, path))
    typer.echo(checkpoint_text(made))


def check_checkpoints(chosen: Settings, gov: Governance, checkpoints: Path, trust: list[str]) -> None:
    """Part of `ledger verify`, on the governance it opened: every checkpoint in the log must hold."""
    from councils.application.records import check_checkpoints as check
    from councils.bootstrap import checkpoint_log

    keys = trusted_keys(chosen, gov, trust)
    with errors(chosen):
        report = check(gov, checkpoint_log(checkpoints), keys)
    if not report.ok:
        fail(f"ledger contradicts a signed checkpoint: {report.problem}", code=3)
    signers = ", ".join(report.signers) or "none"
    trusted = "trusted" if trust else "not checked against a trusted key (give --trust)"
    out().print(f"checkpoints ok: {report.checked} signed head(s) still hold; signed by {signers} "
                f"({trusted})", markup=False, soft_wrap=True)


def check_against(chosen: Settings, gov: Governance, kept_file: Path, trust: list[str]) -> None:
    """Part of `ledger verify`: the ledger must still extend the checkpoint a person kept."""
    from councils.application.records import check_against as check
    from councils.bootstrap import kept_checkpoint

    keys = trusted_keys(chosen, gov, trust)
    with errors(chosen):
        kept, valid = kept_checkpoint(kept_file)
        report = check(gov, kept, valid, keys)
    if not report.ok:
        fail(f"ledger does not extend the checkpoint in {kept_file}: {report.problem}", code=3)
    trusted = "a trusted key" if trust else f"{kept.public_key} (not checked against a trusted key: give --trust)"
    out().print(f"checkpoint ok: the ledger still extends position {kept.position} ({kept.hash[:16]}..., "
                f"signed at {kept.at} by {trusted})", markup=False, soft_wrap=True)
