"""Read an electoral register from CSV into columns, checking its form line by line.

A register is a census, often a million lines long and typed by hand somewhere, so
the reader is strict and specific: every problem is reported with its file and line
and what is wrong, all of them in one pass (a clerk fixes the file once, not once per
error), and the rows are kept as parallel columns rather than one object per row,
which is what lets the import run at tens of thousands of residents a second.

Only the form is checked here (columns, empty fields, a year that is a number); what
the rows mean (does the council exist, is the person new) is the application's job.
"""

from __future__ import annotations

import csv
import difflib
from pathlib import Path
from typing import Any

from councils.application.ports import RegisterRows

_Reader = Any  # csv.reader's type is private to typeshed (_csv.Reader)

REQUIRED = ("person", "council", "nationality", "class", "born")
OPTIONAL = ("name",)
COLUMNS = REQUIRED + OPTIONAL


def _header(row: list[str], rows: RegisterRows) -> list[int] | None:
    """Where each known column is, or None (with problems recorded) if the header is wrong."""
    names = [c.strip().lower() for c in row]
    for name in names:
        if name not in COLUMNS:
            near = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (columns: {', '.join(COLUMNS)})"
            rows.problems.append((1, f"unknown column {name!r}{hint}"))
    for name in set(names):
        if names.count(name) > 1:
            rows.problems.append((1, f"column {name!r} appears twice"))
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        rows.problems.append((1, f"missing column(s) {', '.join(map(repr, missing))}; the header "
                                 f"must name {', '.join(REQUIRED)} and optionally name"))
    if rows.problems:
        return None
    return [names.index(c) if c in names else -1 for c in COLUMNS]


def read_register(path: Path, max_problems: int = 1000) -> RegisterRows:
    """Parse `path`; rows with problems are left out and their problems recorded.

    Reading stops early once `max_problems` problems are found: a file that wrong is
    most likely the wrong file, and listing a million errors helps nobody.
    """
    rows = RegisterRows(str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            first = next(reader, None)
        except csv.Error as exc:
            rows.problems.append((1, f"not readable as CSV: {exc}"))
            return rows
        except UnicodeDecodeError:
            rows.problems.append(_not_utf8(path))
            return rows
        if first is None:
            rows.problems.append((1, "the file is empty; it needs a header line"))
            return rows
        where = _header(first, rows)
        if where is None:
            return rows
        _read_rows(reader, where, len(first), rows, max_problems)
    return rows


def _read_rows(reader: _Reader, where: list[int], width: int, rows: RegisterRows,
               max_problems: int) -> None:
    i_person, i_council, i_nat, i_class, i_born, i_name = where
    problems = rows.problems
    add_line, add_person, add_council = rows.line.append, rows.person.append, rows.council.append
    add_nat, add_class = rows.nationality.append, rows.social_class.append
    add_born, add_name = rows.born.append, rows.name.append
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append((start, f"not readable as CSV: {exc}"))
            return
        except UnicodeDecodeError:
            problems.append(_not_utf8(Path(rows.path)))
            return
        line, start = start, reader.line_num + 1
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            problems.append((line, f"{len(row)} field(s) where the header has {width}"))
        else:
            person, council, nat, cls, born = (row[i_person].strip(), row[i_council].strip(),
                                               row[i_nat].strip(), row[i_class].strip(),
                                               row[i_born].strip())
            if person and council and nat and cls and born.isdigit():
                add_line(line)
                add_person(person)
                add_council(council)
                add_nat(nat)
                add_class(cls)
                add_born(int(born))
                add_name((row[i_name].strip() or None) if i_name >= 0 else None)
                continue
            problems.append((line, _what_is_wrong(person, council, nat, cls, born)))
        if len(problems) >= max_problems:
            problems.append((line, f"stopped reading after {max_problems} problems"))
            return


def _what_is_wrong(person: str, council: str, nat: str, cls: str, born: str) -> str:
    """Every problem of form in the row, not only the first (a clerk fixes the row once)."""
    empty = [name for name, value in zip(REQUIRED, (person, council, nat, cls, born), strict=True)
             if not value]
    found = [f"empty {', '.join(map(repr, empty))}"] if empty else []
    if born and not born.isdigit():
        found.append(f"'born' must be a year (digits), got {born!r}")
    return "; ".join(found)


def _not_utf8(path: Path) -> tuple[int, str]:
    """The first line that is not UTF-8 (decoding runs ahead in blocks, so look again by line)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = raw[exc.start:exc.start + 1].hex()
                return (number, f"not UTF-8 text (byte 0x{byte} at column {exc.start + 1}); "
                                "save the file as UTF-8 and import it again")
    return (1, "not UTF-8 text; save the file as UTF-8 and import it again")
