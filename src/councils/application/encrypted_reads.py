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
    chosen = [o for o, m in zip(q.options, marks[0] if marks else [], strict=False) if m == 1]
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
