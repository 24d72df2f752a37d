"""`councils teller ...` and `councils ballot ...`: encrypted ballots on the caller's own machine.

A teller makes its key share here, on its own machine (`teller keygen`, and for a k-of-n group
`teller polynomial` then `teller share`); the private part goes to a file readable by its owner
only and never to the server. A voter encrypts here (`ballot encrypt`): the ballot leaves the
machine already encrypted and proved, with its tracker. Anyone verifies a closed question's
Belenios archive (`ballot verify`), on every core. The crypto (councils.ballot) is imported
when a command runs, so `councils --help` loads none of it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from councils.interfaces.cli_support import errors, fail, out

teller_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="A teller's key share and partial decryption, made on the teller's own machine.")
ballot_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Encrypted ballots (Belenios 2.0): elections, encryption, tally, the verifier.")

GroupOption = Annotated[str, typer.Option("--group", help="BELENIOS-2048, RFC-3526-2048 or Ed25519 (the fast one).")]
KeyFile = Annotated[Path, typer.Option("--key", help="The teller's private key file.")]


@contextmanager
def refusals() -> Iterator[None]:
    """Bad input ends in one line naming what is wrong, never a traceback: a refused ballot,
    key or archive says why; a file that is not the JSON expected says so."""
    from councils.ballot.election import BallotError
    from councils.ballot.group import GroupError

    with errors():
        try:
            yield
        except (BallotError, GroupError) as exc:
            fail(str(exc))
        except (KeyError, TypeError, ValueError) as exc:
            fail(f"malformed input: {exc!r}")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{path}: no such file ({what})")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        fail(f"{path}: not a JSON {what} ({exc})")


def _write_private(path: Path, data: dict[str, object], *, replace: bool = False) -> None:
    """A private key file, readable by its owner only; never overwritten unless it is the teller's own."""
    if path.exists() and not replace:
        fail(f"{path} exists already; a teller's key is never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.write("\n")
    os.replace(tmp, path)


def _print_json(value: object) -> None:
    from councils.ballot.election import dumps

    sys.stdout.write(dumps(value) + "\n")


def _private(path: Path) -> dict[str, Any]:
    data = _read_json(path, "teller key")
    if not isinstance(data, dict) or "group" not in data:
        fail(f"{path}: not a teller key file (made by `councils teller keygen`)")
    return data


@teller_app.command("keygen")
def teller_keygen(out_file: Annotated[Path, typer.Option("--out", help="Where to write the private key.")],
                  group: GroupOption = "BELENIOS-2048",
                  threshold: Annotated[bool, typer.Option(
                      "--threshold", help="Join a k-of-n group: print a certificate (then `teller polynomial`)."
                  )] = False) -> None:
    """Make this teller's key on this machine; write the private part to --out; print the public part."""
    from councils.ballot import trustees as tr
    from councils.ballot.group import group_named

    with refusals():
        g = group_named(group)
        if threshold:
            seed = tr.new_seed()
            cert = tr.certificate(g, seed)
            _write_private(out_file, {"group": g.name, "seed": seed})
            _print_json(cert)
        else:
            x = g.random_scalar()
            public = tr.single_key(g, x)
            _write_private(out_file, {"group": g.name, "private_key": str(x), "public": public})
            _print_json(public)
    print(f"private key written to {out_file} (keep it off the server)", file=sys.stderr)


@teller_app.command("polynomial")
def teller_polynomial(key: KeyFile,
                      certs: Annotated[Path, typer.Option("--certs", help="JSON list of every teller's certificate.")],
                      threshold: Annotated[int, typer.Option("--threshold", help="k: how many tellers decrypt.")]
                      ) -> None:
    """k-of-n step 2: print this teller's signed commitments and its shares, sealed to each teller."""
    from councils.ballot import trustees as tr
    from councils.ballot.group import group_named

    with refusals():
        data = _private(key)
        if "seed" not in data:
            fail(f"{key}: a single teller's key has no polynomial (make one with --threshold)")
        _print_json(tr.teller_polynomial(group_named(data["group"]), data["seed"], _read_json(certs, "certificates"),
                                         threshold))


@teller_app.command("share")
def teller_share(key: KeyFile,
                 certs: Annotated[Path, typer.Option("--certs", help="JSON list of every teller's certificate.")],
                 polynomials: Annotated[Path, typer.Option(
                     "--polynomials", help="JSON list of every teller's `teller polynomial` output, in order.")]
                 ) -> None:
    """k-of-n step 3: open and check the shares sent to this teller, keep the sum; print its verification key."""
    from councils.ballot import trustees as tr
    from councils.ballot.group import group_named

    with refusals():
        data = _private(key)
        g = group_named(data["group"])
        secret, public = tr.teller_share(g, data["seed"], _read_json(certs, "certificates"),
                                         _read_json(polynomials, "polynomials"))
        _write_private(key, {**data, "private_key": str(secret), "public": public}, replace=True)
        _print_json(public)


@teller_app.command("assemble")
def teller_assemble(group: GroupOption,
                    certs: Annotated[Path, typer.Option("--certs", help="JSON list of the certificates.")],
                    polynomials: Annotated[Path, typer.Option("--polynomials", help="JSON list of the polynomials.")],
                    keys: Annotated[Path, typer.Option("--keys", help="JSON list of the verification keys.")]) -> None:
    """Anyone: check every teller's public output and print the question's tellers (Belenios `trustees`)."""
    from councils.ballot import trustees as tr
    from councils.ballot.group import group_named

    with refusals():
        _print_json(tr.assemble_pedersen(group_named(group), _read_json(certs, "certificates"),
                                         _read_json(polynomials, "polynomials"), _read_json(keys, "keys")))


@teller_app.command("decrypt")
def teller_decrypt(key: KeyFile,
                   election: Annotated[Path, typer.Option("--election", help="The question's election JSON.")],
                   tally: Annotated[Path, typer.Option("--tally", help="The encrypted tally JSON.")]) -> None:
    """Print this teller's partial decryption of the encrypted tally, with its proofs."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import Election, read_tally

    with refusals():
        data = _private(key)
        if "private_key" not in data:
            fail(f"{key}: this teller has no decryption key yet (run `teller share`)")
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        t = read_tally(e.group, tally.read_text(encoding="utf-8"))
        sys.stdout.write(tr.partial_decryption(e, t, int(data["private_key"])) + "\n")


@teller_app.command("shuffle")
def teller_shuffle(election: Annotated[Path, typer.Option("--election", help="The question's election JSON.")],
                   tally: Annotated[Path, typer.Option("--tally", help="The tally as the previous teller left it.")],
                   out_tally: Annotated[Path, typer.Option("--out-tally", help="Where to write the shuffled tally.")]
                   ) -> None:
    """A teller's turn in the mix-net (ranked questions): re-encrypt and permute the ballots, print the
    shuffle with its proof (for `ballot archive --shuffle`), and write the tally the next teller takes."""
    from councils.ballot import mixnet
    from councils.ballot.election import Election, read_tally, tally_json

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        shuffled, raw = mixnet.shuffle_tally(e, read_tally(e.group, tally.read_text(encoding="utf-8")))
        out_tally.write_text(tally_json(e.group, shuffled) + "\n", encoding="utf-8")
        sys.stdout.write(raw + "\n")


@ballot_app.command("election")
def ballot_election(trustees: Annotated[Path, typer.Option("--trustees", help="The tellers (JSON).")],
                    questions: Annotated[Path, typer.Option(
                        "--questions", help='JSON list of {"question", "answers", "min", "max"[, "blank"]}.')],
                    name: Annotated[str, typer.Option("--name", help="The question's title.")],
                    group: GroupOption = "BELENIOS-2048") -> None:
    """Print a new election (Belenios `election` JSON) keyed to these tellers, after checking their proofs."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import BallotError, Election, Question, new_uuid
    from councils.ballot.group import group_named

    with refusals():
        g = group_named(group)
        t = _read_json(trustees, "trustees")
        problem = tr.trustees_problem(g, t)
        if problem:
            raise BallotError(problem)
        qs = [Question.from_json(q) for q in _read_json(questions, "questions")]
        e = Election.make(uuid=new_uuid(), name=name, description=name, group=g,
                          public_key=tr.election_key(g, t), questions=qs)
        sys.stdout.write(e.raw + "\n")


@ballot_app.command("credential")
def ballot_credential(election: Annotated[Path, typer.Option("--election", help="The election JSON.")]) -> None:
    """Make a voter's secret credential (printed first) and its public credential (second line)."""
    from councils.ballot.election import Election, new_credential, public_credential

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        secret = new_credential()
        out().print(secret, markup=False)
        out().print(public_credential(e.group, e.uuid, secret), markup=False, soft_wrap=True)


@ballot_app.command("encrypt")
def ballot_encrypt(election: Annotated[Path, typer.Option("--election", help="The election JSON.")],
                   credential: Annotated[str, typer.Option("--credential", help="The voter's secret credential.")],
                   choices: Annotated[str, typer.Option(
                       "--choices", help="0/1 per answer, a list per question, e.g. '[[1,0],[0,1,1]]'.")],
                   challenge: Annotated[bool, typer.Option(
                       "--challenge", help="Spoil this ballot to test the machine: print it with its randomness "
                                           "for `ballot audit`; then encrypt again to cast.")] = False) -> None:
    """Encrypt and prove a ballot here; print the ballot JSON (stdout) and its tracker (stderr)."""
    from councils.ballot.election import BallotError, Election, check_credential, encrypt_ballot

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        if not check_credential(credential):
            raise BallotError("the credential's checksum is wrong (mistyped?)")
        try:
            marks = json.loads(choices)
        except ValueError:
            raise BallotError(f"--choices {choices!r} is not JSON like [[1,0],[0,1,1]]") from None
        made = encrypt_ballot(e, credential, marks)
        if challenge:
            _print_json({"ballot": made.ballot, "choices": marks,
                         "randomness": [[str(r) for r in rs] for rs in made.randomness]})
            print("challenged: this ballot is spoiled, never cast it; check it with `councils ballot audit`, "
                  "then encrypt again", file=sys.stderr)
            return
        sys.stdout.write(made.ballot + "\n")
    print(f"tracker: {made.tracker}", file=sys.stderr)


@ballot_app.command("audit")
def ballot_audit(challenged: Annotated[Path, typer.Argument(help="The output of `ballot encrypt --challenge`.")],
                 election: Annotated[Path, typer.Option("--election", help="The election JSON.")]) -> None:
    """Check, on any other machine, that a challenged ballot encrypts the choices it claims (exit 1 if not)."""
    from councils.ballot.election import BallotError, Election, Encrypted, audit_ballot, ballot_problem, sha256_b64

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        data = _read_json(challenged, "challenged ballot")
        try:
            made = Encrypted(data["ballot"], sha256_b64(data["ballot"]),
                             tuple(tuple(int(r) for r in rs) for rs in data["randomness"]))
            marks = data["choices"]
        except (KeyError, TypeError, ValueError):
            raise BallotError(f"{challenged}: not the output of `ballot encrypt --challenge`") from None
        problem = ballot_problem(e, made.ballot)
        if problem:
            raise BallotError(problem)
        if not audit_ballot(e, made, marks):
            raise BallotError("the ballot does NOT encrypt the choices shown: do not vote on this machine")
    out().print(f"the ballot encrypts {json.dumps(marks)} as shown: this machine encrypted faithfully", markup=False)


@ballot_app.command("tally")
def ballot_tally(election: Annotated[Path, typer.Option("--election", help="The election JSON.")],
                 ballots: Annotated[Path, typer.Option("--ballots", help="One ballot JSON per line.")]) -> None:
    """Print the encrypted tally of valid ballots (a re-vote replaces), refusing any invalid one by number."""
    from councils.ballot.archive import tally_of
    from councils.ballot.election import BallotError, Election, ballot_problem, tally_json

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        lines = [line for line in ballots.read_text(encoding="utf-8").splitlines() if line.strip()]
        for i, raw in enumerate(lines, start=1):
            problem = ballot_problem(e, raw)
            if problem:
                raise BallotError(f"{ballots}:{i}: {problem}")
        tally, counted = tally_of(e, lines)
        sys.stdout.write(tally_json(e.group, tally) + "\n")
    print(f"{counted} ballots tallied", file=sys.stderr)


@ballot_app.command("archive")
def ballot_archive(election: Annotated[Path, typer.Option("--election")],
                   trustees: Annotated[Path, typer.Option("--trustees")],
                   credentials: Annotated[Path, typer.Option("--credentials", help="JSON list of public credentials.")],
                   ballots: Annotated[Path, typer.Option("--ballots", help="One ballot JSON per line.")],
                   decryptions: Annotated[list[str], typer.Option(
                       "--decryption", help="OWNER=FILE: teller OWNER's partial decryption; repeat.")],
                   directory: Annotated[Path, typer.Option("--dir", help="Where to write UUID.bel.")] = Path("."),
                   shuffles: Annotated[list[str] | None, typer.Option(
                       "--shuffle", help="OWNER=FILE: a teller's shuffle, in the order they were made; repeat.")]
                   = None) -> None:
    """Write the closed question's Belenios archive (UUID.bel), which `belenios-tool election verify` reads."""
    import time

    from councils.ballot.archive import Closed, build_archive
    from councils.ballot.election import BallotError, Election, ballot_problem

    with refusals():
        e = Election.parse(election.read_text(encoding="utf-8").strip())
        decs: dict[int, str] = {}
        for item in decryptions:
            owner, sep, file = item.partition("=")
            if not sep or not owner.isdigit():
                raise BallotError(f"--decryption {item!r}: expected OWNER=FILE, e.g. 2=teller2.json")
            decs[int(owner)] = Path(file).read_text(encoding="utf-8").strip()
        mixed: list[tuple[int, str]] = []
        for item in shuffles or []:
            owner, sep, file = item.partition("=")
            if not sep or not owner.isdigit():
                raise BallotError(f"--shuffle {item!r}: expected OWNER=FILE, e.g. 1=shuffle1.json")
            mixed.append((int(owner), Path(file).read_text(encoding="utf-8").strip()))
        lines = [line for line in ballots.read_text(encoding="utf-8").splitlines() if line.strip()]
        for i, raw in enumerate(lines, start=1):
            problem = ballot_problem(e, raw)
            if problem:
                raise BallotError(f"{ballots}:{i}: {problem} (only accepted ballots go into the archive)")
        blob = build_archive(Closed(e, _read_json(trustees, "trustees"), _read_json(credentials, "credentials"),
                                    lines, decs, int(time.time()), shuffles=mixed))
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{e.uuid}.bel"
        target.write_bytes(blob)
    out().print(f"wrote {target}", markup=False)


@ballot_app.command("verify")
def ballot_verify(archive: Annotated[Path, typer.Argument(help="A Belenios archive (UUID.bel), or its folder.")],
                  jobs: Annotated[int, typer.Option("--jobs", help="Processes checking ballots (default: every core).")]
                  = 0,
                  method: Annotated[str | None, typer.Option(
                      "--method", help="Count each ranked question's decrypted ballots: irv, stv, schulze, ...")]
                  = None,
                  seats: Annotated[int, typer.Option("--seats", help="Seats for --method.")] = 1,
                  tracker: Annotated[str | None, typer.Option(
                      "--tracker", help="A voter's tracker: say whether that ballot is in the archive and counted.")]
                  = None) -> None:
    """Verify a closed (or open) question's whole public record; exit 1 naming every problem found."""
    from councils.ballot.election import RankedQuestion
    from councils.ballot.parallel import verify_parallel

    if archive.is_dir():
        found = sorted(archive.glob("*.bel"))
        if len(found) != 1:
            fail(f"{archive}: expected exactly one .bel archive, found {len(found)}")
        archive = found[0]
    with refusals():
        blob = archive.read_bytes()
        report = verify_parallel(blob, jobs or None)
    e = report.election
    if e is not None:
        out().print(f"election {e.name!r} ({e.uuid}, {e.group.name}): {report.ballots} ballots, "
                    f"{report.tallied} tallied, {report.partial_decryptions} partial decryptions",
                    markup=False, soft_wrap=True)
        if report.result is not None:
            for q, counts in zip(e.questions, report.result, strict=False):
                if isinstance(q, RankedQuestion):
                    out().print(f"  {q.question}: {len(counts)} ranked ballots decrypted after {report.shuffles} "
                                f"shuffles (ranks of {', '.join(q.answers)})", markup=False, soft_wrap=True)
                    if method is None:
                        for ranks in counts:
                            out().print(f"    {ranks}", markup=False, soft_wrap=True)
                    else:
                        _count_ranked(q, counts, method, seats)
                    continue
                names = (("blank",) if q.blank else ()) + q.answers
                shown = ", ".join(f"{a}: {c}" for a, c in zip(names, counts, strict=False))
                out().print(f"  {q.question} {shown}", markup=False, soft_wrap=True)
    if tracker is not None:
        if tracker not in report.trackers:
            print(f"error: tracker {tracker} is not in this archive: that ballot was not recorded", file=sys.stderr)
            raise typer.Exit(1)
        state = ("counted" if report.trackers[tracker]
                 else "replaced by a later ballot of the same credential, and not counted")
        out().print(f"tracker {tracker}: in the archive, {state}", markup=False, soft_wrap=True)
    if not report.ok:
        for p in report.problems:
            print(f"error: {p}", file=sys.stderr)
        raise typer.Exit(1)
    out().print("all checks passed", markup=False, soft_wrap=True)


def _count_ranked(question: Any, decrypted: list[list[int]], method: str, seats: int) -> None:
    """The exact counting code of councils on the decrypted, unlinked ballots of a ranked question."""
    from councils.counting import Ballots, CountError, count

    rankings, invalid = question.rankings(decrypted)
    try:
        result = count(Ballots.from_rankings(list(question.answers), rankings), method, seats=seats)
    except CountError as exc:
        fail(f"{question.question}: {exc}")
    out().print(f"    {method}, {seats} seat(s), {len(rankings)} valid ballots, {invalid} invalid: "
                f"elected {', '.join(result.winners)}", markup=False, soft_wrap=True)


# ----------------------------------------------------------------------------- an engine's encrypted question
#
# The commands below make, on the caller's own machine, the JSON commands an encrypted question
# of the engine takes (issue 14): `councils apply FILE` or `POST /api/commands` sends them. The
# election and the encrypted tally come from `GET /api/questions/Q/election` (or `ballot
# election-of Q` on the server's database); a file holding that whole answer is read too.

QuestionArg = Annotated[str, typer.Argument(help="The question's id.")]


def _election_text(path: Path, field: str = "election") -> str:
    """The election (or tally) JSON from a file: the text itself, or the API's answer holding it."""
    text = path.read_text(encoding="utf-8").strip()
    data = json.loads(text)
    if isinstance(data, dict) and field in data:
        if not isinstance(data[field], str):
            fail(f"{path}: the question has no {field} yet (waiting for the tellers' keys, or not closed)")
        return str(data[field])
    return text


def _command(cmd: str, **fields: str) -> None:
    sys.stdout.write(json.dumps({"cmd": cmd, **fields}) + "\n")


@ballot_app.command("election-of")
def ballot_election_of(ctx: typer.Context, question: QuestionArg) -> None:
    """Print an engine question's election parameters (what `GET /api/questions/Q/election` gives)."""
    from councils.application.encrypted_reads import election_view
    from councils.interfaces.cli_support import settings

    with errors(settings(ctx)):
        _print_json(election_view(settings(ctx).governance().state, question))


@ballot_app.command("cast")
def ballot_cast(question: QuestionArg,
                voter: Annotated[str, typer.Option("--voter", help="The voter's person id.")],
                election: Annotated[Path, typer.Option("--election", help="The election (file or API answer).")],
                credential_file: Annotated[Path, typer.Option(
                    "--credential-file", help="The voter's secret credential for this question: made here, "
                                              "owner-only, on the first ballot; a re-vote signs with it again.")],
                choice: Annotated[str | None, typer.Option("--choice", help="The option chosen.")] = None,
                approve: Annotated[str | None, typer.Option("--approve", help="Approved options, a,b,...")] = None,
                rank: Annotated[str | None, typer.Option(
                    "--rank", help="A ranked question: the options in order of preference, a,b,... "
                                   "(those left out are not ranked).")] = None,
                ) -> None:
    """Encrypt a ballot here and print the `cast_encrypted_ballot` command (stdout); the tracker (stderr)."""
    from councils.ballot.election import BallotError, Election, check_credential, encrypt_ballot, new_credential

    with refusals():
        e = Election.parse(_election_text(election))
        answers = list(e.questions[0].answers)
        if sum(x is not None for x in (choice, approve, rank)) != 1:
            raise BallotError("give one of --choice, --approve (approval) or --rank (a ranked question)")
        chosen = [choice] if choice is not None else [a for a in (approve or rank or "").split(",") if a]
        unknown = [c for c in chosen if c not in answers]
        if unknown:
            raise BallotError(f"{unknown[0]!r} is not an option (options: {', '.join(answers)})")
        if credential_file.exists():
            credential = credential_file.read_text(encoding="utf-8").strip()
            if not check_credential(credential):
                raise BallotError(f"{credential_file}: not a credential (its checksum is wrong)")
        else:
            credential = new_credential()
            descriptor = os.open(credential_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(credential + "\n")
        if rank is not None:
            if len(set(chosen)) != len(chosen):
                raise BallotError("--rank names an option twice")
            marks = [chosen.index(a) + 1 if a in chosen else 0 for a in answers]  # rank 1 first, 0 unranked
        else:
            marks = [1 if a in chosen else 0 for a in answers]
        made = encrypt_ballot(e, credential, [marks])
        _command("cast_encrypted_ballot", question=question, voter=voter, ballot=made.ballot)
    print(f"tracker: {made.tracker}", file=sys.stderr)


@teller_app.command("submit-key")
def teller_submit_key(question: QuestionArg,
                      teller: Annotated[str, typer.Option("--teller", help="The teller's person id.")],
                      key: KeyFile,
                      view: Annotated[Path | None, typer.Option(
                          "--election", help="k of n: the question's election view (`ballot election-of` or "
                                             "GET /api/questions/Q/election), for the step it waits for")] = None
                      ) -> None:
    """Print this teller's `submit_teller_key` command: the public half of a single key from `teller keygen`;
    for a k-of-n question (`keygen --threshold`), the step the question waits for: the certificate, the
    polynomial (shares sealed to each teller), then the verification key (the decryption key kept here)."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import dumps
    from councils.ballot.group import group_named

    with refusals():
        data = _private(key)
        if "seed" not in data:
            if "public" not in data:
                fail(f"{key}: not a teller key (made by `councils teller keygen`)")
            _command("submit_teller_key", question=question, teller=teller, key=dumps(data["public"]))
            return
        if view is None:
            fail("a k-of-n teller key: give --election, the question's election view, for the step it waits for")
        shown = _read_json(view, "election view")
        g = group_named(str(data["group"]))
        certs = [json.loads(c) for c in shown["certificates"]]
        step = shown.get("step")
        if step == "certificate":
            made: object = tr.certificate(g, data["seed"])
        elif step == "polynomial":
            made = tr.teller_polynomial(g, data["seed"], certs, int(shown["tellers_needed"]))
        elif step == "key":
            secret, made = tr.teller_share(g, data["seed"], certs, [json.loads(p) for p in shown["polynomials"]])
            _write_private(key, {**data, "private_key": str(secret)}, replace=True)
        else:
            fail(f"{question} waits for no teller key (its election is fixed)")
        _command("submit_teller_key", question=question, teller=teller, key=dumps(made))


@teller_app.command("submit-decryption")
def teller_submit_decryption(question: QuestionArg,
                             teller: Annotated[str, typer.Option("--teller", help="The teller's person id.")],
                             key: KeyFile,
                             election: Annotated[Path, typer.Option(
                                 "--election", help="The question's election (file or API answer).")],
                             tally: Annotated[Path | None, typer.Option(
                                 "--tally", help="The encrypted tally (default: the API answer given as "
                                                 "--election)")] = None) -> None:
    """Decrypt the tally here and print the `submit_partial_decryption` command, with its proofs."""
    from councils.ballot import trustees as tr
    from councils.ballot.election import Election, read_tally

    with refusals():
        data = _private(key)
        e = Election.parse(_election_text(election))
        t = read_tally(e.group, _election_text(tally or election, "encrypted_tally"))
        _command("submit_partial_decryption", question=question, teller=teller,
                 decryption=tr.partial_decryption(e, t, int(data["private_key"])))


@teller_app.command("submit-shuffle")
def teller_submit_shuffle(question: QuestionArg,
                          teller: Annotated[str, typer.Option("--teller", help="The teller's person id.")],
                          election: Annotated[Path, typer.Option(
                              "--election", help="The question's latest view (`ballot election-of` or "
                                                 "GET /api/questions/Q/election), after close.")]) -> None:
    """A ranked question's mix-net, this teller's turn: re-encrypt and permute the ballots as the last
    turn left them, here, and print the `submit_shuffle` command with the proof (no key is needed)."""
    from councils.ballot import mixnet
    from councils.ballot.election import Election, read_tally

    with refusals():
        e = Election.parse(_election_text(election))
        tally = read_tally(e.group, _election_text(election, "encrypted_tally"))
        _, raw = mixnet.shuffle_tally(e, tally)
        _command("submit_shuffle", question=question, teller=teller, shuffle=raw)


@ballot_app.command("archive-of")
def ballot_archive_of(ctx: typer.Context, question: QuestionArg,
                      directory: Annotated[Path, typer.Option("--dir", help="Where to write UUID.bel.")]) -> None:
    """Write a decided engine question's Belenios archive, for `ballot verify` or `belenios-tool election verify`."""
    from councils.application.encrypted_reads import archive
    from councils.interfaces.cli_support import settings

    with errors(settings(ctx)):
        name, blob = archive(settings(ctx).governance().state, question)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(blob)
    print(f"archive written to {directory / name}", file=sys.stderr)
