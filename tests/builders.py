"""A small world for the rule tests: a union, republics, councils, electors and delegates.

Built only through public commands, so every test also exercises the command language.
"""

from __future__ import annotations

from typing import Any

from councils.application.governance import Governance


class World:
    def __init__(self, gov: Governance) -> None:
        self.gov = gov

    def do(self, cmd: str, **fields: Any) -> Any:
        return self.gov.handle({"cmd": cmd, **fields})

    def union(self, union: str = "union", constitution: str = "ussr-1924") -> World:
        self.do("found_union", union=union, name=union.capitalize(), constitution=constitution)
        return self

    def republic(self, republic: str, constitution: str = "rsfsr-1918", council: str = "town",
                 electors: int = 3, kind: str = "town") -> World:
        self.do("found_republic", republic=republic, name=republic.capitalize(),
                constitution=constitution)
        self.council(republic, council, kind)
        for i in range(electors):
            self.person(f"{republic}-{i}", f"{republic}/{council}")
        return self

    def council(self, republic: str, name: str, kind: str = "town", within: str | None = None) -> str:
        fields: dict[str, Any] = {"council": f"{republic}/{name}", "republic": republic, "kind": kind}
        if within:
            fields["within"] = within
        self.do("create_council", **fields)
        return f"{republic}/{name}"

    def person(self, person: str, council: str, social_class: str = "worker", born: int = 1990) -> str:
        self.do("register_person", person=person, council=council, nationality="n",
                born=born, **{"class": social_class})
        return person

    def vote(self, question: str, voters: list[str], **ballot: Any) -> None:
        for voter in voters:
            self.do("cast_ballot", question=question, voter=voter, **ballot)

    def decide(self, question: str, body: str, kind: str, voters: list[str], choice: str = "yes",
               **fields: Any) -> Any:
        """Open a yes/no question, have `voters` choose, close it; return the decided question.

        A recall is opened the only way it can be (R8): by a petition the voters sign.
        """
        if kind == "recall":
            self.recall_petition(question, body, fields["delegate"], voters)
        else:
            self.do("open_question", question=question, body=body, kind=kind, text=question, **fields)
        self.vote(question, voters, choice=choice)
        self.do("close_question", question=question)
        return self.gov.state.questions[question]

    def recall_petition(self, question: str, body: str, delegate: str, signers: list[str]) -> None:
        """A petition to recall `delegate`, signed by `signers` in turn until it opens the recall."""
        self.do("start_petition", petition=question, kind="recall", body=body, delegate=delegate,
                text=question)
        for signer in signers:
            self.do("sign_petition", petition=question, person=signer)
            if self.gov.state.petitions[question].status != "open":
                return

    def elect(self, question: str, body: str, to: str, winner: str, voters: list[str]) -> None:
        self.do("open_question", question=question, body=body, kind="election", text=question,
                to=to, options=[winner])
        self.vote(question, voters, ranking=[winner])
        self.do("close_question", question=question)

    def member(self, republic: str, union: str = "union", electors: int = 3) -> World:
        """A republic with a seated congress delegate that has joined the union by its own decision."""
        self.republic(republic, electors=electors)
        voters = [f"{republic}-{i}" for i in range(electors)]
        self.elect(f"{republic}-seat", f"{republic}/town", f"{republic}/congress", f"{republic}-0", voters)
        self.decide(f"{republic}-joins", f"{republic}/congress", "accession", [f"{republic}-0"],
                    union=union)
        return self

    def union_delegate(self, republic: str, union: str = "union") -> None:
        self.elect(f"{republic}-to-union", f"{republic}/congress", f"{union}/congress",
                   f"{republic}-0", [f"{republic}-0"])
