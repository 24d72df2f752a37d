"""Who may vote on a question (its roll) and who has (its turnout), in memory that stays flat.

A question's roll is fixed when it opens, and the state keeps, per question, who has
voted, since that is what the next ballot is checked against (one elector, one vote).
Held as Python sets of voter ids, both grow with the ledger: a union that replays ten
million ballots would hold ten million strings. Here a `Roll` numbers its electors
once, and questions of the same body opened on the same electorate share one `Roll`
(a council usually opens many questions between two registrations); a `Turnout` is
one bit per elector on the roll. A ballot then costs no memory at all, and a roll
costs one entry per elector however many questions use it.

Both behave as read-only sets (`in`, `len`, iteration, comparison with sets), which
is all the rules and queries ask of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Set


class Roll(Set[str]):
    """The electors of a question, in the order the roll listed them, each with a number."""

    __slots__ = ("_number",)

    def __init__(self, electors: Iterable[str] = ()) -> None:
        self._number: dict[str, int] = {}
        for person in electors:
            self._number.setdefault(person, len(self._number))

    def __contains__(self, person: object) -> bool:
        return person in self._number

    def __len__(self) -> int:
        return len(self._number)

    def __iter__(self) -> Iterator[str]:
        return iter(self._number)

    def __repr__(self) -> str:
        return f"Roll({len(self._number)} electors)"

    def number(self, person: str) -> int | None:
        """The elector's place on the roll, or None for someone not on it."""
        return self._number.get(person)

    def lists(self, electors: Sequence[str]) -> bool:
        """Whether this roll was built from exactly `electors`, in that order (so it can be shared)."""
        return len(electors) == len(self._number) and all(
            a == b for a, b in zip(self._number, electors, strict=False))


class Turnout(Set[str]):
    """Who has voted on a question: one bit per elector on its roll.

    Someone not on the roll cannot vote (R1), but a state folded from an imported
    archive records what the archive says; such a voter is kept in a small set
    beside the bits rather than lost.
    """

    __slots__ = ("_bits", "_count", "_others", "_roll")

    def __init__(self, roll: Roll) -> None:
        self._roll = roll
        self._bits = bytearray((len(roll) + 7) // 8)
        self._count = 0
        self._others: set[str] | None = None

    def add(self, person: str) -> None:
        n = self._roll._number.get(person)  # `Roll.number`, inlined: once per ballot of a replay
        if n is None:
            if self._others is None:
                self._others = set()
            self._others.add(person)
            return
        byte, bit = n >> 3, 1 << (n & 7)
        if not self._bits[byte] & bit:
            self._bits[byte] |= bit
            self._count += 1

    def discard(self, person: str) -> None:
        """Take back a participation (a transaction that did not commit; see `State.unapply`)."""
        n = self._roll._number.get(person)
        if n is None:
            if self._others is not None:
                self._others.discard(person)
            return
        byte, bit = n >> 3, 1 << (n & 7)
        if self._bits[byte] & bit:
            self._bits[byte] &= ~bit & 0xFF
            self._count -= 1

    def __contains__(self, person: object) -> bool:
        if not isinstance(person, str):
            return False
        n = self._roll.number(person)
        if n is None:
            return self._others is not None and person in self._others
        return bool(self._bits[n >> 3] & (1 << (n & 7)))

    def __len__(self) -> int:
        return self._count + (len(self._others) if self._others else 0)

    def __iter__(self) -> Iterator[str]:
        bits = self._bits
        for n, person in enumerate(self._roll):
            if bits[n >> 3] & (1 << (n & 7)):
                yield person
        if self._others:
            yield from self._others

    def __repr__(self) -> str:
        return f"Turnout({len(self)} of {len(self._roll)})"
