"""`councils keys` and `councils ledger checkpoint`: the signing keys and signed checkpoints.

Each polity (union, republic) has its own key: `--polity ID` names it, in the key
directory (`--keys DIR`, $COUNCILS_KEYS, or `<file>.keys` beside a SQLite database), as
`ID.key`, `ID.pub` and `ID.checkpoints.jsonl`. A ledger's single key, from before, lives
in a file outside the database (`--key FILE` or $COUNCILS_SIGNING_KEY); its checkpoints go
to a log outside it too (`--checkpoints FILE`, $COUNCILS_CHECKPOINTS, or beside the key).
`councils ledger verify --checkpoints FILE --trust KEY` checks them, and
`republic export --key` / `republic import --trust` sign and check archives (R9).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from councils.interfaces.cli_support import Settings, err, errors, fail, out, settings

if TYPE_CHECKING:
    from councils.application.governance import Governance
    from councils.application.ports import Signer

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
PolityOption = Annotated[str | None, typer.Option(
    "--polity", help="The polity (union or republic) whose own key to use, in the key directory.",
    show_default=False)]
KeysOption = Annotated[Path | None, typer.Option(
    "--keys", help="The directory of the polities' keys (default: $COUNCILS_KEYS, or <file>.keys "
    "beside a SQLite database).", show_default=False)]
TrustOption = Annotated[list[str] | None, typer.Option(
    "--trust", help="A public key (64 hex digits) whose signature you trust; may be repeated.",
    show_default=False)]


def key_path(key: Path | None, polity: str | None = None, keys: Path | None = None,
             url: str | None = None) -> Path:
    """The key file: the polity's in the key directory (with --polity), or the ledger's own."""
    from councils.bootstrap import key_directory, keys_dir, signing_key_path

    if polity is not None:
        directory = keys_dir(url, keys)
        if directory is None:
            fail("no key directory: give --keys DIR or set COUNCILS_KEYS")
        with errors():
            return key_directory(directory).key_path(polity)
    chosen = signing_key_path(key)
    if chosen is None:
        fail("no signing key: give --key FILE or set COUNCILS_SIGNING_KEY")
    return chosen


@keys_app.command("init")
def keys_init(ctx: typer.Context, key: KeyOption = None, polity: PolityOption = None,
              keys: KeysOption = None) -> None:
    """Make a new signing key in a new file (readable by its owner only); print its public key.

    With --polity ID, the key of that union or republic (which must be in the ledger), in the
    key directory, beside its public half (ID.pub, to hand out)."""
    from councils.bootstrap import create_signer, key_directory, keys_dir

    chosen = settings(ctx)
    path = key_path(key, polity, keys, chosen.url)
    with errors(chosen):
        if polity is not None:
            gov = chosen.governance()
            if polity not in gov.state.polities:
                fail(f"no polity {polity!r} in this ledger: a key is made for a union or republic it holds")
            directory = keys_dir(chosen.url, keys)
            assert directory is not None  # key_path failed otherwise
            made: Signer = key_directory(directory).create(polity)
        else:
            made = create_signer(path)
    whose = f"{polity}'s signing key" if polity else "signing key"
    out().print(f"{whose} written to {path}; its public key (publish it): {made.public_key}",
                markup=False, soft_wrap=True)


@keys_app.command("show")
def keys_show(ctx: typer.Context, key: KeyOption = None, polity: PolityOption = None,
              keys: KeysOption = None) -> None:
    """Print the public key of the signing key (of --polity ID, in the key directory)."""
    from councils.bootstrap import signer

    chosen = settings(ctx)
    with errors(chosen):
        public = signer(key_path(key, polity, keys, chosen.url)).public_key
    out().print(public, markup=False)


@keys_app.command("list")
def keys_list(ctx: typer.Context, keys: KeysOption = None) -> None:
    """Each polity with a key in the key directory, and its public key."""
    from councils.bootstrap import key_directory, keys_dir

    chosen = settings(ctx)
    directory = keys_dir(chosen.url, keys)
    if directory is None:
        fail("no key directory: give --keys DIR or set COUNCILS_KEYS")
    with errors(chosen):
        found = key_directory(directory).polities()
    if not found:
        out().print(f"no polity's key in {directory} (make one with `councils keys init --polity ID`)",
                    markup=False, soft_wrap=True)
    for polity, public in found.items():
        out().print(f"{polity}  {public}", markup=False, soft_wrap=True)


@keys_app.command("rotate")
def keys_rotate(ctx: typer.Context, key: KeyOption = None, polity: PolityOption = None,
                keys: KeysOption = None) -> None:
    """Replace the signing key by a new one: the ledger records the new public key signed by the
    old, so a verifier who trusts the old key trusts the new; the old key file is kept, retired.
    With --polity ID, that polity's key, and the hand-over names the polity."""
    from councils.application.records import rotate
    from councils.bootstrap import rotate_signer

    chosen = settings(ctx)
    path = key_path(key, polity, keys, chosen.url)
    with errors(chosen):
        gov = chosen.governance()
        made = rotate_signer(path, lambda old, new: rotate(gov, old, new, polity or ""))
        if polity is not None:
            path.with_suffix(".pub").write_text(made["new"] + "\n", encoding="ascii")
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


def checkpoint_command(ctx: typer.Context, key: KeyOption = None, checkpoints: LogOption = None,
                       polity: PolityOption = None, keys: KeysOption = None) -> None:
    """Sign the ledger's head with the key and append it to the checkpoint log (run it from cron).

    With --polity ID, with that polity's own key, into its log in the key directory
    (ID.checkpoints.jsonl). Prints the checkpoint as one line of JSON: keep it anywhere the
    operator cannot reach, and `ledger verify --against FILE` later proves the ledger still
    extends it."""
    from councils.application.records import checkpoint
    from councils.bootstrap import checkpoint_log, checkpoint_text, signer

    chosen = settings(ctx)
    path = key_path(key, polity, keys, chosen.url)
    log_path = checkpoints or (path.with_suffix(".checkpoints.jsonl") if polity is not None else None)
    with errors(chosen):
        made = checkpoint(chosen.governance(), signer(path), checkpoint_log(log_path, path), polity or "")
    typer.echo(checkpoint_text(made))


