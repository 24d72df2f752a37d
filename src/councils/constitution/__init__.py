"""Constitutions: the schema, the TOML loader and the presets."""

from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import PRESETS, load, load_constitution, resolve_document
from councils.constitution.schema import Constitution

__all__ = ["PRESETS", "Constitution", "ConstitutionError", "load", "load_constitution", "resolve_document"]
