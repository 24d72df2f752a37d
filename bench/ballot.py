"""ballot: encrypted ballots (issue 14) — making one, and verifying a question's archive.

- Encrypting and proving a 3-option approval ballot (Belenios 2.0's proofs: three 0-or-1
  proofs, one 0-to-3 proof, the credential's signature), one process, in the interoperable
  group (BELENIOS-2048, gmpy2) and the curve groups (Ed25519 through PyNaCl, Ristretto255
  through the system libsodium).
- Verifying the archive of a question of N such ballots with 2-of-3 tellers, side by side:
  `councils ballot verify`'s code on every core (`verify_parallel`), and Debian's
  `belenios-tool election verify` on the same file (single-threaded; it is the peer). The
  ratio is councils' rate over belenios-tool's.
- The same verification in the curve groups (belenios-tool 2.0 knows no curve), yes/no and
  3-option ballots, against the issue's target of 2,000 ballots a second.
- Mixing (3 tellers, each shuffle proved and checked) and decrypting 10-candidate rankings.

The archives are made outside the clock (ballots encrypted by a pool of processes). Sizes:
10,000 ballots (finite field), 100,000 (curves) and 10,000 rankings in a full run, a few hundred
with --quick; `COUNCILS_BENCH_BALLOTS=N` sets the first two, `COUNCILS_BENCH_MIX=N` the third (the
machine is shared: keep runs short).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.harness import Benchmark, Context, Probe, Row, Sample, Table, Target

QUESTION = ("Who sits on the commission?", ("Ana", "Boris", "Chen"))
YES_NO = ("Adopt the budget?", ("yes", "no"))
TOOL = shutil.which("belenios-tool")


def _setup(group_name: str, voters: int, yes_no: bool = False, publics: bool = True
           ) -> tuple[str, list[object], list[str], list[str], list[int]]:
    """An election with 2-of-3 tellers and `voters` credentials (and their public credentials,
    unless the caller derives them itself, as `make_archive` does in its pool)."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import Election, Question, new_credential, new_uuid, public_credential
    from councils.ballot.group import group_named

    group = group_named(group_name)
    dealing = tr.deal_pedersen(group, 3, 2)
    trustees: list[object] = [["Pedersen", dealing.params]]
    uuid = new_uuid()
    election = Election.make(uuid=uuid, name="bench", description="bench", group=group,
                             public_key=tr.election_key(group, trustees),
                             questions=[Question(YES_NO[0], YES_NO[1], 1, 1) if yes_no
                                        else Question(QUESTION[0], QUESTION[1], 0, 3)])
    creds = [new_credential() for _ in range(voters)]
    public = [public_credential(group, uuid, c) for c in creds] if publics else []
    return election.raw, trustees, creds, public, list(dealing.keys)


def _encrypt_chunk(job: tuple[str, list[str], int]) -> tuple[list[str], list[str]]:
    """A pool's unit of work: ballots for these credentials, and the public credentials."""
    from councils.ballot.election import Election, encrypt_ballot, public_credential

    election = Election.parse(job[0])
    marks = ([[1, 0, 1], [0, 1, 0], [1, 1, 1], [0, 0, 0]] if len(election.questions[0].answers) == 3
             else [[1, 0], [0, 1], [1, 0], [1, 0]])
    return ([encrypt_ballot(election, c, [marks[(job[2] + i) % 4]]).ballot for i, c in enumerate(job[1])],
            [public_credential(election.group, election.uuid, c) for c in job[1]])


def make_archive(group_name: str, voters: int, folder: Path, yes_no: bool = False) -> Path:
    """A closed question's archive of `voters` ballots, 2-of-3 tellers (made outside any clock)."""
    from councils.ballot import trustees as tr
    from councils.ballot.archive import Closed, build_archive, tally_of
    from councils.ballot.election import Election

    raw, trustees, creds, _, keys = _setup(group_name, voters, yes_no, publics=False)
    chunks = [(raw, creds[i:i + 250], i) for i in range(0, voters, 250)]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        parts = list(pool.map(_encrypt_chunk, chunks))
    ballots = [b for made, _ in parts for b in made]
    publics = [c for _, public in parts for c in public]
    election = Election.parse(raw)
    tally, _ = tally_of(election, ballots)
    decs = {1: tr.partial_decryption(election, tally, keys[0]), 2: tr.partial_decryption(election, tally, keys[1])}
    blob = build_archive(Closed(election, trustees, publics, ballots, decs, int(time.time())))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{election.uuid}.bel"
    path.write_bytes(blob)
    return path


