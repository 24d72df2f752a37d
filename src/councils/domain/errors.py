"""The two ways a command fails: it breaks a rule, or it is not a well-formed command.

Both change nothing. A refusal names the rule, so the clerk reading it learns *why*
the constitution forbids the act, not just that something went wrong.
"""

from __future__ import annotations

from enum import Enum


class Rule(Enum):
    R1 = "R1 franchise"
    R2 = "R2 councils over assemblies"
    R3 = "R3 right of separation"
    R4 = "R4 separation belongs to the labouring classes"
    R5 = "R5 voluntary union"
    R6 = "R6 no rule over another people"
    R7 = "R7 apportionment"
    R8 = "R8 recall"
    R9 = "R9 secession carries its records"
    R10 = "R10 entrenchment"


class DomainError(Exception):
    """Root of every error a command can meet; nothing was applied."""

    label = "refused"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


class Refused(DomainError):
    """The command is well formed but a rule of the engine or the constitution forbids it."""

    def __init__(self, rule: Rule | str, reason: str) -> None:
        self.rule = rule
        super().__init__(reason)

    @property
    def rule_name(self) -> str:
        return self.rule.value if isinstance(self.rule, Rule) else self.rule

    def __str__(self) -> str:
        return f"refused ({self.rule_name}): {self.reason}"


class InvalidCommand(DomainError):
    """The command is malformed: a missing or unknown field, a wrong type or value."""

    label = "invalid command"


class NotFound(Refused):
    """The command names something that does not exist."""

    def __init__(self, what: str, ident: str) -> None:
        super().__init__("unknown", f"no {what} {ident!r}")
        self.what = what
        self.ident = ident


class Conflict(DomainError):
    """Another writer appended first; the command can be retried on the new state."""

    label = "conflict"
