"""The file formats the application reads and writes: a register in CSV, an archive in JSON Lines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from councils.adapters.archive import export_republic, read_archive
from councils.adapters.csv_register import read_register
from councils.application.ports import Archive, Checkpoint, EventStore, RegisterRows, Signer


class LocalFiles:
    """`RecordFiles` on the local file system."""

    def read_register(self, path: Path) -> RegisterRows:
        return read_register(path)

    def export_republic(self, ledger: EventStore, republic: str, path: Path,
                        signer: Signer | None = None, checkpoints: Sequence[Checkpoint] = ()) -> Archive:
        return export_republic(ledger, republic, path, signer, checkpoints)

    def read_archive(self, path: Path, trusted: Sequence[str] = ()) -> Archive:
        return read_archive(path, trusted)
