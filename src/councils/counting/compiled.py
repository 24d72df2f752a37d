"""Compiled kernels (numba) for large profiles: validation, moving rows, reading ``.soi``.

The NumPy code of ``ballots``, ``cursor`` and ``io.preflib`` works on whole arrays, but
some steps are a loop per ballot row at heart: checking that a row ranks no candidate
twice, moving the rows of an excluded candidate to their next continuing preference
(one NumPy pass per ranking position, each a gather over the rows still moving), and
parsing the text of a ballot file. Here each is one compiled loop over the rows.

Only large inputs use them (``use_compiled``: at least ``MIN_ROWS`` rows, or
``MIN_BYTES`` of file): importing numba and loading the cached machine code costs a
fraction of a second once per process, and the first run on a machine compiles the
kernels (a few seconds) into numba's cache (``__pycache__`` next to this file). Small
counts never import numba. Both paths give identical results: counts are exact integer
sums either way (tests force this path on the oracle profiles and compare every round).

If numba cannot be imported, every caller keeps its NumPy path.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

MIN_ROWS = 100_000  # rows of a rankings matrix from which counts and validation are compiled
MIN_BYTES = 1 << 20  # bytes of a ballot file's body from which it is parsed by a compiled loop

_kernels: ModuleType | None = None
_failed = False


def use_compiled(rows: int) -> bool:
    """Whether a matrix of ``rows`` rows is handled by the compiled kernels."""
    return rows >= MIN_ROWS and kernels() is not None


def kernels() -> Any:
    """The kernel module (imported on first use), or None when numba is unavailable."""
    global _kernels, _failed
    if _kernels is None and not _failed:
        try:
            from councils.counting import _kernels as module
        except ImportError:  # pragma: no cover - numba is a dependency
            _failed = True
            return None
        _kernels = module
    return _kernels
