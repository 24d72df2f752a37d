"""The command language of DESIGN.md: JSON objects in, typed frozen commands out.

Parsing is strict, because a governance record must not silently drop a misspelt
field: an unknown key is an error that suggests the key that was probably meant.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar, get_type_hints

from councils.domain.errors import InvalidCommand
from councils.domain.vocabulary import check_text, check_value, field_pattern

COUNCIL_KINDS = ("town", "village", "workplace", "district", "province", "region", "volost")
QUESTION_KINDS = ("motion", "law", "election", "recall", "secession", "accession", "admission", "amendment",
                  "poll")  # poll: an advisory poll, never binding (handlers/closing.py)
METHODS = ("majority", "plurality", "approval", "irv", "stv", "schulze", "ranked_pairs", "borda")
PETITION_KINDS = ("recall", "initiative", "congress", "proposal")
GROUNDS = ("insanity", "guardianship", "sentence")  # RSFSR 1918 Art. 65 (f), (g): domain/residents.py
DEPARTURES = ("died", "left")


@dataclass(frozen=True)
class Command:
    name: ClassVar[str]
    # Any command may say when it took effect (ISO 8601), never before the last recorded event;
    # keyword-only, so it follows every command's own fields (handlers/dated.py).
    at: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class FoundUnion(Command):
    name = "found_union"
    union: str
    constitution: str | dict[str, Any]
    title: str = field(default="", metadata={"json": "name"})


@dataclass(frozen=True)
class FoundRepublic(Command):
    name = "found_republic"
    republic: str
    constitution: str | dict[str, Any]
    title: str = field(default="", metadata={"json": "name"})


@dataclass(frozen=True)
class CreateCouncil(Command):
    name = "create_council"
    council: str
    republic: str
    kind: str
    title: str = field(default="", metadata={"json": "name"})
    within: str | None = None


@dataclass(frozen=True)
class RegisterPerson(Command):
    name = "register_person"
    person: str
    council: str
    nationality: str
    social_class: str = field(metadata={"json": "class"})
    born: int
    full_name: str | None = field(default=None, metadata={"json": "name"})


@dataclass(frozen=True)
class ConveneAssembly(Command):
    name = "convene_assembly"
    assembly: str
    republic: str


@dataclass(frozen=True)
class OpenQuestion(Command):
    name = "open_question"
    question: str
    body: str
    kind: str
    text: str
    options: tuple[str, ...] | None = None
    method: str | None = None
    to: str | None = None
    seats: int | None = None
    delegate: str | None = None
    union: str | None = None
    republic: str | None = None
    competence: str | None = None
    target: str | None = None
    amend: dict[str, Any] | None = None
    matter: str | None = None  # R2: the matter it decides, named so that decisions on it can be matched
    answers: str | None = None  # R2: the assembly question a council body's question answers
    amends: str | None = None  # the motion this one rewrites, voted first (handlers/agenda.py)
    opens: str | None = None  # a voting window (handlers/windows.py): ISO 8601 opening time
    closes: str | None = None  # ISO 8601 closing time, or
    duration: str | None = None  # its length from the opening: "90m", "48h", "7d"
    texts: dict[str, Any] | None = None  # its text in each language of the body: {language: text}
    tellers: tuple[str, ...] | None = None  # an encrypted question's tellers (handlers/encrypted.py)


@dataclass(frozen=True)
class CastBallot(Command):
    name = "cast_ballot"
    question: str
    voter: str
    choice: str | None = None
    ranking: tuple[str, ...] | None = None
    approve: tuple[str, ...] | None = None

    @property
    def preferences(self) -> tuple[str, ...]:
        """A choice is a ranking of one; approvals are an unordered set, kept as given."""
        if self.choice is not None:
            return (self.choice,)
        return self.ranking if self.ranking is not None else self.approve or ()


@dataclass(frozen=True)
class CloseQuestion(Command):
    name = "close_question"
    question: str


@dataclass(frozen=True)
class StartPetition(Command):
    """A petition (handlers/petitions.py): a recall of `delegate` by the electors of `body`, an
    initiative of a law put to `body`, or an extraordinary congress of `union` (its members sign)."""

    name = "start_petition"
    petition: str
    kind: str
    text: str
    body: str | None = None
    delegate: str | None = None
    union: str | None = None
    competence: str | None = None
    target: str | None = None
    question: str | None = None  # the id of the question it opens (default: the petition's own)
    person: str | None = None  # the elector who starts it (an account's person, for the record)


@dataclass(frozen=True)
class SignPetition(Command):
    name = "sign_petition"
    petition: str
    person: str | None = None  # an elector, for a recall or an initiative
    republic: str | None = None  # a member republic, for a congress


@dataclass(frozen=True)
class MoveResident(Command):
    """To a council of the same republic at once; to another republic, received there too."""

    name = "move_resident"
    person: str
    council: str


@dataclass(frozen=True)
class ReceiveResident(Command):
    name = "receive_resident"
    person: str
    council: str


@dataclass(frozen=True)
class ChangeClass(Command):
    name = "change_class"
    person: str
    social_class: str = field(metadata={"json": "class"})


@dataclass(frozen=True)
class RecordDeparture(Command):
    name = "record_departure"
    person: str
    reason: str  # died | left


@dataclass(frozen=True)
class DepriveRights(Command):
    name = "deprive_rights"
    person: str
    ground: str  # GROUNDS
    decision: str  # the decision that takes them, as cited (court, soviet, number)
    decided: str  # the date of that decision (ISO 8601)
    until: str | None = None  # the end of the period a sentence fixes, if it fixes one


@dataclass(frozen=True)
class RestoreRights(Command):
    name = "restore_rights"
    person: str
    decision: str
    decided: str


# --- nations inside republics, territory, treaties (issue 12; handlers/nations.py, treaties.py) ---


@dataclass(frozen=True)
class FoundAutonomy(Command):
    """An autonomous region or republic within `republic`, for the `nationalities` it is formed for."""

    name = "found_autonomy"
    autonomy: str
    republic: str
    kind: str  # nations.AUTONOMY_KINDS
    nationalities: tuple[str, ...]
    title: str = field(default="", metadata={"json": "name"})
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DeclareLanguages(Command):
    name = "declare_languages"
    holder: str  # a republic, a union or an autonomous unit
    languages: tuple[str, ...]


@dataclass(frozen=True)
class DeclareTerritory(Command):
    name = "declare_territory"
    holder: str  # a council or a polity
    area: str | None = None  # a named area
    geojson: dict[str, Any] | None = None  # its outline, a GeoJSON geometry or feature


@dataclass(frozen=True)
class TransferCouncil(Command):
    """A council (with its councils and residents) moves to republic `to`, with the consent of
    each republic concerned, each by its own congress (USSR 1924 Art. 6)."""

    name = "transfer_council"
    council: str
    to: str
    consents: tuple[str, ...]  # the decided questions of the congresses concerned
    decision: str | None = None  # the union's decision on the frontier, if it made one


@dataclass(frozen=True)
class ProposeTreaty(Command):
    name = "propose_treaty"
    treaty: str
    text: str
    parties: tuple[str, ...]
    obligations: tuple[str, ...] | None = None  # competences delegated by it
    notice_days: int | None = None  # the terms of renunciation
    admits: str | None = None  # a treaty of accession: the republic (a party) it admits to the union party


@dataclass(frozen=True)
class RatifyTreaty(Command):
    name = "ratify_treaty"
    treaty: str
    party: str
    question: str  # the party congress's decision to ratify


@dataclass(frozen=True)
class RenounceTreaty(Command):
    name = "renounce_treaty"
    treaty: str
    party: str
    question: str  # the party congress's decision to renounce


@dataclass(frozen=True)
class PostComment(Command):
    """A comment on an open question or petition (handlers/comments.py)."""

    name = "post_comment"
    comment: str
    person: str
    text: str
    question: str | None = None
    petition: str | None = None


# --- encrypted questions (issue 14; handlers/encrypted.py): Belenios 2.0 JSON, checked there ---


@dataclass(frozen=True)
class SubmitTellerKey(Command):
    name = "submit_teller_key"
    question: str
    teller: str
    key: str  # the teller's public key and proof of knowledge (`councils teller keygen`)


@dataclass(frozen=True)
class CastEncryptedBallot(Command):
    name = "cast_encrypted_ballot"
    question: str
    voter: str
    ballot: str  # the Belenios ballot, exactly as the voter's machine made it


@dataclass(frozen=True)
class SubmitPartialDecryption(Command):
    name = "submit_partial_decryption"
    question: str
    teller: str
    decryption: str  # the teller's partial decryption of the encrypted tally, with its proofs


@dataclass(frozen=True)
class SubmitShuffle(Command):
    name = "submit_shuffle"
    question: str
    teller: str
    shuffle: str  # ranked questions: the ballots re-encrypted and permuted, with the proof (Belenios JSON)


ENCRYPTED_COMMANDS = (SubmitTellerKey, CastEncryptedBallot, SubmitPartialDecryption, SubmitShuffle)

@dataclass(frozen=True)
class ConveneSitting(Command):
    """A sitting of a body, with its agenda: the open questions put before it (handlers/sittings.py)."""

    name = "convene_sitting"
    sitting: str
    body: str
    agenda: tuple[str, ...]


@dataclass(frozen=True)
class CloseSitting(Command):
    name = "close_sitting"
    sitting: str


NATION_COMMANDS = (FoundAutonomy, DeclareLanguages, DeclareTerritory, TransferCouncil, ProposeTreaty,
                   RatifyTreaty, RenounceTreaty)

COMMANDS: dict[str, type[Command]] = {
    c.name: c
    for c in (FoundUnion, FoundRepublic, CreateCouncil, RegisterPerson, ConveneAssembly,
              OpenQuestion, CastBallot, CloseQuestion, StartPetition, SignPetition,
              MoveResident, ReceiveResident, ChangeClass, RecordDeparture, DepriveRights,
              RestoreRights, *ENCRYPTED_COMMANDS, PostComment, ConveneSitting, CloseSitting,
              *NATION_COMMANDS)
}
_CHOICES = {("CreateCouncil", "kind"): COUNCIL_KINDS, ("OpenQuestion", "kind"): QUESTION_KINDS,
            ("OpenQuestion", "method"): METHODS, ("StartPetition", "kind"): PETITION_KINDS,
            ("DepriveRights", "ground"): GROUNDS, ("RecordDeparture", "reason"): DEPARTURES}


def _check(cmd: str, key: str, hint: Any, value: Any) -> Any:
    """Coerce a JSON value to the field's type, or say what was expected."""
    text = str(hint)
    if value is None and "None" in text:
        return None
    if "dict" in text and isinstance(value, dict):
        return value
    if "tuple" in text:
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        if not ("str" in text.split("tuple")[0] and isinstance(value, str)):
            raise InvalidCommand(f"{cmd}: field {key!r} must be a list of strings, got {value!r}")
    if "int" in text and "str" not in text:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidCommand(f"{cmd}: field {key!r} must be an integer, got {value!r}")
        return value
    if isinstance(value, str):
        if not value.strip():
            raise InvalidCommand(f"{cmd}: field {key!r} must not be empty")
        return value
    expected = "a string or a table" if "dict" in text else "a string"
    raise InvalidCommand(f"{cmd}: field {key!r} must be {expected}, got {value!r}")


