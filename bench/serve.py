"""serve: ballots over HTTP, from a bounded load generator on 127.0.0.1, into the real server.

Each run copies a template database (a republic whose town council has E electors, Q
open motions with secret ballots, and one account per elector linked to its person,
with an API bearer token), starts the real server in its own process
(``councils --db URL serve``, uvicorn) and drives ``POST /api/commands`` with one
``cast_ballot`` per request, each signed with its voter's token, from C keep-alive
connections at once until a fixed number of ballots has been sent: the generator
stops by itself. A warm-up of W ballots precedes the timed part. Every response is
timed from the first byte sent to the last byte read; a ballot counts as
acknowledged on a 200 response with a receipt. Afterwards the server is killed
(SIGKILL) and the database is counted: the ledger must hold exactly as many ballots
(participation events and sealed ballot-box rows) as were acknowledged.

The load generator is a minimal asyncio HTTP/1.1 client over raw streams with the
requests encoded beforehand, so that it takes as little as possible of the two cores
it shares with the server (and with PostgreSQL); the CPU seconds each side used are
reported with the results.

    python -m bench serve [--quick]          (under the harness)
    python -m bench.serve --db sqlite --ballots 5000 --concurrency 32   (one run, ad hoc)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench._ledgers import copy_database, settle, voting_republic
from bench.harness import Benchmark, Context, Row, Sample, Table, Target

HOST = "127.0.0.1"
TARGET_RATE = 2_000
TARGET_P99_MS = 100.0
TIMEOUT = 600.0  # the whole run gives up after this, whatever the server does


@dataclass(frozen=True)
class Sizes:
    electors: int
    questions: int
    warmup: int
    ballots: int
    concurrency: tuple[int, ...]


FULL = Sizes(electors=10_000, questions=4, warmup=2_000, ballots=30_000, concurrency=(32, 64, 128))
QUICK = Sizes(electors=1_000, questions=4, warmup=500, ballots=3_000, concurrency=(64,))


# --- the database ------------------------------------------------------------------------


def build_template(url: str, workdir: Path, electors: int, questions: int) -> Path:
    """The voting republic, an account per elector and an API token each; the tokens' file."""
    from councils.adapters.accounts_sql import SqlAccountStore
    from councils.application.accounts import Accounts
    from councils.bootstrap import governance

    voting_republic(url, workdir, electors, questions)
    gov = governance(url)
    try:
        accounts = Accounts(SqlAccountStore(gov.ledger.engine), gov.clock)
        shared = accounts.hasher.hash("a bench password")  # one Argon2 hashing for all of them
        tokens = []
        for i in range(electors):
            account = accounts.create(f"p{i}", "", name=f"Elector {i}", person=f"p{i}",
                                      password_hash=shared)
            tokens.append(accounts.open_session(account, "api"))
    finally:
        gov.ledger.dispose()
    settle(url)
    path = workdir / f"tokens-{electors}.json"
    path.write_text(json.dumps(tokens))
    return path


