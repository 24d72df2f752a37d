"""A closed question's archive holds every public part; the verifier names whatever was changed."""

from __future__ import annotations

import json

from councils.ballot import trustees as tr
from councils.ballot.archive import ArchiveWriter, Closed, build_archive, read_records, tally_of, verify_archive
from councils.ballot.election import dumps, encrypt_ballot
from tests.unit.ballot.conftest import Setup

VOTES = [[[0, 1], [1, 0, 0]], [[0, 1], [0, 1, 0]], [[0, 1], [0, 0, 1]], [[1, 0], [1, 1, 1]]]


def _closed(setup: Setup, ballots: list[str] | None = None) -> Closed:
    e = setup.election
    ballots = ballots or [encrypt_ballot(e, c, v).ballot for c, v in zip(setup.credentials, VOTES, strict=True)]
    tally, _ = tally_of(e, ballots)
    decs = {1: tr.partial_decryption(e, tally, setup.dealing.keys[0]),
            3: tr.partial_decryption(e, tally, setup.dealing.keys[2])}
    return Closed(e, setup.trustees, setup.public, ballots, decs, 1_796_000_000)


def test_an_archive_of_a_closed_question_verifies_and_gives_the_result(ff_setup: Setup) -> None:
    report = verify_archive(build_archive(_closed(ff_setup)))
    assert report.problems == []
    assert report.result == [[1, 3], [2, 2, 2]]
    assert (report.ballots, report.tallied, report.partial_decryptions) == (4, 4, 2)


def test_a_revote_replaces_the_earlier_ballot_in_the_tally(ec_setup: Setup) -> None:
    e = ec_setup.election
    ballots = [encrypt_ballot(e, c, v).ballot for c, v in zip(ec_setup.credentials, VOTES, strict=True)]
    ballots.append(encrypt_ballot(e, ec_setup.credentials[0], [[1, 0], [0, 0, 0]]).ballot)
    report = verify_archive(build_archive(_closed(ec_setup, ballots)))
    assert report.problems == []
    assert (report.ballots, report.tallied) == (5, 4)
    assert report.result == [[2, 2], [1, 2, 2]]


def _rewrite(blob: bytes, change: dict[str, str]) -> bytes:
    """Rebuild the archive with some payloads replaced and every hash recomputed, as an operator
    with write access to the whole file could do."""
    records = list(read_records(blob))
    mapping: dict[str, str] = {}
    writer = ArchiveWriter(1_796_000_000)
    for name, content in records[1:]:
        text = content.decode()
        for old, new in {**change, **mapping}.items():
            text = text.replace(old, new)
        if name.endswith(".data.json"):
            new_hash = writer.data(text)
        else:
            event = json.loads(text)
            new_hash = writer.event(event["type"], event.get("payload"))
        mapping[name.split(".")[0]] = new_hash
    return writer.getvalue()


def test_changing_ballots_in_the_box_is_caught_even_with_every_hash_recomputed(ff_setup: Setup) -> None:
    # The attack of issue 14: three "no" ballots become "yes" in the box. Swapping ciphertexts
    # breaks each ballot's signature; the tally and result no longer match either.
    closed = _closed(ff_setup)
    blob = build_archive(closed)
    change = {}
    for raw in closed.ballots[:3]:
        data = json.loads(raw)
        c = data["answers"][0]["choices"]
        c[0], c[1] = c[1], c[0]
        change[raw] = dumps(data)
    report = verify_archive(_rewrite(blob, change))
    assert not report.ok
    assert sum("signature" in p for p in report.problems) == 3


def test_a_flipped_byte_breaks_the_hash_of_its_file(ff_setup: Setup) -> None:
    blob = bytearray(build_archive(_closed(ff_setup)))
    at = blob.index(b'"result":[[') + 11
    blob[at:at + 1] = b"4" if blob[at:at + 1] != b"4" else b"5"
    report = verify_archive(bytes(blob))
    assert any("does not hold what its name's hash says" in p for p in report.problems)


def test_a_wrong_published_result_is_caught(ff_setup: Setup) -> None:
    blob = build_archive(_closed(ff_setup))
    report = verify_archive(_rewrite(blob, {'{"result":[[1,3],[2,2,2]]}': '{"result":[[3,1],[2,2,2]]}'}))
    assert report.problems == ["result: the published result is not what the decryptions give"]


def test_garbage_is_refused_with_a_reason_not_a_traceback() -> None:
    report = verify_archive(b"not an archive at all" * 40)
    assert not report.ok and report.problems


def test_any_corrupted_byte_gives_a_report_never_an_exception(ec_setup: Setup) -> None:
    import random

    blob = build_archive(_closed(ec_setup))
    rng = random.Random(14)
    caught = 0
    for _ in range(60):
        damaged = bytearray(blob)
        at = rng.randrange(len(damaged))
        damaged[at] = (damaged[at] + rng.randrange(1, 256)) % 256
        report = verify_archive(bytes(damaged))  # must not raise
        caught += not report.ok
    assert caught > 0
    assert verify_archive(blob[: len(blob) // 2]).problems  # cut short: named, not raised


def test_an_event_that_is_not_json_is_named_not_raised(ec_setup: Setup) -> None:
    # Named by its own hash, so only the reading of the event can refuse it.
    import hashlib

    from councils.ballot.archive import _body, _header

    junk = b"{not json"
    writer = ArchiveWriter(1_796_000_000)
    blob = writer.getvalue() + _header(f"{hashlib.sha256(junk).hexdigest()}.event.json", len(junk), 0) + _body(junk)
    report = verify_archive(blob)
    assert any("is not an event" in p for p in report.problems)


def test_a_credential_no_ballot_used_is_still_checked_and_named_before_the_ballots(ec_setup: Setup) -> None:
    """The workers decode the credentials of the ballots they prove; every other listed credential
    is decoded by the verifier itself, and its problem keeps its place among the setup's."""
    from dataclasses import replace

    from councils.ballot.parallel import verify_parallel

    closed = _closed(ec_setup)
    bogus = "ff" * 32  # not the canonical encoding of any Ristretto255 element
    blob = build_archive(replace(closed, credentials=[*closed.credentials, bogus]))
    serial = verify_archive(blob)
    assert serial.problems == ["setup: a public credential is not an element of the group"]
    assert verify_parallel(blob, 2, chunk=1).problems == serial.problems
    swapped = json.loads(closed.ballots[3])  # its ciphertexts swapped: the signature no longer holds
    pair = swapped["answers"][0]["choices"]
    pair[0], pair[1] = pair[1], pair[0]
    damaged = _rewrite(blob, {closed.ballots[3]: dumps(swapped)})
    report = verify_parallel(damaged, 2, chunk=1)
    assert report.problems[0] == "setup: a public credential is not an element of the group"
    assert any(p.startswith("ballot 4:") for p in report.problems[1:])
    assert report.problems == verify_archive(damaged).problems
