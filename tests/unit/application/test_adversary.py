"""An adversary: commands of every kind, valid and invalid, in random order, and the rules still hold.

A Hypothesis state machine drives one Governance on the memory ledger. It founds a union
and republics, registers people (some of classes the franchise excludes, some mistyped),
elects delegates, opens questions of every kind in any body with any method and options,
casts ballots as anyone, closes, recalls, secedes, joins and amends. After every step it
checks what no sequence of commands may break:

- a refused command changed nothing;
- every binding yes/no decision met its kind's quorum on its roll, by a method its
  constitution allowed;
- every ballot came from someone on the roll who, in a body of delegates, held the seat
  when it was cast (checked by folding the ledger event by event);
- no decision binds a republic other than its own, except a union's under a reserved competence;
- a republic joins or leaves only by its own congress's decision (and, to join, an
  admission where the union's constitution asks for one);
- replay gives the live state, and the ledger verifies.

`make test` runs it with a bounded number of examples; before a release run it longer:
`COUNCILS_ADVERSARY_EXAMPLES=1000 COUNCILS_ADVERSARY_STEPS=80 pytest tests/unit/application/test_adversary.py`.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from councils.application.governance import Governance
from councils.application.pipeline import Applied
from councils.bootstrap import MEMORY_URL, governance
from councils.constitution.schema import YES_NO_KINDS
from councils.domain.errors import DomainError
from councils.domain.state import State
from tests.conftest import FixedClock

REPUBLICS = ("ra", "rb", "rc")
CLASSES = ("worker", "peasant", "soldier", "employer", "trader", "wroker")
KINDS = ("motion", "law", "election", "recall", "secession", "accession", "admission", "amendment")
METHODS = (None, "majority", "plurality", "approval", "irv", "stv")
COMPETENCES = (None, "budget", "external_relations", "frontiers", "schools", "secession")
CHOICES = ("yes", "no", "abstain", "other")


class Adversary(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock()
        self.gov: Governance = governance(MEMORY_URL, clock=self.clock)
        self.people: list[str] = []
        self.questions: list[str] = []
        self.opened_methods: dict[str, tuple[str, ...]] = {}  # question -> the methods allowed then
        self.n = 0

    def do(self, command: dict[str, Any]) -> Applied | None:
        """Apply, or check that the refusal changed nothing."""
        before = self.gov.ledger.head()
        try:
            return self.gov.handle(command)
        except DomainError:
            assert self.gov.ledger.head() == before, f"a refused command changed the ledger: {command}"
            return None

    @initialize()
    def found(self) -> None:
        self.do({"cmd": "found_union", "union": "u", "name": "U", "constitution": "ussr-1924"})
        for r in REPUBLICS:
            self.do({"cmd": "found_republic", "republic": r, "name": r, "constitution": "rsfsr-1918"})
            self.do({"cmd": "create_council", "council": f"{r}/town", "republic": r, "kind": "town"})
            for _ in range(3):
                self.register(r, "worker")
        self.do({"cmd": "convene_assembly", "assembly": "ra/assembly", "republic": "ra"})

    # --- actions -------------------------------------------------------------------------

    @rule(republic=st.sampled_from(REPUBLICS), social_class=st.sampled_from(CLASSES))
    def register(self, republic: str, social_class: str) -> None:
        self.n += 1
        person = f"{republic}-p{self.n}"
        if self.do({"cmd": "register_person", "person": person, "council": f"{republic}/town",
                    "nationality": "n", "class": social_class, "born": 1990}):
            self.people.append(person)

    @rule(data=st.data(), kind=st.sampled_from(KINDS), method=st.sampled_from(METHODS),
          competence=st.sampled_from(COMPETENCES), with_options=st.booleans())
    def open_question(self, data: st.DataObject, kind: str, method: str | None, competence: str | None,
                      with_options: bool) -> None:
        state = self.gov.state
        body = data.draw(st.sampled_from(sorted(state.bodies)), label="body")
        self.n += 1
        question = f"q{self.n}"
        command: dict[str, Any] = {"cmd": "open_question", "question": question, "body": body,
                                   "kind": kind, "text": question}
        if method is not None:
            command["method"] = method
        if competence is not None:
            command["competence"] = competence
            command["target"] = data.draw(st.sampled_from([*REPUBLICS, "u"]), label="target")
        if kind == "election":
            command["to"] = data.draw(st.sampled_from(sorted(state.bodies)), label="to")
            command["options"] = data.draw(st.lists(st.sampled_from(self.people or ["nobody"]),
                                                    min_size=1, max_size=3, unique=True), label="candidates")
        elif with_options:
            command["options"] = data.draw(st.sampled_from([["yes", "no"], ["a", "b"], ["yes", "no", "x"]]))
        if kind == "recall":
            command["delegate"] = data.draw(st.sampled_from(self.people or ["nobody"]), label="delegate")
        if kind in ("accession", "admission"):
            command["union"] = "u"
            command["republic"] = data.draw(st.sampled_from(REPUBLICS), label="republic")
        if kind == "amendment":
            if data.draw(st.booleans(), label="consent"):
                command["union"] = "u"
            else:
                command["amend"] = data.draw(st.sampled_from(
                    [{"secession.notice_days": 30}, {"franchise.min_age": 16}]), label="amend")
        polity = state.polities[state.bodies[body].polity]
        allowed = polity.constitution.rule_for(kind).allowed
        if self.do(command):
            self.questions.append(question)
            self.opened_methods[question] = allowed

    @rule(data=st.data(), choice=st.sampled_from(CHOICES))
    def cast(self, data: st.DataObject, choice: str) -> None:
        if not self.questions or not self.people:
            return
        question = data.draw(st.sampled_from(self.questions), label="question")
        voter = data.draw(st.sampled_from(self.people), label="voter")
        q = self.gov.state.questions[question]
        if q.method in ("irv", "stv"):
            ballot: dict[str, Any] = {"ranking": list(q.options[:2])}
        elif q.method == "approval":
            ballot = {"approve": [q.options[0]]}
        else:
            ballot = {"choice": q.options[0] if choice == "other" else choice}
        self.do({"cmd": "cast_ballot", "question": question, "voter": voter, **ballot})

    @rule(data=st.data())
    def close(self, data: st.DataObject) -> None:
        if self.questions:
            self.do({"cmd": "close_question", "question": data.draw(st.sampled_from(self.questions))})

    @rule(data=st.data(), kind=st.sampled_from(("recall", "initiative", "congress")))
    def petition(self, data: st.DataObject, kind: str) -> None:
        """Petitions of every kind, signed by anyone (issue 15): signatures only from the list."""
        state = self.gov.state
        self.n += 1
        petition = f"p{self.n}"
        command: dict[str, Any] = {"cmd": "start_petition", "petition": petition, "kind": kind,
                                   "text": petition, "question": f"q{self.n}"}
        if kind == "congress":
            command["union"] = "u"
        else:
            command["body"] = data.draw(st.sampled_from(sorted(state.bodies)), label="petition body")
        if kind == "recall":
            command["delegate"] = data.draw(st.sampled_from(self.people or ["nobody"]), label="delegate")
        self.do(command)
        for _ in range(data.draw(st.integers(0, 4), label="signatures")):
            signer = data.draw(st.sampled_from([*self.people, *REPUBLICS] or ["nobody"]), label="signer")
            key = "republic" if signer in REPUBLICS else "person"
            self.do({"cmd": "sign_petition", "petition": petition, key: signer})
        if f"q{self.n}" in self.gov.state.questions:  # opened when the signatures were reached
            self.questions.append(f"q{self.n}")
            self.opened_methods[f"q{self.n}"] = ("majority",)

    @rule(data=st.data(), cmd=st.sampled_from(("move_resident", "change_class", "record_departure",
                                               "deprive_rights", "restore_rights")))
    def keep_register(self, data: st.DataObject, cmd: str) -> None:
        """The living register (issue 15): moves, classes, departures, rights, on anyone."""
        if not self.people:
            return
        person = data.draw(st.sampled_from(self.people), label="resident")
        command: dict[str, Any] = {"cmd": cmd, "person": person}
        if cmd == "move_resident":
            command["council"] = f"{data.draw(st.sampled_from(REPUBLICS), label='to')}/town"
        elif cmd == "change_class":
            command["class"] = data.draw(st.sampled_from(CLASSES), label="class")
        elif cmd == "record_departure":
            command["reason"] = "left"
        else:
            command.update(decision="a decision", decided="2026-01-01")
            if cmd == "deprive_rights":
                command["ground"] = "sentence"
        self.do(command)
        pending = self.gov.state.moving.get(person)
        if pending is not None and data.draw(st.booleans(), label="received"):
            self.do({"cmd": "receive_resident", "person": person, "council": pending["council"]})

    @rule(days=st.integers(0, 120))
    def time_passes(self, days: int) -> None:
        from datetime import timedelta

        self.clock.now += timedelta(days=days)
        self.gov.tick()

    # --- what must always hold -------------------------------------------------------------

    @invariant()
    def binding_decisions_met_their_kinds_rules(self) -> None:
        for q in self.gov.state.questions.values():
            if q.status != "decided" or not q.binding or q.outcome == "no quorum":
                continue
            assert q.method in self.opened_methods.get(q.id, (q.method,)), (q.id, q.method)
            if q.kind in YES_NO_KINDS:
                assert q.method == "majority", (q.id, q.method)
                assert set(q.options) <= {"yes", "no", "abstain"}, (q.id, q.options)
            assert len(q.voted) >= Fraction(q.quorum) * len(q.roll), (q.id, len(q.voted), q.quorum)

    @invariant()
    def the_ledger_replays_every_rule(self) -> None:
        """Fold the ledger event by event, checking each ballot and membership change as it came."""
        state = State()
        for r in self.gov.ledger.read():
            e, d = r.event, r.event.data
            if e.type in ("BallotCast", "VoterParticipated"):
                q = state.questions[d["question"]]
                assert d["voter"] in q.roll, (d, "not on the roll")
                body = state.bodies[q.body]
                if body.kind in ("congress", "chamber"):
                    assert any(s.person == d["voter"] for s in body.seats), (d, "no seat when cast")
            elif e.type == "RepublicJoined":
                q = state.questions[d["question"]]
                assert (q.kind, q.polity) in (("accession", d["republic"]), ("admission", d["union"])), d
                assert d["union"] in state.polities[d["republic"]].accession_decided or q.kind == "accession"
            elif e.type in ("RepublicSeceded", "SecessionDecided"):
                q = state.questions[d["question"]]
                assert (q.kind, q.polity, state.bodies[q.body].kind) == ("secession", d["republic"], "congress")
            elif e.type == "QuestionDecided" and d["binding"]:
                q = state.questions[d["question"]]
                target = q.detail("target")
                if target is not None and target != q.polity:
                    polity = state.polities[q.polity]
                    assert polity.kind == "union", (q.id, "binds another republic")
                    assert q.detail("competence") in polity.constitution.union.competences, q.id
            state.apply(e)

    @invariant()
    def replay_equals_the_live_state_and_the_ledger_verifies(self) -> None:
        live = self.gov.snapshot()
        fresh = Governance(self.gov.ledger, clock=self.clock)
        assert fresh.snapshot() == live
        assert self.gov.ledger.verify().ok


Adversary.TestCase.settings = settings(
    max_examples=int(os.environ.get("COUNCILS_ADVERSARY_EXAMPLES", "25")),
    stateful_step_count=int(os.environ.get("COUNCILS_ADVERSARY_STEPS", "30")),
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_the_rules_hold_against_an_adversary = Adversary.TestCase
