"""Encrypted questions (issue 14): tellers, keys, encrypted ballots in the chain, decryption.

A clerk opens a yes/no or approval question with `tellers` (people on its roll). Each teller
makes a key on their own machine (`councils teller keygen`) and submits only its public half
with a proof of knowledge (`submit_teller_key`); once every teller's key is in, the question's
Belenios 2.0 election is fixed (`ElectionKeyFixed`), its public key the product of the keys.
An elector's machine encrypts the ballot; `cast_encrypted_ballot` checks its proofs here and
records the ciphertext itself in the hash chain with the voter's participation, so changing a
stored ballot breaks `ledger verify`. Closing fixes the encrypted tally (the homomorphic
product of the counted ballots); each teller submits a partial decryption with its proof,
and when enough have arrived the totals are decrypted and decided as any question is
(`closing.decide`): a motion adopted or rejected by its kind's threshold and quorum.

A ranked question (IRV, STV, Schulze, ranked pairs, Borda) cannot be added up: its ballots are
rankings, each one ciphertext (Belenios's NonHomomorphic question, in RFC-3526-2048). Closing
fixes the list of ballots; as many tellers as must decrypt then each shuffle it in turn
(`submit_shuffle`: re-encrypted and permuted, with Belenios's proof, checked here against the
list the last turn left), so that no fewer tellers than could decrypt a ballot can link a
ranking to its voter; the tellers decrypt the mixed ballots and the exact counting code counts
the rankings.

Engine choices, documented in docs/ballot.md: the group is BELENIOS-2048 (what belenios-tool
2.0 verifies), RFC-3526-2048 for ranked questions; the tellers needed are the constitution's
`[ballots] tellers_needed`, else all of them. With all of them, each teller submits a single key; with k < n, Belenios's
Pedersen rounds run through the same command, step by step (`EncryptedQuestion.step`): each
teller's certificate, then its signed polynomial commitments with the shares sealed to each
other teller, then its verification key, checked against everyone's commitments.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from councils.ballot import trustees as tr
from councils.ballot.election import (
    B58,
    BallotError,
    Election,
    RankedQuestion,
    ballot_problem,
    encrypted_tally,
    read_ballot,
    read_tally,
    tally_json,
)
from councils.ballot.election import (
    Question as BelQuestion,
)
from councils.ballot.group import GroupError, group_named
from councils.domain.commands import (
    CastEncryptedBallot,
    OpenQuestion,
    SubmitPartialDecryption,
    SubmitShuffle,
    SubmitTellerKey,
)
from councils.domain.encrypted import GROUP, RANKED_GROUP, EncryptedQuestion, record_for
from councils.domain.errors import InvalidCommand, NotFound, Refused
from councils.domain.handlers import agenda
from councils.domain.handlers.emit import Emitter
from councils.domain.handlers.windows import check_ballot
from councils.domain.ports import Context
from councils.domain.rules import r1_franchise, r8_recall
from councils.domain.state import Polity, Question, State
from councils.domain.vocabulary import check_id

ENCRYPTED = "encrypted ballot"
HOMOMORPHIC = ("majority", "plurality", "approval")
RANKED = ("irv", "stv", "schulze", "ranked_pairs", "borda")  # mixed, then decrypted ballot by ballot


def opening(polity: Polity, c: OpenQuestion, method: str, roll: list[str], at: str) -> dict[str, Any]:
    """The `encrypted` detail of a question opened with tellers, or a refusal saying why not."""
    tellers = tuple(c.tellers or ())
    for t in tellers:
        check_id("open_question", "tellers", t)
    if not tellers:
        raise InvalidCommand("open_question: 'tellers' names at least one teller")
    if len(set(tellers)) != len(tellers):
        raise InvalidCommand("open_question: a teller is named twice in 'tellers'")
    if method not in HOMOMORPHIC + RANKED:
        raise Refused(ENCRYPTED, f"an encrypted question is counted by {', '.join(HOMOMORPHIC + RANKED)}; "
                                 f"not {method}")
    strangers = [t for t in tellers if t not in roll]
    if strangers:
        raise Refused(ENCRYPTED, f"a teller is one of the body's people on its roll; {', '.join(strangers)} "
                                 "is not")
    needed = polity.constitution.tellers_needed or len(tellers)
    if needed > len(tellers):
        raise Refused("constitution ballots.tellers_needed",
                      f"{needed} tellers are needed to decrypt, only {len(tellers)} named")
    digest = hashlib.sha256(f"councils|{polity.id}|{c.question}|{at}".encode()).digest()
    number = int.from_bytes(digest, "big")
    uuid = "".join(B58[(number >> (6 * i)) % 58] for i in range(22))  # Belenios: 14+ base-58 characters
    ranked = method in RANKED
    return {"tellers": list(tellers), "needed": needed, "group": RANKED_GROUP if ranked else GROUP, "uuid": uuid,
            **({"ranked": True} if ranked else {})}


def encrypted_question(state: State, question: str) -> tuple[Question, EncryptedQuestion]:
    """An encrypted question and its record, or NotFound / Refused (a plain question) saying so."""
    q = state.questions.get(question)
    if q is None:
        raise NotFound("question", question)
    if not q.detail("encrypted"):
        raise Refused(ENCRYPTED, f"question {q.id} is not encrypted: it takes cast_ballot and close_question")
    return q, record_for(state, q.id)


def _election(r: EncryptedQuestion, q: Question) -> Election:
    if r.election is None:
        waiting = [t for t in r.tellers if t not in r.keys]
        raise Refused(ENCRYPTED, f"{q.id} has no election key yet: waiting for the keys of {', '.join(waiting)}")
    return Election.parse(r.election)


def submit_teller_key(state: State, c: SubmitTellerKey, ctx: Context, emit: Emitter) -> None:
    q, r = encrypted_question(state, c.question)
    if c.teller not in r.tellers:
        raise Refused(ENCRYPTED, f"{c.teller} is not a teller of {q.id} (its tellers: {', '.join(r.tellers)})")
    if r.election is not None:
        raise Refused(ENCRYPTED, f"{c.teller} has already submitted a key for {q.id}")
    if q.status not in ("open", "scheduled"):
        raise Refused("closed", f"question {q.id} is closed; no key is taken")
    step = r.step()
    held = {"certificate": r.certificates, "polynomial": r.polynomials}.get(step, r.keys)
    if c.teller in held:
        waiting = [t for t in r.tellers if t not in held]
        raise Refused(ENCRYPTED, f"{c.teller} has already submitted its {step} for {q.id}; waiting for "
                                 f"{', '.join(waiting)}")
    group = group_named(r.group)
    try:
        key = json.loads(c.key)
    except ValueError as exc:
        raise InvalidCommand(f"submit_teller_key: 'key' is not JSON ({exc})") from None
    problem = _key_problem(group, r, step, c.teller, key)
    if problem is not None:
        raise Refused(ENCRYPTED, f"{c.teller}'s {step} for {q.id} is refused: {problem}")
    stream = f"question:{q.id}"
    emit("TellerKeySubmitted", stream, q.polity, question=q.id, teller=c.teller, key=c.key,
         **({"step": step} if r.pedersen else {}))
    if step != "key" or len(r.keys) + 1 < len(r.tellers):
        return
    keys = {**r.keys, c.teller: c.key}
    trustees: list[Any]
    if r.pedersen:
        try:
            trustees = tr.assemble_pedersen(group, [json.loads(r.certificates[t]) for t in r.tellers],
                                            [json.loads(r.polynomials[t]) for t in r.tellers],
                                            [json.loads(keys[t]) for t in r.tellers])
        except (BallotError, GroupError, KeyError, TypeError, ValueError) as exc:
            raise Refused(ENCRYPTED, f"the tellers' keys of {q.id} do not assemble: {exc}") from None
    else:
        trustees = [["Single", json.loads(keys[t])] for t in r.tellers]
    body = state.bodies[q.body]
    election = Election.make(uuid=r.uuid, name=q.text[:200], description=f"{body.name}: {q.id}",
                             group=group, public_key=tr.election_key(group, trustees),
                             questions=[_bel_question(q)])
    emit("ElectionKeyFixed", stream, q.polity, question=q.id, election=election.raw, trustees=trustees)


def _key_problem(group: Any, r: EncryptedQuestion, step: str, teller: str, key: Any) -> str | None:
    """Why a teller's submission for this step is wrong (Belenios's checks), or None."""
    if not isinstance(key, dict):
        return "not a JSON object"
    try:
        if step == "certificate":
            vk = group.from_str(json.loads(key["message"])["verification"])
            return None if tr.check_signed(group, vk, key) else "the certificate is not signed by its own key"
        if step == "polynomial":
            vk = group.from_str(json.loads(json.loads(r.certificates[teller])["message"])["verification"])
            rows = json.loads(key["coefexps"]["message"])["coefexps"]
            if not tr.check_signed(group, vk, key["coefexps"]):
                return "its commitments are not signed by the key of its certificate"
            if len(rows) != r.needed or len(key["secrets"]) != len(r.tellers):
                return (f"a polynomial of {r.needed} coefficients and {len(r.tellers)} sealed shares "
                        "are expected (`councils teller polynomial`)")
            return None
        if not tr.check_single(group, key):
            return (f"no valid proof of knowledge in {r.group} (made by `councils teller keygen"
                    f"{' --group ' + r.group if r.group != GROUP else ''}`?)")
        if r.pedersen:
            rows = [[group.from_str(x) for x in json.loads(json.loads(r.polynomials[t])["coefexps"]["message"])
                     ["coefexps"]] for t in r.tellers]
            expected = tr.verification_keys(group, rows)[r.owner(teller) - 1]
            if not group.eq(group.from_str(key["public_key"]), expected):
                return "its verification key does not follow from the tellers' commitments"
    except (KeyError, TypeError, ValueError, GroupError, BallotError) as exc:
        return f"malformed ({exc!r})"
    return None


def _bel_question(q: Question) -> BelQuestion | RankedQuestion:
    """Majority or plurality: exactly one option marked; approval: any number of them; a ranked
    method: Belenios's NonHomomorphic question, a rank per option (0 = not ranked)."""
    if q.method in RANKED:
        return RankedQuestion(q.text[:200], tuple(q.options))
    high = len(q.options) if q.method == "approval" else 1
    return BelQuestion(q.text[:200], tuple(q.options), 0 if q.method == "approval" else 1, high)