@dataclass(frozen=True)
class _Field:
    key: str  # the JSON key
    name: str  # the attribute
    hint: str  # its type as text (`_check` reads it)
    allowed: tuple[str, ...] | None  # a closed vocabulary, if any
    required: bool
    text: bool  # a plain string field (`str` or `str | None`): a non-blank string is taken as is
    valid: re.Pattern[str]  # the vocabulary's pattern a string of this field matches in full


@dataclass(frozen=True)
class _Plan:
    """How to parse one command class: resolved once, not per command (a batch has thousands)."""

    fields: tuple[_Field, ...]
    by_json: dict[str, _Field]
    required: tuple[_Field, ...]


_PLANS: dict[str, _Plan] = {}


def _plan(cls: type[Command]) -> _Plan:
    found = _PLANS.get(cls.name)
    if found is None:
        types = get_type_hints(cls)
        made = tuple(_Field(f.metadata.get("json", f.name), f.name, str(types[f.name]),
                            _CHOICES.get((cls.__name__, f.name)), _required(f),
                            types[f.name] is str or types[f.name] == (str | None),
                            field_pattern(f.metadata.get("json", f.name)))
                     for f in fields(cls))
        by_json = {f.key: f for f in made}
        found = _PLANS[cls.name] = _Plan(made, by_json, tuple(f for f in made if f.required))
    return found