def polity_signer(chosen: Settings, republic: str, key: Path | None) -> Any:
    """The key that signs a republic's archive: --key (or $COUNCILS_SIGNING_KEY) if given, else the
    republic's own key in the key directory, if it has one; else none (an unsigned archive)."""
    from councils.bootstrap import key_directory, keys_dir, signer, signing_key_path

    path = signing_key_path(key)
    if path is not None:
        return signer(path)
    directory = keys_dir(chosen.url)
    if directory is not None and key_directory(directory).key_path(republic).exists():
        return key_directory(directory).signer(republic)
    return None


def polity_key_lookup(chosen: Settings, keys: Path | None) -> Any:
    """For `republic import`: the republic -> public key lookup in the key directory, when one is
    named (--keys or $COUNCILS_KEYS): then the archive must be signed by its own republic's key."""
    from councils.bootstrap import key_directory, keys_dir

    if keys is None and not os.environ.get("COUNCILS_KEYS"):
        return None
    directory = keys_dir(chosen.url, keys)
    assert directory is not None
    return key_directory(directory).public_key


def make_demo_keys(chosen: Settings, gov: Governance) -> Path | None:
    """The demo's keys: one per union and republic, in `<file>.keys` beside its SQLite database (never
    inside it), and a checkpoint signed by each, so every page's footer shows a signed one from
    the first run. None for a database with no file beside which to keep them."""
    from councils.application.records import checkpoint
    from councils.bootstrap import key_directory, keys_dir, polity_checkpoints

    directory = keys_dir(chosen.url)
    if directory is None:
        return None
    keys = key_directory(directory)
    log = polity_checkpoints(directory)
    for polity in sorted(p.id for p in gov.state.polities.values() if p.kind in ("union", "republic")):
        made = keys.signer(polity) if keys.key_path(polity).exists() else keys.create(polity)
        checkpoint(gov, made, log, polity)
    return directory


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


def start_auto_checkpoints(chosen: Settings, gov: Governance, lock: Any, every: int,
                           interval: float = 2.0) -> Callable[[], None] | None:
    """For `serve`: sign checkpoints as the ledger grows (`records.AutoCheckpoints`) with the keys of
    the polities in the key directory, every `interval` seconds, in a thread of its own; the
    function that stops it. None where there is no key to sign with, or `every` is 0 (off)."""
    import threading

    from councils.application.records import AutoCheckpoints
    from councils.bootstrap import key_directory, keys_dir, polity_checkpoints

    directory = keys_dir(chosen.url)
    if every <= 0 or directory is None or not directory.is_dir():
        return None
    keys = key_directory(directory)
    signers = {polity: keys.signer(polity) for polity in keys.polities()
               if keys.key_path(polity).exists()}  # a directory of .pub files alone signs nothing
    if not signers:
        return None
    auto = AutoCheckpoints(signers, polity_checkpoints(directory), every)
    stopping = threading.Event()

    def loop() -> None:
        while not stopping.wait(interval):
            try:
                with lock:
                    auto.run(gov)
            except Exception as exc:  # a full disk must not stop the server; say it and go on
                err().print(f"error: automatic checkpoint: {exc}", markup=False, soft_wrap=True)

    with lock:
        auto.run(gov)  # from the head as it stands now
    thread = threading.Thread(target=loop, name="checkpoints", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join(timeout=10)

    return stop


def check_polity_checkpoints(chosen: Settings, gov: Governance) -> None:
    """Part of `ledger verify` with no log named: each polity's checkpoints in the key directory must
    hold, signed by that polity's own keys there (current or retired, and those they handed over
    to in the ledger); exit 3 naming the polity and the checkpoint otherwise."""
    from councils.application.records import check_checkpoints as check
    from councils.bootstrap import checkpoint_log, keys_dir, polity_checkpoints

    directory = keys_dir(chosen.url)
    if directory is None or not directory.is_dir():
        return
    polities = polity_checkpoints(directory)
    for log in sorted(directory.glob("*.checkpoints.jsonl")):
        polity = log.name.removesuffix(".checkpoints.jsonl")
        own = sorted(polities.keys_of(polity))
        if not own:
            fail(f"{log}: no key of {polity} in {directory} to check its checkpoints against", code=3)
        keys = trusted_keys(chosen, gov, own)
        with errors(chosen):
            report = check(gov, checkpoint_log(log), keys)
        if not report.ok:
            fail(f"ledger contradicts a checkpoint signed by {polity}: {report.problem}", code=3)
        out().print(f"{polity}: checkpoints ok: {report.checked} signed head(s) still hold, signed by "
                    f"{polity}'s own key ({directory})", markup=False, soft_wrap=True)


def republic_checkpoints(chosen: Settings, republic: str, made: Signer | None) -> list[Any]:
    """The checkpoints a republic's archive carries: those its own keys signed, from its log in the
    key directory, when the archive is signed with its own key; none otherwise."""
    from councils.bootstrap import keys_dir, polity_checkpoints

    directory = keys_dir(chosen.url)
    if made is None or directory is None or not directory.is_dir():
        return []
    log = polity_checkpoints(directory)
    own = log.keys_of(republic)
    if made.public_key not in own:
        return []
    return [c for c in log.read() if c.polity == republic and c.public_key in own]
