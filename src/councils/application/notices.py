"""Notices: people told when a question opens, is about to close, is decided, or their delegate is recalled.

The transactional outbox. The pipeline writes one notice per notable event into the outbox
*in the ledger's transaction* (`LedgerTransaction.add_notices`), so a notice exists exactly
when the command that caused it committed: none for a refused or rolled-back command, none
lost for a committed one (a crash after the commit leaves it in the outbox for the worker).
A notice names what happened, not who is to hear it: its recipients are those it concerns in
the folded state (the question's roll, the constituency's electors), worked out when the
worker fans it out, among those who chose to receive its kind at an address. Without an SMTP
server nothing is sent, and a notice stays in the outbox, shown on the person's page.

The worker (`Notifier`, run by `councils serve --smtp URL` on a thread of its own) fans
notices out into deliveries, one per recipient, and sends each through a `Sender`; a failure
(the server down, a refusal) is retried with exponential back-off up to `attempts` times.
Reminders that a question is about to close come from the clock, not from a command: the
worker adds them once (their key is unique) when a question's closing time comes within `lead`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import RLock
from typing import Any

from councils.application.authorisation import Forbidden
from councils.application.governance import Governance
from councils.application.notice_drafts import drafts_for
from councils.application.notice_templates import pick_language, render
from councils.application.ports import (
    NOTICE_KINDS,
    Clock,
    Delivery,
    Message,
    Notice,
    NoticeDraft,
    Outbox,
    Preferences,
    Sender,
)
from councils.domain.errors import InvalidCommand
from councils.domain.handlers.nations import autonomy_of
from councils.domain.state import Question, State

log = logging.getLogger("councils.notices")

WORDS = {"opened": "a question opens on a roll you are on",
         "closing": "a question you may vote on is about to close",
         "decided": "the result of a question you could vote on is declared",
         "recalled": "the delegate of your constituency is recalled"}
assert set(WORDS) == set(NOTICE_KINDS)


def closing_time(q: Question) -> datetime | None:
    """When an open question closes on its own, if it has a voting window."""
    raw = getattr(q, "closes_at", None) or q.details.get("closes_at") or q.details.get("closes")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(str(raw))
    except ValueError:
        return None


def concerns(state: State, notice: Notice | NoticeDraft, person: str) -> bool:
    """Whether `notice` is about something `person` takes part in."""
    if notice.kind == "recalled":
        constituency = notice.data.get("constituency", "")
        resident = state.persons.get(person)
        if resident is not None and constituency in state.bodies:
            return resident.council in state.subtree(constituency)
        body = state.bodies.get(notice.data.get("body", ""))
        return resident is not None and body is not None and resident.republic == constituency
    q = state.questions.get(notice.subject)
    return q is not None and person in q.roll


def declared_languages(state: State, body_id: str) -> tuple[str, ...]:
    """The languages the body declares, those its notices may use: its autonomous unit's (if it
    lies in one), then its republic's (else its union's), in their order."""
    body = state.bodies.get(body_id)
    unit = autonomy_of(state, body) if body is not None else None
    found = list(state.nations.languages.get(unit.id, ())) if unit is not None else []
    polity = state.polities.get(body.polity if body is not None else body_id)
    while polity is not None:
        declared = polity.languages or state.nations.languages.get(polity.id, ())
        if declared:
            found += [lang for lang in declared if lang not in found]
            break
        polity = state.polities.get(polity.union or "")
    return tuple(found)


def message(state: State, notice: Notice, base_url: str = "", language: str | None = None) -> Message:
    """The e-mail of a notice (plain text), to be addressed by the caller: in `language` (the
    recipient's choice) if the body declares it, else in the body's first declared language
    (application/notice_templates.py)."""
    def name(ident: str) -> str:
        body = state.bodies.get(ident)
        person = state.persons.get(ident) or state.former.get(ident)
        if body is not None:  # "Assembly of ukraine", the default name, with its republic's name
            polity = state.polities.get(body.polity)
            bare = f" of {body.polity}"
            return (body.name[: -len(bare)] + f" of {polity.name}" if polity is not None
                    and body.name.endswith(bare) else body.name)
        return (person.name or person.id) if person else ident

    link = f"\n\n{base_url.rstrip('/')}/questions/{notice.subject}" if base_url else ""
    q = state.questions.get(notice.subject)
    body_id = notice.data.get("body") or (q.body if q is not None else "")
    lang = pick_language(declared_languages(state, body_id), language)
    texts = (q.details.get("texts") if q is not None else None) or {}
    text = str(texts.get(lang) or notice.data.get("text") or (q.text if q is not None else notice.subject))
    where = name(body_id)
    if notice.kind == "recalled":
        subject, body = render(lang, "recalled", person=name(notice.data["person"]), where=where,
                               constituency=name(notice.data["constituency"]))
        return Message("", subject, body)
    subject, body = render(lang, notice.kind, text=text, where=where,
                           closes=str(notice.data.get("closes")),
                           outcome=", ".join(name(o) for o in str(notice.data.get("outcome")).split(", ")))
    return Message("", subject, body + link)


@dataclass(frozen=True)
class Seen:
    """A notice as a person's page shows it: what it says and what became of its e-mail."""

    notice: Notice
    subject: str
    body: str
    delivery: Delivery | None


RECENT = 5000
"""How many of the latest notices a person's page looks through for theirs."""


def page(state: State, outbox: Outbox, person: str, limit: int = 50) -> list[Seen]:
    """The notices that concern `person` and are of a kind they chose, newest first."""
    prefs = outbox.preferences(person)
    chosen = prefs.kinds
    deliveries = {d.notice: d for d in outbox.deliveries_of(person)}
    found: list[Seen] = []
    last = outbox.last_notice()
    for n in reversed(outbox.notices(max(0, last - RECENT), limit=RECENT)):  # the recent ones
        if n.kind in chosen and concerns(state, n, person):
            m = message(state, n, language=prefs.language)
            found.append(Seen(n, m.subject, m.body, deliveries.get(n.id)))
            if len(found) >= limit:
                break
    return found


class Notifier:
    """Fans notices out to those who chose them, sends them, retries with back-off."""

    def __init__(self, gov: Governance, send: Sender | None, *, lock: RLock | None = None,
                 clock: Clock | None = None, lead: timedelta = timedelta(hours=24),
                 backoff: timedelta = timedelta(seconds=30), most: timedelta = timedelta(hours=1),
                 attempts: int = 8, base_url: str = "") -> None:
        self.gov = gov
        self.outbox = gov.ledger.outbox
        self.send = send
        self.lock = lock or RLock()
        self.clock: Clock = clock or gov.clock
        self.lead, self.backoff, self.most, self.attempts = lead, backoff, most, attempts
        self.base_url = base_url

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def remind(self) -> int:
        """Add a `closing` notice for each open question whose closing time is within `lead`."""
        now = self.clock()
        with self.lock:
            state = self.gov.state
            position = state.position
            soon = [(q, when) for q in state.questions.values() if q.status == "open"
                    and (when := closing_time(q)) is not None and now <= when <= now + self.lead]
            drafts = [NoticeDraft("closing", f"closing:{q.id}", position, q.id, self._now(),
                                  {"body": q.body, "text": q.text, "closes": when.isoformat()})
                      for q, when in soon]
        new = [d for d in drafts if d.key not in self.outbox.notice_keys([d.key for d in drafts])]
        if new:
            self.outbox.add_notices_now(new)
        return len(new)

    def fan_out(self) -> int:
        """Make a delivery for each new notice and each recipient who chose its kind at an address."""
        made = 0
        for n in self.outbox.notices(after=self.outbox.fanned_out()):
            subscribers = self.outbox.subscribers(n.kind)
            with self.lock:
                state = self.gov.state
                recipients = [(p, a) for p, (a, since) in sorted(subscribers.items())
                              if n.id > since and concerns(state, n, p)]
            self.outbox.add_deliveries(n.id, recipients, self._now())
            made += len(recipients)
        return made

    def retry_at(self, attempts: int) -> str:
        """When to try again after `attempts` failures: doubling from `backoff`, at most `most`."""
        wait = min(self.most, self.backoff * (1 << max(0, attempts - 1)))
        return (self.clock() + wait).isoformat(timespec="seconds")

    def deliver(self) -> tuple[int, int]:
        """Send what is due; return (sent, failed this time)."""
        if self.send is None:
            return 0, 0
        sent = failed = 0
        due = self.outbox.due_deliveries(self._now())
        first, last = min((d.notice for d in due), default=0), max((d.notice for d in due), default=0)
        notices = {n.id: n for n in self.outbox.notices(first - 1, limit=last - first + 1)} if due else {}
        languages: dict[str, str | None] = {}
        for d in due:
            if d.person not in languages:
                languages[d.person] = self.outbox.preferences(d.person).language
            with self.lock:
                m = message(self.gov.state, notices[d.notice], self.base_url, languages[d.person])
            try:
                self.send(Message(d.address, m.subject, m.body))
            except Exception as exc:  # the server down, a refusal: try again later
                failed += 1
                tries = d.attempts + 1
                again = self.retry_at(tries) if tries < self.attempts else None
                log.warning("notice %d to %s failed (attempt %d): %s", d.notice, d.address, tries, exc)
                self.outbox.delivery_failed(d.id, f"{type(exc).__name__}: {exc}", again)
                continue
            self.outbox.delivered(d.id, self._now())
            sent += 1
        return sent, failed

    def run_once(self) -> dict[str, int]:
        reminded = self.remind()
        fanned = self.fan_out()
        sent, failed = self.deliver()
        return {"reminded": reminded, "fanned_out": fanned, "sent": sent, "failed": failed}


class NoticeWorker:
    """`Notifier.run_once` on a background thread every `poll` seconds (`councils serve --smtp`)."""

    def __init__(self, notifier: Notifier, poll: float = 5.0) -> None:
        self.notifier = notifier
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="councils-notices", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.notifier.run_once()
            except Exception:  # a database that is away: try again later, never die
                log.exception("the notice worker failed; trying again in %s s", self.poll)
            self._stop.wait(self.poll)


def recipients_of(state: State, notice: Notice, persons: Iterable[str]) -> list[str]:
    """Those of `persons` the notice concerns (for a clerk's view and the tests)."""
    return [p for p in persons if concerns(state, notice, p)]


__all__ = ["NoticeWorker", "Notifier", "Seen", "choose", "closing_time", "concerns", "drafts_for", "message",
           "page", "seen_json"]


OWN_NOTICES = "own notices"
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_ADDRESS = re.compile(r"[^@\s<>,;]{1,64}@[^@\s<>,;]+\.[^@\s<>,;]+")


def choose(outbox: Outbox, person: str | None, address: str | None,
           kinds: Sequence[str], language: str | None = None) -> Preferences:
    """A person chooses what they receive, where (no address: on their page only), and in which
    language (an ISO 639 code; None keeps their earlier choice, "" leaves it to the body)."""
    if person is None:
        raise Forbidden(OWN_NOTICES, "this account is not linked to a registered person, so it "
                                     "receives no notices")
    unknown = [k for k in kinds if k not in NOTICE_KINDS]
    if unknown:
        raise InvalidCommand(f"notices: unknown kind {unknown[0]!r} (kinds: {', '.join(NOTICE_KINDS)})")
    address = (address or "").strip() or None
    if address is not None and (len(address) > 320 or _ADDRESS.fullmatch(address) is None):
        raise InvalidCommand(f"notices: {address[:60]!r} is not an e-mail address (name@example.org)")
    before = outbox.preferences(person)
    tongue = before.language if language is None else language.strip().lower() or None
    if tongue is not None and _LANGUAGE.fullmatch(tongue) is None:
        raise InvalidCommand(f"notices: {tongue[:20]!r} is not a language code (en, ru, uk: ISO 639)")
    since = before.since if address == before.address else outbox.last_notice()
    chosen = Preferences(person, address, tuple(k for k in NOTICE_KINDS if k in kinds), since, tongue)
    outbox.set_preferences(chosen)
    return chosen


def seen_json(seen: Seen) -> dict[str, Any]:
    n, d = seen.notice, seen.delivery
    return {"id": n.id, "kind": n.kind, "subject": seen.subject, "body": seen.body, "at": n.at,
            "question": n.subject, "position": n.position,
            "email": None if d is None else {"to": d.address, "status": d.status,
                                             "attempts": d.attempts, "sent_at": d.sent_at,
                                             "next_attempt": d.next_attempt if d.status == "pending"
                                             else None}}