def encrypt_run(group_name: str, count: int) -> Sample:
    from councils.ballot.election import Election, encrypt_ballot

    raw, _, creds, _, _ = _setup(group_name, 1)
    election = Election.parse(raw)
    encrypt_ballot(election, creds[0], [[1, 0, 1]])  # tables of powers built outside the clock
    cpu = _cpu()
    with Probe() as probe:
        for i in range(count):
            encrypt_ballot(election, creds[0], [[i % 2, 1, 0]])
    return Sample.of(probe, count, cpu=_cpu() - cpu)


def councils_verify_run(archive: str, jobs: int) -> Sample:
    from councils.ballot.parallel import verify_parallel

    blob = Path(archive).read_bytes()
    cpu = _cpu()
    with Probe() as probe:
        report = verify_parallel(blob, jobs)
    assert report.ok, report.problems[:3]
    return Sample.of(probe, report.ballots, cpu=_cpu() - cpu)


def tool_verify_run(archive: str, ballots: int) -> Sample:
    assert TOOL is not None
    cpu = _cpu()
    with Probe() as probe:
        run = subprocess.run([TOOL, "election", "verify", "--dir", str(Path(archive).parent)], capture_output=True,
                             text=True, check=False)
    assert run.returncode == 0, run.stderr
    return Sample.of(probe, ballots, cpu=_cpu() - cpu)