def count_ballots(url: str) -> tuple[int, int]:
    """(participation events, sealed ballots) in the ledger."""
    from sqlalchemy import text

    from councils.adapters.sql_engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            events = conn.execute(text("SELECT count(*) FROM events WHERE type = 'VoterParticipated'"))
            participated = int(events.scalar_one())
            sealed = int(conn.execute(text("SELECT count(*) FROM ballot_box")).scalar_one())
    finally:
        engine.dispose()
    return participated, sealed


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`councils --db URL serve` in a process of its own; returns once it answers."""
    councils = Path(sys.executable).with_name("councils")
    handle = log.open("wb")
    proc = subprocess.Popen([str(councils), "--db", url, "serve", "--host", HOST, "--port", str(port)],
                            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}): {log.read_text()[-2000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5) as s:
                s.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return proc
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError(f"the server did not answer within 120 s: {log.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def proc_status(pid: int) -> dict[str, float]:
    """CPU seconds used so far and resident memory (MiB: now, peak) of a process."""
    ticks = os.sysconf("SC_CLK_TCK")
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    status = Path(f"/proc/{pid}/status").read_text()

    def kib(key: str) -> float:
        line = next((x for x in status.splitlines() if x.startswith(key + ":")), "0 0 kB")
        return int(line.split()[1]) / 1024

    waited = 0  # ns its threads were ready to run but waited for a core (other processes')
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):
            waited += int((task / "schedstat").read_text().split()[1])
    return {"cpu": (int(stat[11]) + int(stat[12])) / ticks, "sys": int(stat[12]) / ticks,
            "waited": waited / 1e9, "rss": kib("VmRSS"), "hwm": kib("VmHWM")}


# --- the load generator -------------------------------------------------------------------------


def ballot_requests(tokens: list[str], port: int, first: int, count: int) -> list[bytes]:
    """`count` HTTP requests, each one voter's `cast_ballot`, voters by question in turn."""
    electors = len(tokens)
    out = []
    for n in range(first, first + count):
        question, voter = divmod(n, electors)
        body = json.dumps({"cmd": "cast_ballot", "question": f"q{question}", "voter": f"p{voter}",
                           "choice": "yes" if n % 3 else "no"}).encode()
        out.append(b"POST /api/commands HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                   b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                   % (HOST.encode(), port, tokens[voter].encode(), len(body), body))
    return out


@dataclass
class Load:
    seconds: float
    acknowledged: int
    latencies: list[float]
    errors: dict[str, int]
    client_cpu: float


async def _drive(port: int, requests: list[bytes], concurrency: int) -> Load:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    acknowledged = 0
    next_request = 0

    async def connection() -> None:
        nonlocal next_request, acknowledged
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while next_request < len(requests):
                request = requests[next_request]
                next_request += 1
                began = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
                latencies.append(time.perf_counter() - began)
                status = head[9:12].decode()
                if status == "200" and b'"receipt"' in body:
                    acknowledged += 1
                else:
                    key = f"{status} {body[:120].decode(errors='replace')}"
                    errors[key] = errors.get(key, 0) + 1
        finally:
            writer.close()

    cpu, began = time.process_time(), time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(connection() for _ in range(concurrency))), TIMEOUT)
    return Load(time.perf_counter() - began, acknowledged, latencies, errors, time.process_time() - cpu)


def drive(port: int, requests: list[bytes], concurrency: int) -> Load:
    """Send every request once, over `concurrency` connections; stops when they are all answered."""
    return asyncio.run(_drive(port, requests, concurrency))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- one run -----------------------------------------------------------------------------------


def serve_run(template: str, target: str, tokens_file: str, sizes: Sizes, concurrency: int,
              log_dir: str) -> Sample:
    """Copy the template, start the server, warm up, send the timed ballots, count the ledger."""
    url = copy_database(template, target)
    tokens: list[str] = json.loads(Path(tokens_file).read_text())
    port = free_port()
    log = Path(log_dir) / f"server-{port}.log"
    server = start_server(url, port, log)
    try:
        warm = drive(port, ballot_requests(tokens, port, 0, sizes.warmup), concurrency)
        timed_requests = ballot_requests(tokens, port, sizes.warmup, sizes.ballots)
        before = proc_status(server.pid)
        load = drive(port, timed_requests, concurrency)
        after = proc_status(server.pid)
    finally:
        stop_server(server)  # SIGKILL: what was acknowledged must already be in the database
    participated, sealed = count_ballots(url)
    acknowledged = warm.acknowledged + load.acknowledged
    return Sample(load.seconds, load.acknowledged, peak_mib=after["hwm"], base_mib=before["rss"], extra={
        "p50_ms": percentile(load.latencies, 0.50) * 1e3,
        "p90_ms": percentile(load.latencies, 0.90) * 1e3,
        "p99_ms": percentile(load.latencies, 0.99) * 1e3,
        "max_ms": max(load.latencies, default=0.0) * 1e3,
        "mean_ms": statistics.fmean(load.latencies) * 1e3 if load.latencies else 0.0,
        "sent": len(timed_requests), "errors": load.errors, "warmup_errors": warm.errors,
        "acknowledged_total": acknowledged, "ledger_participations": participated,
        "ledger_sealed": sealed, "consistent": participated == sealed == acknowledged,
        "server_cpu_s": after["cpu"] - before["cpu"], "server_sys_cpu_s": after["sys"] - before["sys"],
        "server_runqueue_s": after["waited"] - before["waited"],
        "client_cpu_s": load.client_cpu,
        "concurrency": concurrency,
    })


# --- the harness -----------------------------------------------------------------------------


def _check(sizes: Sizes) -> None:
    needed = sizes.warmup + sizes.ballots
    if needed > sizes.electors * sizes.questions:
        raise ValueError(f"{needed:,} ballots need {needed:,} (elector, question) pairs; "
                         f"{sizes.electors:,} electors × {sizes.questions} questions is fewer")