def cast_encrypted_ballot(state: State, c: CastEncryptedBallot, ctx: Context, emit: Emitter) -> None:
    q, r = encrypted_question(state, c.question)
    check_ballot(q, ctx.now)
    if q.status != "open":
        raise Refused("closed", f"question {q.id} is closed; no ballot is taken after close")
    agenda.check_motion_free(state, q, "voting on it")
    r8_recall.check_holds_seat(state, q, c.voter)
    r1_franchise.check_may_vote(state, q, c.voter, ctx.now.year)
    election = _election(r, q)
    problem = ballot_problem(election, c.ballot)
    if problem is not None:
        raise Refused(ENCRYPTED, f"{c.voter}'s ballot on {q.id} is refused: {problem}")
    ballot, _ = read_ballot(election, c.ballot)
    earlier = r.current.get(c.voter)
    if earlier is not None and not state.polities[q.polity].constitution.revote:
        raise Refused("one ballot", f"{c.voter} has already voted on {q.id} (the constitution allows no "
                                    "re-vote: [ballots] revote)")
    if earlier is not None and earlier.credential != ballot.credential:
        raise Refused("one ballot", f"{c.voter}'s new ballot on {q.id} must be signed with the credential of "
                                    "their first ballot, which it replaces")
    if any(b.tracker == ballot.tracker for b in r.ballots):
        raise Refused(ENCRYPTED, f"this ballot (tracker {ballot.tracker}) is already in the box of {q.id}")
    if any(b.credential == ballot.credential and b.voter != c.voter for b in r.current.values()):
        raise Refused(ENCRYPTED, f"the credential of this ballot is another voter's on {q.id}")
    emit("EncryptedBallotCast", f"question:{q.id}", q.polity, question=q.id, voter=c.voter,
         ballot=c.ballot, tracker=ballot.tracker, credential=ballot.credential, replaces=earlier is not None)
    emit.decision.receipt = ballot.tracker  # the tracker is the voter's receipt