def ranked_encrypt_run(count: int) -> Sample:
    """Encrypt a 10-candidate ranking (RFC-3526-2048, the group ranked questions need)."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import Election, RankedQuestion, encrypt_ballot, new_credential, new_uuid
    from councils.ballot.group import RFC_3526_2048 as group

    key = tr.single_key(group, group.random_scalar())
    election = Election.make(uuid=new_uuid(), name="bench", description="bench", group=group,
                             public_key=group.from_str(str(key["public_key"])),
                             questions=[RankedQuestion("rank", tuple(f"c{i}" for i in range(10)))])
    cred = new_credential()
    encrypt_ballot(election, cred, [list(range(1, 11))])
    cpu = _cpu()
    with Probe() as probe:
        for i in range(count):
            encrypt_ballot(election, cred, [[(i + k) % 10 + 1 for k in range(10)]])
    return Sample.of(probe, count, cpu=_cpu() - cpu)


def mix_run(voters: int, jobs: int = 1) -> Sample:
    """Three tellers shuffle in turn (each with its proof), the shuffles are checked, three decrypt;
    the per-ballot exponentiations on `jobs` processes."""
    from councils.ballot import mixnet
    from councils.ballot import trustees as tr
    from councils.ballot.archive import tally_of
    from councils.ballot.election import Election, RankedQuestion, encrypt_ballot, new_credential, new_uuid
    from councils.ballot.group import RFC_3526_2048 as group

    xs = [group.random_scalar() for _ in range(3)]
    trustees = [["Single", tr.single_key(group, x)] for x in xs]
    election = Election.make(uuid=new_uuid(), name="bench", description="bench", group=group,
                             public_key=tr.election_key(group, trustees),
                             questions=[RankedQuestion("rank", tuple(f"c{i}" for i in range(10)))])
    ballots = [encrypt_ballot(election, new_credential(), [[(i + k) % 10 + 1 for k in range(10)]]).ballot
               for i in range(voters)]
    tally, n = tally_of(election, ballots)
    cpu = _cpu()
    with Probe() as probe:
        with ProcessPoolExecutor(jobs) as pool:
            def mapper(fn: Callable[[Any], Any], items: list[Any]) -> Iterable[Any]:
                return pool.map(fn, items, chunksize=max(1, len(items) // (8 * jobs)))

            chosen = mapper if jobs > 1 else map
            for _ in range(3):
                shuffled, raw = mixnet.shuffle_tally(election, tally, chosen)
                problem, tally = mixnet.apply_shuffle(election, tally, raw, chosen)
                assert problem is None and tally == shuffled
            decs = {i + 1: tr.partial_decryption(election, tally, x, chosen) for i, x in enumerate(xs)}
        result = tr.combine(election, tally, trustees, decs, n)
    assert len(result[0]) == voters
    return Sample.of(probe, voters, cpu=_cpu() - cpu)


def browser_encrypt_run(count: int, ranked: bool = False) -> Sample:
    """councils-ballot.js in headless Chromium, served over loopback HTTP as the web app serves it:
    a 3-option approval ballot (BELENIOS-2048) or a 10-candidate ranking (RFC-3526-2048)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    import councils.interfaces.web as web
    from councils.ballot import trustees as tr
    from councils.ballot.election import Election, RankedQuestion, new_credential, new_uuid
    from councils.ballot.group import RFC_3526_2048

    if ranked:
        key = tr.single_key(RFC_3526_2048, RFC_3526_2048.random_scalar())
        raw = Election.make(uuid=new_uuid(), name="bench", description="bench", group=RFC_3526_2048,
                            public_key=RFC_3526_2048.from_str(str(key["public_key"])),
                            questions=[RankedQuestion("rank", tuple(f"c{i}" for i in range(10)))]).raw
        creds = [new_credential()]
    else:
        raw, _, creds, _, _ = _setup("BELENIOS-2048", 1)
    static = Path(web.__file__).parent / "static"
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(static))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/README.md")
            page.add_script_tag(url="/bn.js")
            page.add_script_tag(url="/councils-ballot.js")
            script = "([e, c, p]) => window.councilsBallot.encrypt(e, c, p)"
            page.set_default_timeout(600_000)

            def marks(i: int) -> list[list[int]]:
                return [[(i + k) % 10 + 1 for k in range(10)]] if ranked else [[i % 2, 1, 0]]

            page.evaluate(script, [raw, creds[0], marks(0)])
            with Probe() as probe:
                for i in range(count):
                    page.evaluate(script, [raw, creds[0], marks(i)])
            browser.close()
    finally:
        server.shutdown()
    return Sample.of(probe, count)


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (the pool's workers,
    belenios-tool): on a machine shared with other work, what the figures cost regardless of load."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _cpu_note(table: Table, cores: int) -> None:
    """A note per row: ballots per CPU-second, and what that gives on `cores` idle cores."""
    for row in table.rows:
        cpu = sorted(s.extra["cpu"] for s in row.samples if "cpu" in s.extra)
        if cpu:
            rate = row.items / cpu[len(cpu) // 2]
            spread = cores if "processes" in row.label else 1
            where = f"{spread} idle cores" if spread > 1 else "one idle core"
            table.notes.append(f"CPU time, {row.label}: {cpu[len(cpu) // 2]:.1f} s, {rate:,.1f} ballots per "
                               f"CPU-second (about {rate * spread:,.0f}/s on {where}).")


def _size(ctx: Context, full: int, quick: int, kind: str) -> int:
    """A table's size: COUNCILS_BENCH_BALLOTS_FF / _EC, else COUNCILS_BENCH_BALLOTS, else the issue's."""
    chosen = os.environ.get(f"COUNCILS_BENCH_BALLOTS_{kind}") or os.environ.get("COUNCILS_BENCH_BALLOTS")
    return int(chosen) if chosen else (quick if ctx.quick else full)


def _parts() -> set[str]:
    """The tables to run: `COUNCILS_BENCH_BALLOT_PARTS=encrypt,ff,ec,mix` (default: all four)."""
    chosen = os.environ.get("COUNCILS_BENCH_BALLOT_PARTS", "")
    return {p.strip() for p in chosen.split(",") if p.strip()} or {"encrypt", "ff", "ec", "mix"}


def run(ctx: Context) -> list[Table]:
    cores = os.cpu_count() or 1
    parts = _parts()
    tables: list[Table] = []
    if "encrypt" in parts:
        tables.append(_encrypt_table(ctx))
    if "ff" in parts:
        tables.append(_ff_table(ctx, cores))
    if "ec" in parts:
        tables.append(_ec_table(ctx, cores))
    if "mix" in parts:
        tables.append(_mix_table(ctx))
    return tables


def _encrypt_table(ctx: Context) -> Table:
    encrypt = Table("Encrypt and prove one 3-option approval ballot (one process)", "ballots")
    count = 10 if ctx.quick else 50
    for name in ("BELENIOS-2048", "Ed25519", "Ristretto255"):
        encrypt.rows.append(Row(f"councils, {name}", ctx.repeat(encrypt_run, name, count), "encrypt"))
    encrypt.notes.append("Each ballot: 3 ciphertexts, 3 proofs of 0 or 1, a proof that 0 to 3 are marked, the "
                         "credential's signature (Belenios 2.0's ballot, as a voter's machine makes it).")

    if Path("/usr/bin/chromium").exists():
        encrypt.rows.append(Row("councils-ballot.js in Chromium, BELENIOS-2048",
                                ctx.repeat(browser_encrypt_run, max(3, count // 5)), "encrypt"))
    if Path("/usr/bin/chromium").exists():
        encrypt.rows.append(Row("councils-ballot.js in Chromium, a 10-candidate ranking, RFC-3526-2048",
                                ctx.repeat(browser_encrypt_run, 2, True), "encrypt"))
    encrypt.rows.append(Row("councils, a 10-candidate ranking, RFC-3526-2048",
                            ctx.repeat(ranked_encrypt_run, count), "encrypt"))
    _cpu_note(encrypt, 1)
    return encrypt


def _mix_table(ctx: Context) -> Table:
    n_mix = int(os.environ.get("COUNCILS_BENCH_MIX", 0)) or (30 if ctx.quick else 10_000)
    mix = Table(f"Mix (3 tellers, each shuffle proved and checked) and decrypt {n_mix:,} 10-candidate rankings",
                "ballots")
    cores = os.cpu_count() or 1
    mix.rows.append(Row(f"councils, RFC-3526-2048 ({cores} processes)", ctx.repeat(mix_run, n_mix, cores), "mix"))
    mix.notes.append("Each teller re-encrypts and permutes every ballot and proves it (CHVote's shuffle, as "
                     "Belenios 2.0); the proof is checked before the next teller takes the ballots; then the "
                     "three tellers decrypt with proofs. Exponents are full 2047-bit scalars in this group.")
    _cpu_note(mix, cores)
    return mix


def _ff_table(ctx: Context, cores: int) -> Table:
    n_ff = _size(ctx, 10_000, 200, "FF")
    archive = make_archive("BELENIOS-2048", n_ff, ctx.workdir / "ff")
    side = Table(f"Verify a question of {n_ff:,} ballots, BELENIOS-2048, 2-of-3 tellers", "ballots")
    side.rows.append(Row(f"councils ballot verify ({cores} processes)",
                         ctx.repeat(councils_verify_run, str(archive), cores), "verify"))
    if n_ff <= 2_000:  # beyond, the one-process row would take most of the ten minutes the whole case has
        side.rows.append(Row("councils ballot verify (1 process)",
                             ctx.repeat(councils_verify_run, str(archive), 1), "verify"))
    if TOOL:
        side.rows.append(Row("belenios-tool election verify (Debian 2.0)",
                             ctx.repeat(tool_verify_run, str(archive), n_ff), "verify", peer=True))
        side.targets.append(Target("processes)", min_peer_ratio=1.0,
                                   text="at least as fast as belenios-tool on the same archive"))
    side.notes.append("The same .bel file for both; each verifier checks the chain, the tellers' keys, every "
                      "ballot's signature and proofs, the tally, the partial decryptions and the result. "
                      "councils spreads the ballots over processes and raises g and the election key to "
                      "powers from precomputed tables; belenios-tool is one process.")
    _cpu_note(side, cores)
    return side


def _ec_table(ctx: Context, cores: int) -> Table:
    n_ec = _size(ctx, 100_000, 500, "EC")
    ec = Table(f"Verify a question in a curve group, 2-of-3 tellers ({n_ec:,} ballots for the target's row)",
               "ballots")
    for group_name, yes_no, size in (("Ristretto255", True, n_ec), ("Ristretto255", False, max(100, n_ec // 50)),
                                     ("Ed25519", True, max(100, n_ec // 50))):
        kind = "yes/no" if yes_no else "3-option approval"
        path = make_archive(group_name, size, ctx.workdir / f"ec-{group_name}-{kind[:3]}", yes_no)
        ec.rows.append(Row(f"councils ballot verify ({cores} processes), {group_name}, {kind}",
                           ctx.repeat(councils_verify_run, str(path), cores), "verify-ec"))
    ec.targets.append(Target("Ristretto255, yes/no", min_rate=2000, text="2,000 ballots a second"))
    ec.notes.append("belenios-tool 2.0 has no curve group, so there is no peer row here. Ristretto255 is "
                    "libsodium's (system library, through ctypes), its verifier libdecaf's (Debian's "
                    "libdecaf0) when it is installed: each commitment g^s*alpha^c one variable-time double "
                    "multiplication, each y^s*(beta*g^-m)^c the same call for g^(-mc)*beta^c times y^s from a "
                    "table of the election key's multiples; the other two rows verify a fiftieth as many "
                    "ballots. Ed25519 is PyNaCl's, "
                    "whose scalar multiplication checks subgroup membership each time. A yes/no ballot: 2 ciphertexts, "
                    "2 proofs of 0 or 1, a proof that exactly one is marked, the signature.")
    _cpu_note(ec, cores)
    return ec


BENCHMARK = Benchmark("ballot", "Encrypted ballots: encrypt and prove; verify an archive beside belenios-tool.",
                      run)
