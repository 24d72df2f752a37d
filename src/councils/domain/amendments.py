"""Applying an amendment (dotted keys -> new values) to a constitution document."""

from __future__ import annotations

import copy
from typing import Any

from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution
from councils.domain.errors import InvalidCommand


def amended_document(document: dict[str, Any], amend: dict[str, Any], polity: str) -> dict[str, Any]:
    """The document with the amendment applied, checked like any constitution file."""
    new = copy.deepcopy(document)
    for dotted, value in amend.items():
        parts = dotted.split(".")
        table = new
        for part in parts[:-1]:
            nested = table.setdefault(part, {})
            if not isinstance(nested, dict):
                raise InvalidCommand(f"amendment: {dotted!r} does not name a table key")
            table = nested
        table[parts[-1]] = value
    try:
        load_constitution(new, f"amendment of {polity}")
    except ConstitutionError as exc:
        raise InvalidCommand(str(exc)) from None
    return new
