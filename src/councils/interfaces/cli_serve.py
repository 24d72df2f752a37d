"""`councils serve`: the API and the web UI on the database chosen by `--db`.

With the demo union in the database (loaded by `councils demo`, or by `--demo` into an
empty one) it creates the demo sign-ins and prints them with a password made at this
start, so a fresh checkout is usable with `make run` and no password is ever fixed in
the code.
"""

from __future__ import annotations

import gc
import io
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from councils.interfaces.cli_support import err, errors, fail, out, settings

if TYPE_CHECKING:
    import uvicorn


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    demo: Annotated[bool, typer.Option(
        help="Load the demo union into an empty database first, and create its sign-ins.")] = False,
    proxy: Annotated[list[str] | None, typer.Option(
        help="The address of a reverse proxy in front of this server (may be repeated): only "
             "from it are X-Forwarded-Proto and X-Forwarded-For believed (uvicorn's "
             "forwarded_allow_ips). Default: none, from anyone.", show_default=False)] = None,
    checkpoint_every: Annotated[int, typer.Option(
        help="Sign a checkpoint with a polity's own key (from the key directory, $COUNCILS_KEYS or "
             "<file>.keys) after each of its decisions and every N of its events; 0: never "
             "(then `ledger checkpoint` from cron).", min=0)] = 100,
    secure_cookies: Annotated[bool, typer.Option(
        help="Mark every cookie Secure even over plain HTTP (TLS ends at a proxy that sends no "
             "X-Forwarded-Proto). Over TLS they are Secure anyway.")] = False,
    smtp: Annotated[str | None, typer.Option(
        help="Send notices by e-mail through this SMTP server: smtp://[user:password@]host[:port]"
             "[?from=ADDRESS&starttls=1] or smtps://... Default: none (notices stay in the outbox, "
             "on each person's page).", show_default=False)] = None,
) -> None:
    """Serve the HTTP API (/api) and the web UI (/) until interrupted."""
    import uvicorn
    from rich.console import Console

    from councils.application.accounts import demo_present, ensure_demo_accounts
    from councils.bootstrap import notice_worker, published_polity_records, published_records, wire
    from councils.interfaces.api import create_app
    from councils.interfaces.serve_guard import ServeLock, sqlite_file

    chosen = settings(ctx)
    db_file = sqlite_file(chosen.url)
    lock = ServeLock(db_file) if db_file is not None else None
    if lock is not None:  # held until this process ends: `demo --fresh` will not delete the file
        with errors(chosen):
            lock.acquire()
    with errors(chosen):
        gov = chosen.governance()
        if demo and gov.ledger.head()[0] == 0:
            from councils.interfaces.demo import run_demo

            out().print("loading the demo union...")
            if not run_demo(gov, Console(file=io.StringIO()), quiet=True):
                fail("the demo did not load as the worked cases say")
            from councils.interfaces.cli_records import make_demo_keys

            make_demo_keys(chosen, gov)  # a key per union and republic beside the file: a signed footer
        checkpoints, public_keys = published_records()  # $COUNCILS_CHECKPOINTS, $COUNCILS_SIGNING_KEY
        polity_log, polity_keys = published_polity_records(chosen.url)  # $COUNCILS_KEYS or <db>.keys
        container = wire(gov, checkpoints=checkpoints or polity_log,
                         public_keys=public_keys)  # from the composition root
        container.polity_keys = polity_keys
        accounts = container.accounts
        state = gov.state
        has_demo = demo_present(state.persons, state.polities)
        if demo and not has_demo:
            out().print("note: this database already holds a ledger without the demo union; "
                        "--demo loads the demo only into an empty database")
        logins: list[str] = []
        password = ""
        if has_demo:
            password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
            logins = ensure_demo_accounts(
                accounts, {p.id: p.name for p in state.persons.values()},
                {p.id: p.kind for p in state.polities.values()}, password)
        app = create_app(container, secure_cookies=secure_cookies)
        try:
            worker = notice_worker(container, smtp, base_url=f"http://{host}:{port}")
        except ValueError as exc:
            fail(str(exc))
    shown_host = f"[{host}]" if ":" in host else host
    lines = [f"councils on {chosen.url}",
             f"  web UI   http://{shown_host}:{port}/",
             f"  API      http://{shown_host}:{port}/api  (OpenAPI: /api/openapi.json, docs: /api/docs)"]
    if logins:
        admins = [x for x in logins if x == "admin"]
        clerks = [x for x in logins if x.startswith("clerk@")]
        observers = [x for x in logins if x.startswith("observer@")]
        electors = [x for x in logins if x not in {*admins, *clerks, *observers}]
        lines += ["demo sign-ins (one password for all of them, new at every start):",
                  f"  password: {password}",
                  f"  administrator: {', '.join(admins) or '-'}",
                  f"  clerks: {', '.join(clerks) or '-'} (clerk@union is the union's officer)",
                  f"  observers, who only read: {', '.join(observers) or '-'}",
                  f"  electors and delegates, by person id ({len(electors)}): {', '.join(electors)}"]
    for line in lines:
        out().print(line, markup=False, soft_wrap=True, highlight=False)
    quiet_collector()
    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False,
                            proxy_headers=bool(proxy), forwarded_allow_ips=list(proxy or []))
    if worker is not None:
        out().print(f"  notices  sent through {smtp.split('@')[-1] if smtp else ''}", markup=False)
        worker.start()
    from councils.interfaces.cli_records import start_auto_checkpoints

    with errors(chosen):  # signed by the polities' keys as decisions are made
        stop_checkpoints = start_auto_checkpoints(chosen, gov, container.lock, checkpoint_every)
    try:
        run_watched(uvicorn.Server(config), db_file)
    finally:
        if stop_checkpoints is not None:
            stop_checkpoints()
        if worker is not None:
            worker.stop()


def run_watched(server: uvicorn.Server, db_file: Path | None) -> None:
    """Run the server; stop it (exit FILE_GONE) if its SQLite file is deleted or replaced."""
    from councils.interfaces.serve_guard import FILE_GONE, FileWatch

    gone: list[str] = []

    def stop(reason: str) -> None:
        gone.append(reason)
        err().print(f"error: {reason} while being served; stopping: the server must not answer "
                    "from a file no one else can see", markup=False, soft_wrap=True)
        server.should_exit = True

    watch = FileWatch(db_file, stop) if db_file is not None else None
    if watch is not None:
        watch.start()
    try:
        server.run()
    finally:
        if watch is not None:
            watch.stop()
    if gone:
        raise typer.Exit(FILE_GONE)


def quiet_collector() -> None:
    """Keep Python's full garbage collections out of the requests' latency.

    A full (generation-2) collection scans every tracked object: the libraries and the
    state of the republics in memory, a pause of 100 ms and more every few thousand
    requests, which every request in flight waits out. What exists once the server is
    built lives as long as the server, so it is frozen out of the collector's sight, and
    full collections are made rarer; young garbage is collected as often as before.
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)
