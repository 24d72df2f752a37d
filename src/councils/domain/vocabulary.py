"""One validator per fact: the grammar of ids and the bounds of free text, for every path.

A command, a register imported in bulk, the API and the web all check an id or a name
here and nowhere else, so the same value gets the same answer everywhere (before, a
register refused a class that a command accepted, and an id with a space, a megabyte
long, or `ukraine/x/../../georgia` was stored and later broke what read it).

The grammar: an id is 1 to 100 letters, digits, `-` and `_`, starting with a letter or a
digit (no spaces, no dots, so never `..`); a body's id is `<polity>/<name>`, each part
an id, `/` appearing only there. Free text (a name, a nationality, a question's text)
is bounded and has no control characters and no lone surrogates, which no database
stores the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from councils.domain.errors import InvalidCommand

ID_MAX = 100
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_BODY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,98}(?:/[A-Za-z0-9][A-Za-z0-9_-]{0,98})?")  # <= 199 in all
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
TEXT_MAX = {"name": 200, "nationality": 100, "text": 2000, "competence": 100, "matter": 100,
            "key": 20_000, "ballot": 200_000,  # Belenios JSON (handlers/encrypted.py); a ranked question's
            # hold every ballot: about 5 KB (shuffle) and 1.4 KB (decryption) each, some 10,000 ballots
            # (the API and the tellers' page take these two up to 64 MB from a teller, api/limits.py)
            "decryption": 15_000_000, "shuffle": 50_000_000}
ID_FIELDS = ("person", "voter", "delegate", "question", "answers", "union", "republic", "target",
             "petition", "amends", "comment", "sitting")
BODY_FIELDS = ("council", "body", "assembly", "to", "within")
ID_GRAMMAR = "1-100 letters, digits, '-' or '_', starting with a letter or digit"
BODY_PART_GRAMMAR = "1-99 letters, digits, '-' or '_', starting with a letter or digit"


def is_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None


_IDS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_-]{0,99}\n)*")


def all_ids(values: Iterable[str]) -> bool:
    """`is_id` of every value, for a register of a million: one regular expression over all."""
    return _IDS.fullmatch("\n".join(values) + "\n") is not None


def all_texts_fit(values: Iterable[str], limit: int) -> bool:
    """No `text_problem` in any of the values (none is a line break, which the check allows)."""
    listed = list(values)
    return (not listed or max(map(len, listed)) <= limit) and _CONTROL.search("\n".join(listed)) is None


def check_id(where: str, field: str, value: str) -> None:
    if not is_id(value):
        raise InvalidCommand(f"{where}: field {field!r} must be an id ({ID_GRAMMAR}), got {_shown(value)}")


def check_body_id(where: str, field: str, value: str) -> None:
    if _BODY.fullmatch(value) is None:
        raise InvalidCommand(f"{where}: field {field!r} must be a body id, <polity>/<name> or a name "
                             f"(each part {BODY_PART_GRAMMAR}), got {_shown(value)}")


def text_problem(field: str, value: str, limit: int) -> str | None:
    """What is wrong with a free text, or None."""
    if len(value) > limit:
        return f"field {field!r} is {len(value)} characters long; at most {limit}"
    bad = _CONTROL.search(value)
    if bad is not None:
        return (f"field {field!r} holds a character that cannot be stored "
                f"(U+{ord(bad.group()):04X} at {bad.start() + 1})")
    return None


def check_text(where: str, field: str, value: str, limit: int) -> None:
    problem = text_problem(field, value, limit)
    if problem is not None:
        raise InvalidCommand(f"{where}: {problem}")


_KINDS: dict[str, int] = {**{f: 0 for f in ID_FIELDS}, **{f: 1 for f in BODY_FIELDS}}  # else: text


def check_values(where: str, values: dict[str, Any]) -> None:
    """Every id, body id and text among a command's parsed values (keys: JSON field names).

    On the path of every ballot: the common case (a valid id, a short clean text) costs
    one regular-expression match and one dictionary lookup per value.
    """
    for field, value in values.items():
        if type(value) is str:
            kind = _KINDS.get(field)
            if kind == 0:
                if _ID.fullmatch(value) is None:
                    check_id(where, field, value)
            elif kind == 1:
                if _BODY.fullmatch(value) is None:
                    check_body_id(where, field, value)
            elif len(value) > TEXT_MAX.get(field, 200) or _CONTROL.search(value) is not None:
                check_text(where, field, value, TEXT_MAX.get(field, 200))
        elif type(value) is tuple:
            for item in value:
                if isinstance(item, str):
                    check_text(where, field, item, 200)


_FREE = "[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]"  # what `_CONTROL` refuses, negated


def field_pattern(field: str) -> re.Pattern[str]:
    """The pattern every valid string of a field matches in full: its id grammar or bounded text.

    A parser resolves it once per field and checks each value with one match; when the
    match fails, `check_value` says why. Same answers as `check_values`, by construction.
    """
    kind = _KINDS.get(field)
    if kind == 0:
        return _ID
    if kind == 1:
        return _BODY
    return re.compile(f"{_FREE}{{0,{TEXT_MAX.get(field, 200)}}}")


def check_value(where: str, field: str, value: str) -> None:
    """Raise InvalidCommand saying what is wrong with one string of a field, if anything."""
    check_values(where, {field: value})


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")
