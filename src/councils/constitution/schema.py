"""The constitution as frozen dataclasses.

A constitution is data, not code: every rule the engine enforces reads its numbers
from here, so a federation can run under the 1918 or 1924 texts, or its own, without
touching the engine. Three rules (R3, R4, R5) are not parameters at all: the schema
simply has no switch for them, and the validator refuses a file that tries to add one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

QUESTION_KINDS = (
    "motion",
    "law",
    "election",
    "recall",
    "secession",
    "accession",
    "admission",
    "amendment",
    "poll",  # an advisory poll among options: never binding, so Borda may count it
)
POLL_METHODS = ("borda", "plurality", "approval", "schulze", "ranked_pairs", "irv")
"""The methods a poll may choose among where the constitution names none (Borda its default)."""
COUNCIL_KINDS = ("town", "village", "workplace", "district", "province", "region", "volost")
DEFAULT_COUNCIL_KINDS = COUNCIL_KINDS[:5]
"""A constitution that declares no `kinds` has these; the region (oblast) and volost levels of the
RSFSR 1918 pyramid (Art. 53 (a), (d)) only where a constitution declares them."""
CLASSES = (
    "worker",
    "peasant",
    "soldier",
    "houseworker",
    "invalid",
    "employer",
    "rentier",
    "trader",
    "clergy",
    "former_police",
)
THRESHOLDS = ("simple", "absolute", "two_thirds")
METHODS = ("majority", "plurality", "approval", "irv", "stv", "schulze", "ranked_pairs", "borda")
BASES = ("electors", "inhabitants", "members")
"""What a ratio counts: a council's electors, its inhabitants, or the members of the soviet (RSFSR
1918 Art. 53(d): a volost congress, 1 per 10 members of each village soviet; domain/apportionment.py)."""
# Competences that can never be reserved to a union: membership belongs to each republic.
NEVER_RESERVED = ("secession", "membership")


@dataclass(frozen=True)
class Franchise:
    """R1: who votes in, and may be elected to, councils."""

    enfranchised: tuple[str, ...]
    excluded: tuple[str, ...]
    min_age: int

    def is_elector(self, social_class: str, age: int) -> bool:
        return (
            social_class in self.enfranchised
            and social_class not in self.excluded
            and age >= self.min_age
        )


@dataclass(frozen=True)
class ApportionmentRule:
    """R7: one delegate per `per` units of `basis` in a body of kind `source`."""

    source: str  # a council kind, or "republic" for a member republic sending to a union
    basis: str  # electors | inhabitants
    per: int
    minimum: int = 1
    cap: int | None = None
    verified: bool = True
    article: str = ""  # the text it cites (shown beside the seats it gives: the pyramid, issue 12)

    def seats(self, electors: int, inhabitants: int, members: int = 0) -> int:
        amount = {"electors": electors, "inhabitants": inhabitants}.get(self.basis, members)
        seats = max(self.minimum, amount // self.per)
        return min(seats, self.cap) if self.cap is not None else seats


YES_NO_KINDS = ("motion", "law", "recall", "secession", "accession", "admission", "amendment")


@dataclass(frozen=True)
class QuestionRule:
    """How one kind of question is decided.

    `methods` are the methods a question of this kind may choose among (its default
    `method` first); a question can never escape the kind's threshold and quorum by
    choosing another, since the kinds decided yes or no are decided by majority only.

    A question may carry a voting window (an opening and a closing time, or a
    duration). `min_window_hours` and `max_window_hours` bound its length (None: no
    bound); `close_early` says whether a clerk may close it before its closing time
    (everyone on the roll having voted, it may always be closed). A question opened
    without a window is closed by a clerk, as before (domain/handlers/windows.py).
    """

    method: str
    threshold: str = "simple"
    quorum: Fraction = Fraction(0)
    methods: tuple[str, ...] = ()
    min_window_hours: int | None = None
    max_window_hours: int | None = None
    close_early: bool = True

    @property
    def allowed(self) -> tuple[str, ...]:
        if self.methods:
            return self.methods
        return (self.method, "irv") if self.method == "stv" else (self.method,)


DEFAULT_PUBLISH_MINIMUM = 3
"""Fewer secret ballots than this, and a question publishes its totals but not its ballots
one by one (`[ballots] publish_minimum_turnout`): an engine choice, the texts of 1918 and
1924 knowing no secret ballot. Three is the least number at which a voter who knows their
own ballot cannot read off another single voter's from the published list: with one
ballot it is its voter's; with two, each voter learns the other's. A ranking or an
approval says more than the count's totals (the full order, not only the first
preference or the sum), so what is withheld is what the totals do not already tell.
What the totals themselves tell (a unanimous vote) no rule of publication can hide."""


PETITION_KINDS = ("recall", "initiative", "congress", "proposal")
DEFAULT_PETITION_SHARE = Fraction(1, 10)
"""The share of electors a recall or an initiative needs where a constitution names none: an
engine choice (no text of 1918 or 1924 states one), so that no single elector opens a recall."""


@dataclass(frozen=True)
class PetitionRule:
    """Who must sign a petition before it has its effect (a recall opened, a law put, a congress
    called): a `share` of the electors (or, for a congress, of the member republics), or a
    number of member `republics` (USSR 1924 Art. 11: on the demand of two union republics)."""

    share: Fraction = DEFAULT_PETITION_SHARE
    republics: int | None = None
    verified: bool = True

    def needed(self, eligible: int) -> int:
        """Signatures needed out of `eligible` signers: the share rounded up, at least one."""
        if self.republics is not None:
            return self.republics
        return max(1, -(-eligible * self.share.numerator // self.share.denominator))


@dataclass(frozen=True)
class SecessionRule:
    """R3: the only parameter of separation is how long the notice is."""

    notice_days: int = 0


@dataclass(frozen=True)
class AccessionRule:
    """R5: admission is open to every republic that decides to join, a union vote, or a treaty of
    accession that the union's and the republic's congresses each ratify (issue 12 item 5)."""

    admission: str = "vote"  # open | vote | treaty


@dataclass(frozen=True)
class SecondChamber:
    """A chamber of the nations (USSR 1924 Art. 15): equal representation per member republic,
    and per autonomous republic and autonomous region within the members (issue 12)."""

    name: str
    seats_per_republic: int
    seats_per_autonomous_republic: int = 0
    seats_per_autonomous_region: int = 0


@dataclass(frozen=True)
class UnionRule:
    competences: tuple[str, ...] = ()
    second_chamber: SecondChamber | None = None


@dataclass(frozen=True)
class Constitution:
    name: str
    title: str
    franchise: Franchise
    council_kinds: tuple[str, ...]
    # apportionment per target level: "republic_congress", "union_congress"
    apportionment: dict[str, tuple[ApportionmentRule, ...]]
    questions: dict[str, QuestionRule]
    secession: SecessionRule = field(default_factory=SecessionRule)
    accession: AccessionRule = field(default_factory=AccessionRule)
    union: UnionRule = field(default_factory=UnionRule)
    secret_ballot_in: tuple[str, ...] = ("council", "assembly")
    publish_minimum_turnout: int = DEFAULT_PUBLISH_MINIMUM  # see DEFAULT_PUBLISH_MINIMUM
    # Encrypted questions (domain/handlers/encrypted.py): how many of a question's tellers must
    # take part to decrypt its tally (None: the engine's choice, every teller), and whether an
    # elector may cast again, the later ballot replacing the earlier (a coerced voter's remedy).
    tellers_needed: int | None = None
    revote: bool = False
    petitions: dict[str, PetitionRule] = field(default_factory=dict)
    # The most delegates a congress of the pyramid seats in all, per level (RSFSR 1918 Art. 53:
    # a regional congress at most 500, a gubernia's and an uyezd's at most 300).
    congress_caps: dict[str, int] = field(default_factory=dict)

    def petition_rule(self, kind: str) -> PetitionRule:
        """The declared rule, or the engine's default share (`DEFAULT_PETITION_SHARE`)."""
        return self.petitions.get(kind, PetitionRule())

    def rule_for(self, kind: str) -> QuestionRule:
        return self.questions.get(kind, QuestionRule(method="majority"))

    def apportionment_rule(self, level: str, source: str) -> ApportionmentRule | None:
        for rule in self.apportionment.get(level, ()):
            if rule.source == source:
                return rule
        return None