def close_encrypted(state: State, q: Question, ctx: Context, emit: Emitter) -> None:
    """Closing an encrypted question fixes its encrypted tally; the tellers then decrypt it.

    Closed (by a clerk or by its window's clock) before every teller gave a key, it took no
    ballot: it is decided at once on none, saying why, rather than left open past its window."""
    r = record_for(state, q.id)
    if r.election is None:
        from councils.domain.handlers.closing import decide

        waiting = [t for t in r.tellers if t not in r.keys]
        decide(state, q, (), ctx, emit, {"encrypted": {
            "totals": None, "tallied": 0, "trackers": [],
            "note": f"closed before every teller gave a key (waiting for {', '.join(waiting)}): no ballot "
                    "could be cast"}})
        return
    election = _election(r, q)
    counted = [read_ballot(election, b.ballot)[0] for b in r.current.values()]
    tally = encrypted_tally(election, counted)
    emit("EncryptedTallyFixed", f"question:{q.id}", q.polity, question=q.id,
         tally=tally_json(election.group, tally), tallied=len(counted))


def submit_partial_decryption(state: State, c: SubmitPartialDecryption, ctx: Context, emit: Emitter) -> None:
    q, r = encrypted_question(state, c.question)
    if c.teller not in r.tellers:
        raise Refused(ENCRYPTED, f"{c.teller} is not a teller of {q.id} (its tellers: {', '.join(r.tellers)})")
    if q.status != "tallying" or r.tally is None:
        raise Refused(ENCRYPTED, f"{q.id} is {'decided' if q.status == 'decided' else 'still open'}; a partial "
                                 "decryption is taken after close, before the result")
    if c.teller in r.decryptions:
        raise Refused(ENCRYPTED, f"{c.teller} has already decrypted {q.id}")
    if len(r.shuffles) < r.shuffles_needed:
        raise Refused(ENCRYPTED, f"{q.id} is a ranked question: its ballots are decrypted after {r.shuffles_needed} "
                                 f"tellers have shuffled them ({len(r.shuffles)} so far; waiting for "
                                 f"{', '.join(_not_shuffled(r))}: `councils teller submit-shuffle`)")
    election = _election(r, q)
    group = election.group
    tally = read_tally(group, r.mixed_tally() or "")
    public = group.from_str(json.loads(r.keys[c.teller])["public_key"])
    problem = tr.partial_decryption_problem(election, tally, public, c.decryption)
    if problem is not None:
        raise Refused(ENCRYPTED, f"{c.teller}'s decryption of {q.id} is refused: {problem}")
    stream = f"question:{q.id}"
    emit("PartialDecryptionSubmitted", stream, q.polity, question=q.id, teller=c.teller,
         owner=r.owner(c.teller), decryption=c.decryption)
    done = {**r.decryptions, c.teller: c.decryption}
    if len(done) < r.needed:
        return
    try:
        result = tr.combine(election, tally, r.trustees or [], {r.owner(t): d for t, d in done.items()},
                            r.tallied)
    except (BallotError, GroupError) as exc:
        raise Refused(ENCRYPTED, f"{q.id}: the decryptions do not combine ({exc})") from None
    from councils.domain.handlers.closing import decide  # (closing calls close_encrypted)

    if r.ranked:
        rankings, invalid = RankedQuestion(q.text[:200], tuple(q.options)).rankings(result[0])
        decide(state, q, tuple(tuple(x) for x in rankings), ctx, emit,
               {"encrypted": {"rankings": len(rankings), "invalid": invalid, "tallied": r.tallied,
                              "shuffled_by": [t for t, _ in r.shuffles],
                              "trackers": sorted(b.tracker for b in r.current.values())}})
        return
    totals = [int(n) for n in result[0]]

    decide(state, q, _ballots(q, totals, r.tallied), ctx, emit,
           {"encrypted": {"totals": dict(zip(q.options, totals, strict=True)), "tallied": r.tallied,
                          "trackers": sorted(b.tracker for b in r.current.values())}})


