"""The one exception the counting package raises for bad input."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os
    from typing import TypeAlias

    #: A ballot file's path as callers give it; readers only name it in messages.
    FilePath: TypeAlias = "str | os.PathLike[str]"


class CountError(Exception):
    """A count or a ballot file that cannot be accepted.

    The message is written for an election officer, not a programmer: it says what is
    wrong and, for a file, which file and which line ("meath.soi, line 17: ...").
    Callers (the CLI, the engine) show it as it is.
    """


def file_error(path: object, line: int | None, what: str) -> CountError:
    """Build the error for a malformed ballot file, in one fixed shape.

    One shape for every reader means tests and users can rely on
    ``"<file>, line <n>: <what is wrong>"``.
    """
    where = f"{path}" if line is None else f"{path}, line {line}"
    return CountError(f"{where}: {what}")
