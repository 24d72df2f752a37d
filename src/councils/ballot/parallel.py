"""The verifier on every core: ballots checked in chunks by a pool of processes.

Each ballot's proofs are independent of every other's, so a question's ballots split into
chunks that worker processes check side by side (each worker parses the election once per
chunk and keeps its tables of fixed-base powers between chunks). The rest of the
verification (chain, tally, decryptions, result) is cheap and stays in the caller.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from councils.ballot.archive import ChunkCheck, Job, Report, verify_archive


def verify_parallel(blob: bytes, jobs: int | None = None, chunk: int | None = None) -> Report:
    """`verify_archive` with its ballots spread over `jobs` processes (default: every core), in
    chunks small enough that the processes finish together (at most 200 ballots each)."""
    workers = jobs or os.cpu_count() or 1
    if workers <= 1:
        return verify_archive(blob, chunk=chunk or 200)
    if chunk is None:
        chunk = max(10, min(200, blob.count(b'"type":"Ballot"') // (4 * workers) + 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        def mapper(fn: Callable[[Job], ChunkCheck], items: Iterable[Job]) -> Iterable[ChunkCheck]:
            return pool.map(fn, items)

        return verify_archive(blob, mapper=mapper, chunk=chunk)
