"""Errors of constitution files: they carry the file and the key path, never a traceback."""

from __future__ import annotations


class ConstitutionError(Exception):
    """A constitution that cannot be loaded, with where and why."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source = source
        self.path = path
        self.message = message
        where = f"{source}: {path}: " if path else f"{source}: "
        super().__init__(f"{where}{message}")
