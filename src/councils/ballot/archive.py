"""Belenios 2.0 public archives (`UUID.bel`): writing one, reading one, and verifying it all.

The archive is an old-style tar, append-only: a `BELENIOS` header, then files named by the
SHA-256 of their content, `HASH.data.json` (payloads) and `HASH.event.json` (events, each
naming its parent and its height). Written byte for byte as Belenios's `archive.ml` writes
it, so `belenios-tool election verify` reads ours and we read its.

`verify_archive` is councils' independent verifier: every hash and link of the chain, the
tellers' keys and the election key, each ballot's signature and proofs (through a `mapper`
the caller may give to spread them over processes), the re-votes, the encrypted tally
recomputed from the ballots, every partial decryption's proofs, and the result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from councils.ballot import mixnet
from councils.ballot import trustees as tr
from councils.ballot.election import (
    Ballot,
    BallotError,
    Election,
    RankedQuestion,
    Tally,
    ballot_check,
    dumps,
    encrypted_tally,
    last_ballots,
    read_ballot,
    read_tally,
    tally_json,
)
from councils.ballot.group import GroupError

BLOCK = 512


def _header(name: str, size: int, timestamp: int) -> bytes:
    block = bytearray(BLOCK)
    raw = name.encode()
    block[0:len(raw)] = raw
    for offset, text in ((100, "0000644"), (108, "0000000"), (116, "0000000"), (124, f"{size:011o}"),
                         (136, f"{timestamp:011o}"), (148, "        "), (156, "0")):
        block[offset:offset + len(text)] = text.encode()
    checksum = f"{sum(block):06o}\0 ".encode()
    block[148:156] = checksum
    return bytes(block)


def _body(payload: bytes) -> bytes:
    pad = -len(payload) % BLOCK
    return payload + bytes(pad)


class ArchiveWriter:
    """Builds an archive in memory, event by event (the caller writes the bytes where it will)."""

    def __init__(self, timestamp: int) -> None:
        self.timestamp = timestamp
        header = dumps({"version": 1, "timestamp": str(timestamp)}).encode()
        self._parts: list[bytes] = [_header("BELENIOS", len(header), timestamp), _body(header)]
        self._parent: str | None = None
        self._height = -1

    def data(self, payload: str) -> str:
        """Append a payload; returns its hash (what events and other payloads refer to)."""
        raw = payload.encode()
        digest = hashlib.sha256(raw).hexdigest()
        self._parts += [_header(f"{digest}.data.json", len(raw), self.timestamp), _body(raw)]
        return digest

    def event(self, kind: str, payload: str | None = None) -> str:
        self._height += 1
        event: dict[str, object] = {}
        if self._parent is not None:
            event["parent"] = self._parent
        event["height"] = self._height
        event["type"] = kind
        if payload is not None:
            event["payload"] = payload
        raw = dumps(event).encode()
        digest = hashlib.sha256(raw).hexdigest()
        self._parts += [_header(f"{digest}.event.json", len(raw), self.timestamp), _body(raw)]
        self._parent = digest
        return digest

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def read_records(blob: bytes) -> Iterator[tuple[str, bytes]]:
    """(file name, content) for each file of the tar, in order; stops at an empty block or the end."""
    offset = 0
    while offset + BLOCK <= len(blob):
        head = blob[offset:offset + BLOCK]
        if not any(head):
            return
        name = head[:100].split(b"\0", 1)[0].decode()
        try:
            size = int(head[124:136].split(b"\0", 1)[0].strip() or b"0", 8)
        except ValueError:
            raise BallotError(f"archive: the size of {name!r} is unreadable") from None
        start = offset + BLOCK
        if start + size > len(blob):
            raise BallotError(f"archive: {name!r} is cut short")
        yield name, blob[start:start + size]
        offset = start + size + (-size % BLOCK)


@dataclass
class Report:
    """What the verifier found: `problems` empty means every check passed."""

    election: Election | None = None
    problems: list[str] = field(default_factory=list)
    ballots: int = 0
    tallied: int = 0
    partial_decryptions: int = 0
    shuffles: int = 0
    result: list[list[Any]] | None = None
    trackers: dict[str, bool] = field(default_factory=dict)  # every ballot's tracker: counted, or replaced
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ChunkCheck:
    """What a worker sends back for a chunk of ballots: each ballot's problem (or None) and what the
    tally needs of it (credential, ciphertexts, tracker; None when it cannot be read), and the product
    of the chunk's readable ballots' ciphertexts, answer by answer (None for a ranked question or an
    element the group refuses). The caller then neither reads a ballot again nor decodes its points."""

    problems: list[str | None]
    ballots: list[tuple[str, tuple[tuple[tuple[Any, Any], ...], ...], str] | None]
    sums: Tally | None


Job = tuple[str, list[str]]
Mapper = Callable[[Callable[[Job], ChunkCheck], Iterable[Job]], Iterable[ChunkCheck]]


_PARSED: dict[str, Election] = {}


def check_ballot_chunk(job: Job) -> ChunkCheck:
    """The problems of a chunk of ballots of one election (a unit of work for a process pool;
    each process parses the election, and builds its tables of powers, once)."""
    election = _PARSED.get(job[0])
    if election is None:
        _PARSED.clear()
        election = _PARSED[job[0]] = Election.parse(job[0])
    problems: list[str | None] = []
    ballots: list[tuple[str, tuple[tuple[tuple[Any, Any], ...], ...], str] | None] = []
    read: list[Ballot] = []
    for raw in job[1]:
        problem, ballot = ballot_check(election, raw)
        problems.append(problem)
        ballots.append(None if ballot is None else (ballot.credential, ballot.choices, ballot.tracker))
        if ballot is not None:
            read.append(ballot)
    sums: Tally | None = None
    if not any(isinstance(q, RankedQuestion) for q in election.questions):
        try:
            sums = encrypted_tally(election, read)
        except (GroupError, BallotError):
            sums = None
    return ChunkCheck(problems, ballots, sums)


def _serial(fn: Callable[[Job], ChunkCheck], jobs: Iterable[Job]) -> Iterable[ChunkCheck]:
    return map(fn, jobs)


def verify_archive(blob: bytes, mapper: Mapper | None = None, chunk: int = 250) -> Report:
    """Check a whole archive; never raises on bad input, every failure is a named problem."""
    report = Report()
    try:
        _verify(blob, report, mapper or _serial, chunk)
    except BallotError as exc:
        report.problems.append(str(exc))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        report.problems.append(f"archive malformed: {exc!r}")
    return report


_EVENT = msgspec.json.Decoder(dict[str, Any]).decode


def _event(content: bytes, name: str) -> dict[str, Any]:
    """An event's JSON object (msgspec: an archive has one event a ballot, and json's reading of
    them was a fifth of the verifier's own time on a pool's two cores)."""
    try:
        return _EVENT(content)
    except msgspec.DecodeError as exc:  # not UTF-8, not JSON, or not an object
        raise BallotError(f"archive: {name} is not an event ({exc})") from None


class _Pass:
    """One pass over the archive's records: the chain checked, the setup read when its event comes,
    and the ballots handed out in chunks as their events come (`jobs`), so that a pool of processes
    checks the first ballots while the rest of the archive is still being read. What else the pass
    finds (the tally, shuffles, decryptions, the result) is kept for after the ballots."""

    def __init__(self, blob: bytes, chunk: int) -> None:
        self.blob, self.chunk = blob, chunk
        self.data: dict[str, str] = {}
        self.events = 0
        self.election: Election | None = None
        self.trustees: Any = None
        self.credentials: list[str] = []
        self.setup_problems: list[str] = []
        self.event_problems: list[str] = []
        self.raw_ballots: list[str] = []
        self.shuffles: list[tuple[int, str]] = []
        self.tally_raw: dict[str, Any] | None = None
        self.decryptions: dict[int, str] = {}
        self.result_raw: str | None = None
        self.jobs_made = 0

    def jobs(self) -> Iterator[Job]:
        records = iter(read_records(self.blob))
        first = next(records, None)
        if first is None or first[0] != "BELENIOS":
            raise BallotError("archive: it does not start with a BELENIOS header")
        if json.loads(first[1]).get("version") != 1:
            raise BallotError("archive: only version 1 archives are read")
        data, parent, phase, sent = self.data, None, "ballots", 0
        for name, content in records:
            digest, _, kind = name.partition(".")
            if hashlib.sha256(content).hexdigest() != digest:
                raise BallotError(f"archive: {name} does not hold what its name's hash says")
            if kind == "data.json":
                data[digest] = content.decode()
                continue
            if kind != "event.json":
                raise BallotError(f"archive: unexpected file {name}")
            event = _event(content, name)
            height = self.events
            if event.get("parent") != parent or event.get("height") != height:
                raise BallotError(f"archive: event {height} does not follow its parent")
            if "payload" in event and event["payload"] not in data:
                raise BallotError(f"archive: event {height} refers to a payload that precedes it nowhere")
            self.events += 1
            parent = digest
            kind = event["type"]
            if height == 0:
                if kind != "Setup":
                    raise BallotError("archive: the first event is not Setup")
                self._setup(json.loads(data[event["payload"]]))
            elif kind == "Ballot":
                if phase != "ballots":
                    self.event_problems.append(f"event {height}: a ballot after the end of voting")
                self.raw_ballots.append(data[event["payload"]])
                if len(self.raw_ballots) - sent >= self.chunk:
                    yield self._job(sent)
                    sent += self.chunk
            elif kind == "EndBallots":
                phase = "ended"
            elif kind == "EncryptedTally":
                self.tally_raw = json.loads(data[event["payload"]])
            elif kind == "PartialDecryption":
                owned = json.loads(data[event["payload"]])
                self.decryptions[int(owned["owner"])] = data[owned["payload"]]
            elif kind == "Result":
                self.result_raw = data[event["payload"]]
            elif kind == "Shuffle":
                owned = json.loads(data[event["payload"]])
                self.shuffles.append((int(owned["owner"]), data[owned["payload"]]))
            elif kind == "EndShuffles":
                pass
            else:
                self.event_problems.append(f"event {height}: unknown type {kind!r}")
        if self.election is None:
            raise BallotError("archive: the first event is not Setup")
        while sent < len(self.raw_ballots):
            yield self._job(sent)
            sent += self.chunk

    def _job(self, start: int) -> Job:
        assert self.election is not None
        self.jobs_made += 1
        return (self.election.raw, self.raw_ballots[start:start + self.chunk])

    def _setup(self, setup: dict[str, Any]) -> None:
        data = self.data
        self.election = election = Election.parse(data[setup["election"]])
        group = election.group
        self.trustees = trustees = json.loads(data[setup["trustees"]])
        problem = tr.trustees_problem(group, trustees)
        if problem:
            self.setup_problems.append(problem)
        elif not group.eq(tr.election_key(group, trustees), election.public_key):
            self.setup_problems.append("setup: the election key is not the product of the tellers' keys")
        self.credentials = [str(entry) for entry in json.loads(data[setup["credentials"]])]

    def credential_problems(self, proven: set[str]) -> tuple[dict[str, int], list[str]]:
        """The weight of each public credential, and the setup's problems with them: a credential
        listed twice, or one that is not an element of the group. A credential that signed a ballot
        whose proofs all hold has been decoded as an element by the worker that checked it, so only
        the others are decoded here (the same verdicts, in the list's order)."""
        assert self.election is not None
        group = self.election.group
        weights: dict[str, int] = {}
        problems: list[str] = []
        for entry in self.credentials:
            cred, _, weight = entry.partition(",")
            if cred in weights:
                problems.append("setup: a public credential appears twice")
            if cred not in proven and not group.check(group.from_str(cred)):
                problems.append("setup: a public credential is not an element of the group")
            weights[cred] = int(weight) if weight else 1
        return weights, problems


def _verify(blob: bytes, report: Report, mapper: Mapper, chunk: int) -> None:
    reading = _Pass(blob, chunk)
    read: list[tuple[str | None, tuple[str, tuple[tuple[tuple[Any, Any], ...], ...], str] | None]] = []
    sums: list[Tally] = []
    for checked in mapper(check_ballot_chunk, reading.jobs()):
        if checked.sums is not None:
            sums.append(checked.sums)
        read.extend(zip(checked.problems, checked.ballots, strict=True))
    election, trustees, raw_ballots, data = reading.election, reading.trustees, reading.raw_ballots, reading.data
    assert election is not None and len(read) == len(raw_ballots)
    group = election.group
    report.events, report.election, report.ballots = reading.events, election, len(raw_ballots)
    proven = {found[0] for problem, found in read if problem is None and found is not None}
    weights, credential_problems = reading.credential_problems(proven)
    report.problems += [*reading.setup_problems, *credential_problems, *reading.event_problems]
    shuffles, tally_raw, decryptions, result_raw = (reading.shuffles, reading.tally_raw, reading.decryptions,
                                                     reading.result_raw)
    ballots: list[Ballot] = []
    unlisted: list[str] = []
    for index, (problem, found) in enumerate(read, start=1):
        if problem:
            report.problems.append(f"ballot {index}: {problem}")
        if found is None:
            continue
        ballot = Ballot(raw_ballots[index - 1], *found)
        if ballot.credential not in weights:
            unlisted.append(f"ballot {ballot.tracker}: its credential is not on the list")
        ballots.append(ballot)
    report.problems.extend(unlisted)
    tallied = last_ballots(ballots)
    report.tallied = len(tallied)
    counted = {b.tracker for b in tallied}
    report.trackers = {b.tracker: b.tracker in counted for b in ballots}
    if tally_raw is None:
        return
    tally = read_tally(group, data[tally_raw["encrypted_tally"]])
    homomorphic = not any(isinstance(q, RankedQuestion) for q in election.questions)
    if homomorphic and len(sums) == reading.jobs_made and len(tallied) == len(ballots) and all(
            weights.get(b.credential, 1) == 1 for b in tallied):
        # Every ballot counts once with weight 1: the tally is the product of the chunks' products.
        expected: Tally = tuple(tuple((group.product(s[i][j][0] for s in sums), group.product(s[i][j][1] for s in sums))
                                      for j in range(question.length))
                                for i, question in enumerate(election.questions))
    else:
        expected = encrypted_tally(election, tallied, weights)
    if tally_json(group, tally) != tally_json(group, expected):
        report.problems.append("tally: the encrypted tally is not the product of the last ballots")
    total_weight = sum(weights.get(b.credential, 1) for b in tallied)
    if tally_raw["num_tallied"] != len(tallied) or tally_raw["total_weight"] != total_weight:
        report.problems.append("tally: the number of ballots or their weight is wrong")
    for owner, raw in shuffles:
        problem, tally = mixnet.apply_shuffle(election, tally, raw)
        if problem:
            report.problems.append(f"teller {owner}'s {problem}")
            return
    report.shuffles = len(shuffles)
    if any(isinstance(q, RankedQuestion) for q in election.questions) and decryptions and not shuffles:
        report.problems.append("ranked ballots decrypted without any shuffle: they would be linked to voters")
    keys = tr.decryption_keys(trustees, group)
    for owner, raw in sorted(decryptions.items()):
        if not 1 <= owner <= len(keys):
            report.problems.append(f"partial decryption of an unknown teller {owner}")
            continue
        problem = tr.partial_decryption_problem(election, tally, keys[owner - 1], raw)
        if problem:
            report.problems.append(f"teller {owner}: {problem}")
    report.partial_decryptions = len(decryptions)
    if result_raw is None:
        return
    if report.problems:
        return
    computed = tr.combine(election, tally, trustees, decryptions, total_weight)
    report.result = computed
    if json.loads(result_raw).get("result") != computed:
        report.problems.append("result: the published result is not what the decryptions give")


# ----------------------------------------------------------------------------- building an archive

@dataclass(frozen=True)
class Closed:
    """Everything public about a closed question, ready to become a Belenios archive."""

    election: Election
    trustees: list[Any]
    credentials: Sequence[str]
    ballots: Sequence[str]
    decryptions: dict[int, str]
    timestamp: int
    shuffles: Sequence[tuple[int, str]] = ()  # (owner, shuffle JSON), in the order the tellers made them


def build_archive(closed: Closed) -> bytes:
    """The archive of a closed question: setup, ballots, end, encrypted tally, partial decryptions, result."""
    election = closed.election
    writer = ArchiveWriter(closed.timestamp)
    setup = dumps({"election": writer.data(election.raw), "trustees": writer.data(dumps(closed.trustees)),
                   "credentials": writer.data(dumps(list(closed.credentials)))})
    writer.event("Setup", writer.data(setup))
    ballots = []
    for raw in closed.ballots:
        writer.event("Ballot", writer.data(raw))
        ballots.append(read_ballot(election, raw)[0])
    writer.event("EndBallots")
    tallied = last_ballots(ballots)
    tally = encrypted_tally(election, tallied)
    tally_hash = writer.data(tally_json(election.group, tally))
    writer.event("EncryptedTally", writer.data(dumps({"num_tallied": len(tallied), "total_weight": len(tallied),
                                                      "encrypted_tally": tally_hash})))
    for owner, raw in closed.shuffles:
        writer.event("Shuffle", writer.data(dumps({"owner": owner, "payload": writer.data(raw)})))
        problem, tally = mixnet.apply_shuffle(election, tally, raw)
        if problem:
            raise BallotError(f"teller {owner}'s {problem}")
    if closed.shuffles:
        writer.event("EndShuffles")
    for owner, raw in closed.decryptions.items():
        writer.event("PartialDecryption", writer.data(dumps({"owner": owner, "payload": writer.data(raw)})))
    result = tr.combine(election, tally, closed.trustees, closed.decryptions, len(tallied))
    writer.event("Result", writer.data(dumps({"result": result})))
    return writer.getvalue()


def tally_of(election: Election, ballots: Sequence[str]) -> tuple[Any, int]:
    """The encrypted tally of these ballots (re-votes replaced) and how many it counts."""
    tallied = last_ballots(read_ballot(election, raw)[0] for raw in ballots)
    return encrypted_tally(election, tallied), len(tallied)
