"""From HTML forms to commands of the command language; nothing here decides anything.

Forms only gather fields; every command they build goes through the same authorisation
and the same engine as an API call, so a form can never do what the API would refuse.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import tomllib
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from councils.domain.errors import InvalidCommand
from councils.interfaces.web.session import CSRF_FIELD, check_csrf

CSV_COLUMNS = ("person", "name", "nationality", "class", "born", "council")
MAX_CSV_ROWS = 20000


async def read_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token is checked."""
    form = await request.form(max_files=1, max_fields=2000)
    check_csrf(request, form.get(CSRF_FIELD))
    return form


def text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, key: str) -> list[str]:
    return [v.strip() for v in form.getlist(key) if isinstance(v, str) and v.strip()]


def slug(words: str) -> str:
    """A readable, unique-enough id from a question's text."""
    base = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:40].strip("-") or "question"
    return f"{base}-{secrets.token_hex(2)}"


def ballot_command(question: dict[str, Any], voter: str, form: FormData) -> dict[str, Any]:
    """A cast_ballot for the form's kind of ballot (ranking, approval or one choice)."""
    raw: dict[str, Any] = {"cmd": "cast_ballot", "question": question["id"], "voter": voter}
    if question["ballot"] == "ranking":
        ranking = texts(form, "rank")
        if not ranking:
            raise InvalidCommand("rank at least one candidate" if question["kind"] == "election"
                                 else "rank at least one option")
        raw["ranking"] = ranking
    elif question["ballot"] == "approve":
        approve = texts(form, "approve")
        if not approve:
            raise InvalidCommand("approve at least one candidate" if question["kind"] == "election"
                                 else "approve at least one option")
        raw["approve"] = approve
    else:
        choice = text(form, "choice")
        if not choice:
            raise InvalidCommand("choose one option")
        raw["choice"] = choice
    return raw


def question_command(form: FormData) -> dict[str, Any]:
    """An open_question from the new-question form; blank optional fields are left out."""
    kind, words = text(form, "kind"), text(form, "text")
    raw: dict[str, Any] = {"cmd": "open_question", "question": text(form, "question") or slug(words),
                           "body": text(form, "body"), "kind": kind, "text": words}
    options = [line.strip() for line in text(form, "options").splitlines() if line.strip()]
    if kind == "election":
        options = texts(form, "candidate")
        if not options:
            raise InvalidCommand("choose at least one candidate")
    if options:
        raw["options"] = options
    for key in ("method", "to", "delegate", "competence", "target", "matter", "answers", "opens", "duration"):
        if text(form, key):
            raw[key] = text(form, key)
    if text(form, "seats"):
        try:
            raw["seats"] = int(text(form, "seats"))
        except ValueError:
            raise InvalidCommand(f"seats must be a whole number, got {text(form, 'seats')!r}") from None
    if kind == "amendment":
        if text(form, "consent_to"):  # a republic's consent to its union's pending amendment (R10)
            raw["union"] = text(form, "consent_to")
        else:
            raw["amend"] = amendment_changes(text(form, "amend"))
    return raw


AMEND_LINE = re.compile(r"^\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*=\s*(.+?)\s*$")


def amendment_changes(lines: str) -> dict[str, Any]:
    """`key.path = value` lines (values in TOML: 16, "text", true, ["a", "b"]) to an `amend` object.

    The same keys as the constitution file; blank lines and `#` comments are skipped.
    Each mistake names its line, as the constitution loader does for a file.
    """
    changes: dict[str, Any] = {}
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = AMEND_LINE.match(line)
        if match is None:
            raise InvalidCommand(f"changes, line {number}: write key = value, for example "
                                 f"franchise.min_age = 16 (got {line.strip()!r})")
        key, value = match.groups()
        if key in changes:
            raise InvalidCommand(f"changes, line {number}: {key} is changed twice")
        try:
            changes[key] = tomllib.loads(f"value = {value}")["value"]
        except tomllib.TOMLDecodeError as exc:
            raise InvalidCommand(f"changes, line {number}: the value of {key} is not a TOML value "
                                 f"({exc}); quote text, as in \"text\"") from None
    if not changes:
        raise InvalidCommand("write at least one change, one per line: key = value")
    return changes


def resident_command(fields: dict[str, str]) -> dict[str, Any]:
    """A register_person from a form or a CSV row (born as a year)."""
    born = fields.get("born", "").strip()
    if not re.fullmatch(r"\d{4}", born):
        raise InvalidCommand(f"born must be a year like 1990, got {born!r}")
    raw: dict[str, Any] = {"cmd": "register_person", "born": int(born)}
    for key in ("person", "council", "nationality", "class"):
        value = fields.get(key, "").strip()
        if not value:
            raise InvalidCommand(f"missing {key}")
        raw[key] = value
    if fields.get("name", "").strip():
        raw["name"] = fields["name"].strip()
    return raw


@dataclass
class CsvRow:
    line: int
    person: str
    command: dict[str, Any] | None
    message: str = ""
    rule: str | None = None
    ok: bool = False


async def csv_rows(upload: UploadFile | str | None, default_council: str) -> list[CsvRow]:
    """Parse an uploaded register: one command per row, or the row's error."""
    if not isinstance(upload, UploadFile):
        raise InvalidCommand("choose a CSV file to upload")
    try:
        data = await upload.read()
    finally:
        await upload.close()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCommand("the file is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("person", "nationality", "class", "born") if c not in header]
    if missing:
        raise InvalidCommand(f"the CSV header lacks the column(s) {', '.join(missing)} "
                             f"(expected {','.join(CSV_COLUMNS)})")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise InvalidCommand(f"unknown CSV column(s) {', '.join(unknown)} "
                             f"(expected {','.join(CSV_COLUMNS)})")
    rows: list[CsvRow] = []
    for row in reader:
        if len(rows) >= MAX_CSV_ROWS:
            raise InvalidCommand(f"at most {MAX_CSV_ROWS} rows in one upload")
        fields = {k.strip().lower(): (v or "").strip() for k, v in row.items()
                  if isinstance(k, str)}
        if None in row:
            rows.append(CsvRow(reader.line_num, fields.get("person", ""), None,
                               "more values than columns"))
            continue
        fields["council"] = fields.get("council") or default_council
        try:
            rows.append(CsvRow(reader.line_num, fields.get("person", ""), resident_command(fields)))
        except InvalidCommand as exc:
            rows.append(CsvRow(reader.line_num, fields.get("person", ""), None, exc.reason))
    if not rows:
        raise InvalidCommand("the CSV file has no rows under its header")
    return rows