def _summary(samples: list[Sample]) -> str:
    def med(key: str) -> float:
        return statistics.median(s.extra[key] for s in samples)

    rate = statistics.median(s.items / s.seconds for s in samples)
    p99 = med("p99_ms")
    ok = rate >= TARGET_RATE and p99 < TARGET_P99_MS
    lost = [s for s in samples if not s.extra["consistent"]]
    errors = sum(sum(s.extra["errors"].values()) for s in samples)
    seconds = statistics.median(s.seconds for s in samples)
    return (f"p50 {med('p50_ms'):.1f} ms, p99 {p99:.1f} ms, max {med('max_ms'):.0f} ms; "
            f"server {med('server_cpu_s') / samples[0].items * 1e6:.0f} µs CPU a ballot, ran "
            f"{med('server_cpu_s') / seconds:.2f} of a core and waited for one "
            f"{med('server_runqueue_s') / seconds:.2f}; target {'met' if ok else 'missed'}; "
            f"{'ledger = acknowledged' if not lost else f'**{len(lost)} runs inconsistent**'}"
            f"{f'; **{errors} errors**' if errors else ''}")


def run(ctx: Context) -> list[Table]:
    sizes = QUICK if ctx.quick else FULL
    _check(sizes)
    table = Table("serve: ballots over HTTP (POST /api/commands, one ballot a request)", "ballots",
                  targets=[Target("POST /api/commands", min_rate=TARGET_RATE,
                                  text=f"≥ {TARGET_RATE:,} ballots/s with p99 latency under "
                                       f"{TARGET_P99_MS:.0f} ms, on each database")])
    for kind in ctx.databases():
        template = ctx.fresh_url(kind, f"serve-template-{kind}")
        tokens = build_template(template, ctx.workdir, sizes.electors, sizes.questions)
        target = template.replace("template", "run")
        for concurrency in sizes.concurrency:
            samples = ctx.repeat(serve_run, template, target, str(tokens), sizes, concurrency,
                                 str(ctx.workdir))
            row = Row(f"POST /api/commands, {concurrency} connections", samples, kind)
            row.note = _summary(samples)
            table.rows.append(row)
            for s in samples:
                if not s.extra["consistent"] or s.extra["errors"]:
                    print(f"[serve] {kind}, {concurrency} connections: {s.extra}", file=sys.stderr)
    table.notes.append(
        f"{sizes.electors:,} electors, each with an account and an API token, {sizes.questions} "
        f"open motions (secret ballots) in one town council; {sizes.warmup:,} ballots of warm-up, "
        f"then {sizes.ballots:,} timed ballots, each one request `{{\"cmd\": \"cast_ballot\", ...}}` "
        "with its voter's bearer token, over keep-alive connections from an asyncio client on "
        "127.0.0.1. Latency: from sending a request to reading its whole response; p50/p99 "
        "over the timed ballots of a run, median of runs. After each run the server is "
        "SIGKILLed and the ledger counted: its participation events and sealed ballots must "
        "equal the acknowledged ballots. Server, client (and PostgreSQL) share the machine's "
        "cores with whatever else runs: 'waited for one' is the time the server's threads were "
        "ready to run but queued for a core (from /proc/PID/task/*/schedstat), per second of the "
        "run. Peak MiB is the server process's.")
    return [table]


BENCHMARK = Benchmark("serve", "Ballots over HTTP to the real server, from a bounded load generator.",
                      run)


# --- one run by hand -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One serve run, by hand (the harness repeats it).")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres", default=os.environ.get("COUNCILS_BENCH_POSTGRES_URL")
                        or os.environ.get("COUNCILS_TEST_POSTGRES_URL"))
    parser.add_argument("--electors", type=int, default=QUICK.electors)
    parser.add_argument("--questions", type=int, default=QUICK.questions)
    parser.add_argument("--warmup", type=int, default=QUICK.warmup)
    parser.add_argument("--ballots", type=int, default=QUICK.ballots)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)
    sizes = Sizes(args.electors, args.questions, args.warmup, args.ballots, (args.concurrency,))
    _check(sizes)
    with tempfile.TemporaryDirectory(prefix="councils-serve-") as scratch:
        ctx = Context(True, 1, Path(scratch), args.postgres)
        if args.db == "postgresql" and not args.postgres:
            parser.error("--db postgresql needs --postgres URL")
        template = ctx.fresh_url(args.db, "serve-template-byhand")
        tokens = build_template(template, ctx.workdir, sizes.electors, sizes.questions)
        sample = serve_run(template, template.replace("template", "run"), str(tokens), sizes,
                           args.concurrency, scratch)
        if args.db == "postgresql":
            from bench.harness import drop_postgres

            drop_postgres(args.postgres, "serve")
        print(json.dumps({"ballots_per_s": round(sample.items / sample.seconds), "seconds": sample.seconds,
                          "peak_mib": sample.peak_mib, **sample.extra}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

