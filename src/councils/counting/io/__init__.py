"""Reading and writing ballot files: PrefLib, ``.blt`` and CSV, chosen by extension.

Each format's module is imported when a file of that format is read or written: a
one-shot ``councils count`` of a CSV file need not load the ``.blt`` and PrefLib readers
(nor ``pathlib``: a path is only named in messages and opened).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from councils.counting.errors import CountError

if TYPE_CHECKING:
    from councils.counting.ballots import Ballots

KINDS = ("soi", "toi", "soc", "toc")  # PrefLib's ranking formats (``preflib`` reads these)
FORMATS = (*KINDS, "blt", "csv")


def _format(path: str | os.PathLike[str], format: str | None) -> str:
    """The explicit format, else the one the file's extension names."""
    suffix = os.path.splitext(os.fspath(path))[1]
    chosen = (format or suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        given = f"format {format!r}" if format else f"extension {suffix or '(none)'!r}"
        raise CountError(f"{path}: unknown ballot file {given}; use one of " + ", ".join("." + f for f in FORMATS))
    return chosen


def read_ballot_file(path: str | os.PathLike[str], format: str | None = None) -> Ballots:
    """Read a ballot file; the format comes from ``format`` or the extension.

    Formats: PrefLib ``soi``, ``toi``, ``soc``, ``toc``; ``blt``; ``csv`` (see each
    reader's module). A file that cannot be read or is malformed raises CountError
    naming the file, the line and what is wrong.
    """
    file = path
    kind = _format(file, format)
    try:
        with open(file, "rb") as opened:
            data = opened.read()
    except OSError as exc:
        raise CountError(f"{file}: cannot read the file ({exc.strerror or exc})") from None
    if kind == "blt":
        from councils.counting.io.blt import read_blt

        return read_blt(file, data)
    if kind == "csv":
        from councils.counting.io.csv import read_csv

        return read_csv(file, data)
    from councils.counting.io.preflib import read_preflib

    return read_preflib(file, data, kind)


def write_ballot_file(ballots: Ballots, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write ``ballots`` to ``path`` in the format of ``format`` or the extension.

    Raises CountError when the format cannot hold these ballots (ties in ``.soi``,
    incomplete orders in ``.soc``/``.toc``, blank ballots in PrefLib) or the file cannot
    be written.
    """
    file = path
    kind = _format(file, format)
    if kind == "blt":
        from councils.counting.io.blt import write_blt

        data = write_blt(ballots)
    elif kind == "csv":
        from councils.counting.io.csv import write_csv

        data = write_csv(ballots)
    else:
        from councils.counting.io.preflib import write_preflib

        data = write_preflib(ballots, kind)
    try:
        with open(file, "wb") as opened:
            opened.write(data)
    except OSError as exc:
        raise CountError(f"{file}: cannot write the file ({exc.strerror or exc})") from None
