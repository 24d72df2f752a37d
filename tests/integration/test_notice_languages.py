"""Notices in the language a person chose, where their body declares it (issue 15 item 2),
sent through a real SMTP server (aiosmtpd) the test starts, on each database.

Ukraine declares Ukrainian and Russian: an elector who chose Russian is written to in
Russian, one who chose nothing (or English, which Ukraine does not declare) in Ukrainian, the
first language it declares; the headers are RFC 2047 encoded UTF-8 and decode to the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import councils
from councils.adapters.smtp_sender import SmtpSender
from councils.application.governance import Governance
from councils.application.notice_templates import TEMPLATES, pick_language, render
from councils.application.notices import Notifier, choose, declared_languages, page
from councils.bootstrap import governance
from councils.domain.errors import InvalidCommand
from tests.builders import World
from tests.conftest import FixedClock
from tests.support.serve import free_port

EXAMPLES = Path(councils.__file__).parent / "examples"

MOTION = {"cmd": "open_question", "question": "tram", "body": "ukraine/town", "kind": "motion",
          "text": "A tram to the works",
          "texts": {"ru": "Трамвай до завода", "uk": "Трамвай до заводу"}}


class RawInbox:
    """Keeps each message's bytes as they came over the wire."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.content)
        return "250 OK"


@pytest.fixture
def gov(db_url: str, clock: FixedClock) -> Iterator[Governance]:
    g = governance(db_url, clock=clock)
    World(g).republic("ukraine", electors=3)
    g.handle({"cmd": "declare_languages", "holder": "ukraine", "languages": ["uk", "ru"]})
    outbox = g.ledger.outbox
    choose(outbox, "ukraine-0", "olena@example.org", ["opened", "decided"], "ru")
    choose(outbox, "ukraine-1", "taras@example.org", ["opened", "decided"])
    choose(outbox, "ukraine-2", "mykola@example.org", ["opened", "decided"], "en")
    yield g
    g.ledger.dispose()


def _sent(gov: Governance) -> dict[str, Any]:
    inbox = RawInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=(port := free_port()))
    controller.start()
    try:
        gov.handle(MOTION)
        gov.handle({"cmd": "close_question", "question": "tram"})
        assert Notifier(gov, SmtpSender(f"smtp://127.0.0.1:{port}?from=clerk@ukraine.example")).run_once()[
            "sent"] == 6
    finally:
        controller.stop()
    return {"raw": inbox.raw, "parsed": [message_from_bytes(r, policy=policy.default) for r in inbox.raw]}


def test_a_russian_speaking_elector_of_a_body_with_russian_receives_russian(gov: Governance) -> None:
    got = _sent(gov)
    olena = sorted((m["Subject"], m.get_content()) for m in got["parsed"] if m["To"] == "olena@example.org")
    outcome = {"yes": "да", "no": "нет"}[gov.state.questions["tram"].outcome or ""]
    assert olena == [
        ("Объявлен итог: Трамвай до завода", f"Вопрос «Трамвай до завода» в органе «town» решён: {outcome}.\n"),
        ("Открыт вопрос: Трамвай до завода",
         "В органе «town» открыт вопрос: Трамвай до завода\nВы в списке голосующих.\n")]


def test_the_headers_are_encoded_utf8_on_the_wire(gov: Governance) -> None:
    got = _sent(gov)
    raw = next(r for r in got["raw"] if b"olena@example.org" in r and b"=?utf-8?" in r)
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    assert all(byte < 128 for byte in head), "the headers travel as 7-bit ASCII (RFC 2047)"
    assert b"charset=\"utf-8\"" in raw or b"charset=utf-8" in raw


def test_one_who_chose_nothing_or_an_undeclared_language_hears_the_first_declared(gov: Governance) -> None:
    got = _sent(gov)
    for address in ("taras@example.org", "mykola@example.org"):
        subjects = sorted(m["Subject"] for m in got["parsed"] if m["To"] == address)
        assert subjects == ["Відкрито питання: Трамвай до заводу", "Оголошено підсумок: Трамвай до заводу"]


def test_the_persons_page_shows_the_notices_in_their_language(gov: Governance) -> None:
    gov.handle(MOTION)
    seen = page(gov.state, gov.ledger.outbox, "ukraine-0")
    assert [s.subject for s in seen] == ["Открыт вопрос: Трамвай до завода"]


def test_a_body_declaring_no_language_writes_in_english_and_a_bad_code_is_refused(gov: Governance) -> None:
    assert pick_language((), "ru") == "en"
    assert pick_language(("be", "ru"), None) == "ru"  # no Belarusian template: the next declared
    assert pick_language(("uk", "ru"), "ru") == "ru"
    with pytest.raises(InvalidCommand, match="not a language code"):
        choose(gov.ledger.outbox, "ukraine-0", None, ["opened"], "russian!")
    assert gov.ledger.outbox.preferences("ukraine-0").language == "ru"


def test_a_body_in_an_autonomous_unit_speaks_its_units_languages_first(gov: Governance) -> None:
    gov.handle({"cmd": "found_autonomy", "autonomy": "moldavia", "republic": "ukraine",
                "kind": "autonomous_republic", "nationalities": ["moldovan"], "name": "Moldavia",
                "languages": ["ro", "ru", "uk"]})
    assert declared_languages(gov.state, "ukraine/moldavia") == ("ro", "ru", "uk")
    assert declared_languages(gov.state, "ukraine/town") == ("uk", "ru")
    assert pick_language(declared_languages(gov.state, "ukraine/moldavia"), None) == "ro"
    assert pick_language(declared_languages(gov.state, "ukraine/town"), "ro") == "uk"  # not declared there


def test_every_language_the_worked_examples_declare_has_notice_templates() -> None:
    declared = {lang for path in EXAMPLES.glob("*.jsonl") for line in path.read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")
                for lang in json.loads(line).get("languages", [])}
    assert declared and declared <= set(TEMPLATES), declared - set(TEMPLATES)
    for lang in declared:
        subject, body = render(lang, "decided", text="T", where="W", outcome="yes")
        assert "T" in subject and "W" in body and "yes" not in body  # the outcome said in that language
