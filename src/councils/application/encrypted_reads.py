"""What anyone may read of an encrypted question (issue 14): its election and tellers, its archive.

The election JSON is what a voter's machine encrypts under (the CLI, the API client, the
booth page); the archive of a decided question is Belenios 2.0's `.bel`, which
`councils ballot verify` and `belenios-tool election verify` check on their own.
Everything here is built from the ledger's public record; no secret is involved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from councils.ballot.archive import Closed, build_archive
from councils.ballot.election import Election, Encrypted, audit_ballot, ballot_problem, sha256_b64
from councils.domain.encrypted import record_for
from councils.domain.errors import InvalidCommand, Refused
from councils.domain.handlers.encrypted import ENCRYPTED, encrypted_question
from councils.domain.state import State


def election_view(s: State, question: str) -> dict[str, Any]:
    """The election parameters of an encrypted question, for a voter's machine and for tellers."""
    q, r = encrypted_question(s, question)
    election = Election.parse(r.election) if r.election else None
    return {
        "question": q.id, "text": q.text, "options": list(q.options), "method": q.method, "status": q.status,
        "tellers": [{"teller": t, "name": _name(s, t), "key_submitted": t in r.keys,
                     "shuffled": any(x == t for x, _ in r.shuffles),
                     "decrypted": t in r.decryptions} for t in r.tellers],
        "ranked": r.ranked,  # a ranked question: after close, tellers shuffle in turn, then decrypt
        "shuffles_needed": r.shuffles_needed, "shuffled_by": [t for t, _ in r.shuffles],
        "tellers_needed": r.needed,
        "step": r.step() if r.election is None else None,  # what the tellers send next, k of n
        "certificates": [r.certificates[t] for t in r.tellers if t in r.certificates],
        "polynomials": [r.polynomials[t] for t in r.tellers if t in r.polynomials],
        "group": q.detail("encrypted")["group"], "uuid": r.uuid,
        "election": r.election,  # the Belenios election JSON (text), None until every key is in
        "public_key": election.group.to_str(election.public_key) if election else None,
        "ballots": len(r.current), "trackers": sorted(b.tracker for b in r.current.values()),
        "encrypted_tally": r.mixed_tally(),  # what the next teller shuffles or decrypts (ranked: the mixed ballots)
        "outcome": q.outcome,
        "totals": (q.count or {}).get("encrypted", {}).get("totals"),  # once decrypted and decided
    }


def archive(s: State, question: str) -> tuple[str, bytes]:
    """The Belenios archive (`UUID.bel`) of a decided encrypted question: its name and bytes."""
    q, r = encrypted_question(s, question)
    if r.election is None and q.status == "decided":
        raise Refused(ENCRYPTED, f"question {q.id} was closed before every teller gave a key: it took no ballot "
                                 "and has no archive")
    if q.status != "decided" or r.election is None:
        raise Refused(ENCRYPTED, f"question {q.id} is not decided yet: its archive is written once the "
                                 "tellers have decrypted the tally")
    election = Election.parse(r.election)
    when = int(datetime.fromisoformat(q.decided_at or q.opened_at).timestamp())
    credentials = list(dict.fromkeys(b.credential for b in r.ballots))
    blob = build_archive(Closed(election, list(r.trustees or []), credentials, [b.ballot for b in r.ballots],
                                {r.owner(t): d for t, d in r.decryptions.items()}, when,
                                [(r.owner(t), x) for t, x in r.shuffles]))
    return f"{election.uuid}.bel", blob


def _name(s: State, person: str) -> str:
    p = s.persons.get(person)
    return (p.name or p.id) if p is not None else person


def tracker_check(s: State, question: str, tracker: str) -> dict[str, Any]:
    """Whether a ballot with this tracker is in an encrypted question's box, and counted: what a
    voter checks with the receipt it was given (the ledger holds the ballot; the choice stays secret)."""
    q = s.questions[question]
    r = record_for(s, q.id)
    found = any(b.tracker == tracker for b in r.ballots)
    current = any(b.tracker == tracker for b in r.current.values())
    if not found:
        message = "no ballot with this tracker is in the box"
    elif not current:
        message = "in the ledger, replaced by a later ballot of the same voter (only the last one counts)"
    elif q.status == "open":
        message = "in the box, encrypted; it is counted when the question closes"
    elif q.status == "tallying":
        message = "in the encrypted tally; the tellers are decrypting the totals"
    else:
        message = "counted in the decrypted totals; the archive holds it with every proof"
    return {"question": q.id, "receipt": tracker, "found": found, "counted": current and q.status == "decided",
            "status": q.status, "preferences": None, "message": message}