def submit_shuffle(state: State, c: SubmitShuffle, ctx: Context, emit: Emitter) -> None:
    """A teller's turn in the mix-net of a ranked question: the ballots re-encrypted and permuted,
    with Belenios's proof of the shuffle (checked here against the tally the last turn left)."""
    q, r = encrypted_question(state, c.question)
    if c.teller not in r.tellers:
        raise Refused(ENCRYPTED, f"{c.teller} is not a teller of {q.id} (its tellers: {', '.join(r.tellers)})")
    if not r.ranked:
        raise Refused(ENCRYPTED, f"{q.id} is counted by {q.method} on the encrypted totals: its ballots are not "
                                 "shuffled; its tellers send submit_partial_decryption")
    if q.status != "tallying" or r.tally is None:
        raise Refused(ENCRYPTED, f"{q.id} is {'decided' if q.status == 'decided' else 'still open'}; a shuffle is "
                                 "taken after close, before the decryptions")
    if any(t == c.teller for t, _ in r.shuffles):
        raise Refused(ENCRYPTED, f"{c.teller} has already shuffled the ballots of {q.id}")
    if r.tallied == 0:
        raise Refused(ENCRYPTED, f"{q.id} closed on no ballot: there is nothing to shuffle; its tellers decrypt")
    if len(r.shuffles) >= r.shuffles_needed:
        raise Refused(ENCRYPTED, f"the ballots of {q.id} have been shuffled by {r.shuffles_needed} tellers "
                                 f"({', '.join(t for t, _ in r.shuffles)}); they are now decrypted")
    from councils.ballot import mixnet

    election = _election(r, q)
    try:
        problem, _ = mixnet.apply_shuffle(election, read_tally(election.group, r.mixed_tally() or ""), c.shuffle)
    except (BallotError, GroupError, ValueError) as exc:
        problem = f"malformed ({exc})"
    if problem is not None:
        raise Refused(ENCRYPTED, f"{c.teller}'s shuffle of {q.id} is refused: {problem} (made by `councils "
                                 "teller submit-shuffle` from the question's latest view?)")
    emit("ShuffleSubmitted", f"question:{q.id}", q.polity, question=q.id, teller=c.teller,
         owner=r.owner(c.teller), shuffle=c.shuffle)


def _not_shuffled(r: EncryptedQuestion) -> list[str]:
    done = {t for t, _ in r.shuffles}
    return [t for t in r.tellers if t not in done]


def _ballots(q: Question, totals: list[int], tallied: int) -> tuple[tuple[str, ...], ...]:
    """Ballots with the decrypted totals, for the counting code: the totals are all a
    homomorphic tally reveals, and all that majority, plurality or approval counts read.
    One choice per ballot (majority, plurality); for approval, ballot i approves every option
    whose total exceeds i, so there are as many ballots as were tallied."""
    if q.method != "approval":
        return tuple((o,) for o, n in zip(q.options, totals, strict=True) for _ in range(n))
    return tuple(tuple(o for o, n in zip(q.options, totals, strict=True) if n > i) for i in range(tallied))
