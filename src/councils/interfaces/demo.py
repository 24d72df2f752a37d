"""`councils demo`: run the worked cases, narrating each step and checking what it claims.

The example files are ordinary command files; three kinds of comment make them a
script: plain comments are narration, `# expect: refused (Rn` marks the next command
as one the rules must refuse, and `# check: path = json` asserts something of the
projected state, so the demo fails loudly if the engine stops doing what the chapter says.
Case (l) adds steps that are no command (`_Run.clockwork`): `# choose:` (a person's notice
choice), `# worker:` (the notice worker's pass), `# tick: +2m` (the scheduler's tick as at
two minutes from now) and `# notices:` (a person's notices page).
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console

from councils.application.archives import export, import_archive
from councils.application.governance import Governance
from councils.bootstrap import governance
from councils.domain.errors import DomainError

CASES = (
    "0-history-1918-1924.jsonl",  # first: dated history is recorded before anything dated now
    "h-voting-window.jsonl",  # dated October 2026: after the history, before anything dated now
    "00-founding.jsonl",
    "a-out-of-the-way-corner.jsonl",
    "b-union-cannot-keep-by-force.jsonl",
    "c-republic-separates.jsonl",
    "d-republic-joins.jsonl",
    "e-recall.jsonl",
    "f-excluded-class.jsonl",
    "g-a-nation-separates.jsonl",
    "i-proposal-amended.jsonl",  # issue 15: a proposal on the agenda, amended, decided
    "j-territory.jsonl",  # issue 16: schematic outlines of the republics and councils, for the map
    "k-congress-pyramid.jsonl",  # issue 12: every level of the RSFSR 1918 pyramid, and a recall below
    "l-window-notices.jsonl",  # issue 15: a window closed by the scheduler's tick, and its notices (last: see tick)
)


def example_files() -> list[tuple[str, str]]:
    folder = resources.files("councils") / "examples"
    return [(name, folder.joinpath(name).read_text("utf-8")) for name in CASES]


def lookup(snapshot: dict[str, Any], path: str) -> Any:
    node: Any = snapshot
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class _Run:
    def __init__(self, gov: Governance, console: Console, quiet: bool) -> None:
        self.gov, self.console, self.quiet = gov, console, quiet
        self.failures: list[str] = []
        self.applied = self.refused = 0

    def say(self, text: str, style: str = "") -> None:
        if not self.quiet:
            self.console.print(text, style=style, markup=False, soft_wrap=True)

    def command(self, where: str, raw: dict[str, Any], expect: str | None) -> None:
        try:
            self.gov.handle(raw)
        except DomainError as exc:
            self.refused += 1
            if expect and str(exc).startswith(expect):
                self.say(f"    refused as the rules require: {exc}", "yellow")
            else:
                self.failures.append(f"{where}: {exc}")
                self.say(f"    UNEXPECTED: {exc}", "bold red")
            return
        self.applied += 1
        if expect:
            self.failures.append(f"{where}: expected {expect}..., but it was accepted")
            self.say(f"    UNEXPECTED: accepted, but the rules should refuse it ({expect})", "bold red")
        elif raw["cmd"] == "close_question":
            q = self.gov.state.questions[raw["question"]]
            binding = "binding" if q.binding else f"not binding ({q.advisory or 'overridden'})"
            self.say(f"    {q.id}: {q.outcome} ({len(q.voted)} of {len(q.roll)} voted; {binding})", "green")

    def check(self, where: str, claim: str) -> None:
        path, _, expected = claim.partition("=")
        actual = lookup(self.gov.snapshot(), path.strip())
        wanted = json.loads(expected)
        if actual == wanted:
            self.say(f"    checked: {path.strip()} is {expected.strip()}", "dim")
        else:
            self.failures.append(f"{where}: {path.strip()} is {actual!r}, expected {wanted!r}")
            self.say(f"    CHECK FAILED: {path.strip()} is {actual!r}, expected {wanted!r}", "bold red")

    def export(self, republic: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            archive_path = Path(tmp) / f"{republic}.archive.jsonl"
            archive = export(self.gov, republic, archive_path)
            self.say(f"    exported {len(archive.events)} events of {republic} (digest {archive.digest[:16]}...)")
            other = governance(f"sqlite:///{tmp}/{republic}.db")
            import_archive(other, archive_path)
            rep = other.state.polities[republic]
            councils = sum(1 for b in other.state.bodies.values() if b.polity == republic and b.kind == "council")
            residents = sum(1 for p in other.state.persons.values() if p.republic == republic)
            verified = other.ledger.verify()
            other.ledger.dispose()
            if rep.union is not None or not verified.ok:
                self.failures.append(f"export of {republic}: the imported republic is not independent")
            self.say(f"    imported into a new ledger: {republic} is independent, with {councils} council(s) and "
                     f"{residents} resident(s), {len(rep.timeline)} membership events in its history, ledger ok",
                     "green")


    def clockwork(self, where: str, line: str) -> None:
        """The steps of case (l) that are no command: a person choosing notices, the notice
        worker's pass, the scheduler's tick, a person's notices page.

        `# tick: +2m` is the scheduler's tick as at that much later than now: the demo moves its
        clock rather than wait for a window to close (the pipeline's tick takes the time). What it
        records is dated then, slightly ahead of the wall clock, so the case runs last.
        """
        from councils.application.notices import Notifier, choose, page
        from councils.application.ports import NOTICE_KINDS

        step, _, rest = line.partition(":")
        args = rest.split()
        outbox = self.gov.ledger.outbox
        try:
            if step == "choose":  # choose: PERSON [ADDRESS] [KIND...]
                address = args[1] if len(args) > 1 and "@" in args[1] else None
                kinds = [k for k in args[1:] if k in NOTICE_KINDS] or list(NOTICE_KINDS)
                prefs = choose(outbox, args[0], address, kinds)
                self.say(f"    {args[0]} receives {', '.join(prefs.kinds)} at {prefs.address or 'their page only'}")
            elif step == "worker":  # one pass without an SMTP server: reminders, fan-out; nothing sent
                done = Notifier(self.gov, None).run_once()
                self.say(f"    notice worker: {done['reminded']} reminder(s) added, {done['fanned_out']} "
                         "e-mail(s) waiting for an SMTP server")
            elif step == "tick":  # tick: +Nm, the scheduler's tick as at N minutes from now
                later = self.gov.clock() + timedelta(minutes=int(args[0].strip("+m")))
                for r in self.gov.pipeline.tick(later):
                    if r.event.type == "QuestionDecided":
                        q = self.gov.state.questions[r.event.data["question"]]
                        self.say(f"    the scheduler closed {q.id} at {r.event.at} (its closing time "
                                 f"{q.details.get('closes_at')}): {q.outcome} ({len(q.voted)} of "
                                 f"{len(q.roll)} voted)", "green")
            elif step == "notices":  # notices: PERSON [QUESTION], their page newest first
                for seen in page(self.gov.state, outbox, args[0]):
                    if len(args) > 1 and seen.notice.subject != args[1]:
                        continue
                    self.say(f"    {seen.notice.at}  {seen.subject}"
                             + (f"  [e-mail {seen.delivery.status}]" if seen.delivery else ""))
        except (DomainError, IndexError, ValueError) as exc:
            self.failures.append(f"{where}: {exc}")
            self.say(f"    UNEXPECTED: {exc}", "bold red")


def run_demo(gov: Governance, console: Console, quiet: bool = False) -> bool:
    run = _Run(gov, console, quiet)
    for name, text in example_files():
        run.say(f"\n== {name}", "bold")
        expect: str | None = None
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{name}:{number}"
            line = line.strip()
            if not line:
                continue
            if line.startswith("# expect:"):
                expect = line.removeprefix("# expect:").strip()
            elif line.startswith("# check:"):
                run.check(where, line.removeprefix("# check:"))
            elif line.startswith("# export:"):
                run.export(line.removeprefix("# export:").strip())
            elif line.startswith(("# choose:", "# worker:", "# tick:", "# notices:")):
                run.clockwork(where, line.removeprefix("#").strip())
            elif line.startswith("#"):
                run.say(line.removeprefix("#").strip())
            else:
                run.command(where, json.loads(line), expect)
                expect = None
    verified = gov.ledger.verify()
    console.print(f"\n{run.applied} commands applied, {run.refused} refused as the rules require; "
                  f"ledger {'ok' if verified.ok else 'BROKEN'}: {verified.events} events, "
                  f"head {verified.head_hash[:16]}...")
    for failure in run.failures:
        console.print(f"failed: {failure}", style="bold red", markup=False)
    return verified.ok and not run.failures