def challenge_check(s: State, question: str, challenged: Any) -> dict[str, Any]:
    """Benaloh's challenge, checked apart from the voter's device: does this spoiled ballot,
    its randomness revealed, encrypt the choices it claims under the question's election?

    `challenged` is what the question page (or `councils ballot encrypt --challenge`) reveals:
    `ballot` (the Belenios text), `choices` (0/1 per option) and `randomness`. Nothing is
    recorded: a challenged ballot is spoiled and never cast; the voter encrypts afresh."""
    q, r = encrypted_question(s, question)
    if r.election is None:
        raise Refused(ENCRYPTED, f"{q.id} has no election key yet: there is nothing to encrypt under")
    election = Election.parse(r.election)
    try:
        ballot = challenged["ballot"]
        marks = [[int(m) for m in row] for row in challenged["choices"]]
        randomness = tuple(tuple(int(x) for x in rs) for rs in challenged["randomness"])
        if not isinstance(ballot, str):
            raise TypeError("ballot")
    except (KeyError, TypeError, ValueError):
        raise InvalidCommand("challenge: expected {\"ballot\": the ballot text, \"choices\": [[0 or 1, ...]], "
                             "\"randomness\": [[...]]}, as the question page reveals it") from None
    row = marks[0] if marks else []
    if r.ranked:  # the options in the order ranked (1 first; 0 = not ranked)
        chosen = [o for _, o in sorted((m, o) for o, m in zip(q.options, row, strict=False) if m > 0)]
    else:
        chosen = [o for o, m in zip(q.options, row, strict=False) if m == 1]
    tracker = sha256_b64(ballot)
    problem = ballot_problem(election, ballot)
    if problem is None and len(marks) != len(election.questions):
        problem = f"{len(marks)} rows of choices for {len(election.questions)} question"
    valid = False
    if problem is None:
        try:
            valid = audit_ballot(election, Encrypted(ballot, tracker, randomness), marks)
        except (TypeError, ValueError):  # rows of the wrong length: not this ballot's randomness
            valid = False
    if problem is not None:
        message = f"not a valid ballot of this question: {problem}"
    elif valid:
        message = "this ballot encrypts exactly the choices shown: the device encrypted faithfully"
    else:
        message = "this ballot does NOT encrypt the choices shown: do not vote on this device"
    return {"question": q.id, "valid": valid, "tracker": tracker, "choices": chosen, "message": message}


TELLER_COMMANDS = ("submit_teller_key", "submit_shuffle", "submit_partial_decryption")


def teller_duties(s: State, person: str) -> list[dict[str, Any]]:
    """The encrypted questions where this person is a teller, newest first, each with what is
    awaited of them now (`awaiting`): `key` (a single key, made by `councils teller keygen` or in
    the browser), `certificate`, `polynomial`, `share` (k of n: the CLI's Pedersen rounds),
    `shuffle` (a ranked question's mix, their turn), `decryption`, or `nothing`, then `why`:
    `others` (waiting for `waiting_for`), `voting`, `decided` or `no_key`."""
    out = []
    for q in reversed(list(s.questions.values())):
        spec = q.detail("encrypted")
        if not spec or person not in spec["tellers"]:
            continue
        r = record_for(s, q.id)
        shuffled = [t for t, _ in r.shuffles]
        awaiting, why, waiting = "nothing", "", list[str]()
        if q.status in ("open", "scheduled") and r.election is None:
            step = r.step()
            held = {"certificate": r.certificates, "polynomial": r.polynomials}.get(step, r.keys)
            if person not in held:
                awaiting = step if step != "key" else ("share" if r.pedersen else "key")
            else:
                why, waiting = "others", [t for t in r.tellers if t not in held]
        elif q.status in ("open", "scheduled"):
            why = "voting"
        elif q.status == "tallying" and len(r.shuffles) < r.shuffles_needed:
            awaiting = "shuffle" if person not in shuffled else "nothing"
            why, waiting = "others", [t for t in r.tellers if t not in shuffled]
        elif q.status == "tallying":
            awaiting = "decryption" if person not in r.decryptions else "nothing"
            why, waiting = "others", [t for t in r.tellers if t not in r.decryptions]
        else:
            why = "decided" if r.election is not None else "no_key"
        out.append({"question": q.id, "text": q.text, "status": q.status, "method": q.method,
                    "group": r.group, "ranked": r.ranked, "pedersen": r.pedersen, "needed": r.needed,
                    "tellers": r.tellers, "awaiting": awaiting, "why": why, "waiting_for": waiting,
                    "shuffles_needed": r.shuffles_needed, "shuffled_by": shuffled,
                    "decrypted_by": [t for t in r.tellers if t in r.decryptions]})
    return out


def teller_submission(question: str, person: str, text: str) -> dict[str, Any]:
    """A teller's upload on the web: the JSON command `councils teller submit-key`, `submit-shuffle`
    or `submit-decryption` printed (or the browser made), refused in words if it is anything else."""
    import json

    try:
        command = json.loads(text)
    except ValueError:
        raise InvalidCommand("the text pasted is not JSON: paste the one line the councils teller command "
                             "printed") from None
    if not isinstance(command, dict) or command.get("cmd") not in TELLER_COMMANDS:
        raise InvalidCommand(f"the text pasted is not a teller's command ({', '.join(TELLER_COMMANDS)})")
    if command.get("question") != question:
        raise InvalidCommand(f"this command is for question {command.get('question')!r}, not {question}")
    if command.get("teller") != person:
        raise InvalidCommand(f"this command is for teller {command.get('teller')!r}; you are {person}")
    return command
