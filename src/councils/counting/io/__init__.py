"""Reading and writing ballot files: PrefLib, ``.blt`` and CSV, chosen by extension."""

from __future__ import annotations

import os
from pathlib import Path

from councils.counting.ballots import Ballots
from councils.counting.errors import CountError
from councils.counting.io.blt import read_blt, write_blt
from councils.counting.io.csv import read_csv, write_csv
from councils.counting.io.preflib import KINDS, read_preflib, write_preflib

FORMATS = (*KINDS, "blt", "csv")


def _format(path: Path, format: str | None) -> str:
    """The explicit format, else the one the file's extension names."""
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        given = f"format {format!r}" if format else f"extension {path.suffix or '(none)'!r}"
        raise CountError(f"{path}: unknown ballot file {given}; use one of " + ", ".join("." + f for f in FORMATS))
    return chosen


def read_ballot_file(path: str | os.PathLike[str], format: str | None = None) -> Ballots:
    """Read a ballot file; the format comes from ``format`` or the extension.

    Formats: PrefLib ``soi``, ``toi``, ``soc``, ``toc``; ``blt``; ``csv`` (see each
    reader's module). A file that cannot be read or is malformed raises CountError
    naming the file, the line and what is wrong.
    """
    file = Path(path)
    kind = _format(file, format)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise CountError(f"{file}: cannot read the file ({exc.strerror or exc})") from None
    if kind == "blt":
        return read_blt(file, data)
    if kind == "csv":
        return read_csv(file, data)
    return read_preflib(file, data, kind)


def write_ballot_file(ballots: Ballots, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write ``ballots`` to ``path`` in the format of ``format`` or the extension.

    Raises CountError when the format cannot hold these ballots (ties in ``.soi``,
    incomplete orders in ``.soc``/``.toc``, blank ballots in PrefLib) or the file cannot
    be written.
    """
    file = Path(path)
    kind = _format(file, format)
    if kind == "blt":
        data = write_blt(ballots)
    elif kind == "csv":
        data = write_csv(ballots)
    else:
        data = write_preflib(ballots, kind)
    try:
        file.write_bytes(data)
    except OSError as exc:
        raise CountError(f"{file}: cannot write the file ({exc.strerror or exc})") from None