def parse_command(raw: Any) -> Command:
    """Turn one decoded JSON object into a command, or raise InvalidCommand saying why."""
    if type(raw) is not dict and not isinstance(raw, Mapping):  # (the ABC check is slow)
        raise InvalidCommand(f"a command must be a JSON object, got {type(raw).__name__}")
    name = raw.get("cmd")
    if not isinstance(name, str):
        raise InvalidCommand("missing field 'cmd' (the command's name)")
    cls = COMMANDS.get(name)
    if cls is None:
        near = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else f" (known: {', '.join(COMMANDS)})"
        raise InvalidCommand(f"unknown command {name!r}{hint}")
    plan = _plan(cls)
    by_json = plan.by_json
    for key in raw:
        if key != "cmd" and key not in by_json:
            near = difflib.get_close_matches(key, by_json, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (fields: {', '.join(by_json)})"
            raise InvalidCommand(f"{name}: unknown field {key!r}{hint}")
    values: dict[str, Any] = {}
    for f in plan.fields:
        if f.key in raw:
            value = raw[f.key]
            if not (f.text and type(value) is str and value.strip()):  # else: what `_check` returns
                value = _check(name, f.key, f.hint, value)
            if f.allowed and value is not None and value not in f.allowed:
                raise InvalidCommand(f"{name}: field {f.key!r} must be one of "
                                     f"{', '.join(f.allowed)}, got {value!r}")
            values[f.name] = value
            if type(value) is str:  # the vocabulary's one validator: one match, its reason if none
                if f.valid.fullmatch(value) is None:
                    check_value(name, f.key, value)
            elif type(value) is tuple:
                for item in value:
                    check_text(name, f.key, item, 200)
    for f in plan.required:
        if f.name not in values:
            raise InvalidCommand(f"{name}: missing field {f.key!r}")
    command = cls(**values)
    if cls is CastBallot:
        _check_ballot(values)
    return command


def _check_ballot(values: dict[str, Any]) -> None:
    """A ballot gives exactly one of a choice, a ranking or approvals, and no option twice."""
    choice, ranking, approve = values.get("choice"), values.get("ranking"), values.get("approve")
    if (choice is not None) + (ranking is not None) + (approve is not None) != 1:
        raise InvalidCommand("cast_ballot: give exactly one of 'choice', 'ranking', 'approve'")
    listed = ranking if ranking is not None else approve
    if listed is not None and len(set(listed)) != len(listed):
        raise InvalidCommand("cast_ballot: an option appears twice in the ballot")


def _required(f: Any) -> bool:
    return bool(f.default is MISSING and f.default_factory is MISSING)


def command_to_json(command: Command) -> dict[str, Any]:
    """The JSON form of a command, the inverse of `parse_command` (used by examples and tests)."""
    out: dict[str, Any] = {"cmd": command.name}
    for f in fields(command):
        value = getattr(command, f.name)
        if value is not None and value != "":
            out[f.metadata.get("json", f.name)] = list(value) if isinstance(value, tuple) else value
    return out
