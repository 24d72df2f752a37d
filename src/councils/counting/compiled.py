"""Compiled kernels (numba) for large profiles: validation, moving rows, reading ``.soi``.

The NumPy code of ``ballots``, ``cursor`` and ``io.preflib`` works on whole arrays, but
some steps are a loop per ballot row at heart: checking that a row ranks no candidate
twice, moving the rows of an excluded candidate to their next continuing preference
(one NumPy pass per ranking position, each a gather over the rows still moving), and
parsing the text of a ballot file. Here each is one compiled loop over the rows.

In a process that counts once (``one_shot``, the command line) they are used only when
they pay *within the process*; any other process loads them for its first large count. Loading numba and the cached
machine code of the kernels costs about a second of CPU, once per process (and the first
run on a machine compiles the kernels, a few seconds, into numba's cache in
``__pycache__`` next to ``_kernels.py``). So there are two thresholds for each use:

- numba is *loaded* for a job only when its NumPy cost would exceed that second: a
  rankings matrix of ``LOAD_CELLS`` cells (rows x columns), a ``.soi`` body of
  ``LOAD_BYTES``. A million ballots of 8 or 20 candidates are counted faster by NumPy
  than numba can be loaded; ten million are not.
- once numba is loaded (by such a job, or by a long-running process that counted one
  before), the kernels are used from ``MIN_ROWS`` rows or ``MIN_BYTES`` of file, where
  they beat NumPy.

Small counts never import numba. Both paths give identical results: counts are exact
integer sums either way (tests force each path on the oracle profiles with ``forced``
and compare every round). If numba cannot be imported, every caller keeps its NumPy path.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

MIN_ROWS = 100_000  # rows of a rankings matrix from which loaded kernels beat NumPy
MIN_BYTES = 1 << 20  # bytes of a ballot file's body from which the loaded parser beats NumPy
LOAD_CELLS = 64_000_000  # cells of a rankings matrix whose NumPy work costs more than loading numba
LOAD_BYTES = 12 << 20  # bytes of a .soi body whose NumPy parse costs more than loading numba

#: For tests: True takes the compiled path for every size, False never; None chooses by cost.
forced: bool | None = None

#: A process that counts once (``councils count``) loads numba only when that one job pays
#: for it. Any other (a library, a server, a benchmark) counts again and again: it loads
#: numba for its first large job, since every later one gains from it (IRV over a million
#: 20-candidate ballots: 75 ms compiled, 600 ms in NumPy).
one_shot = False

_kernels: ModuleType | None = None
_failed = False


def use_compiled(rows: int, columns: int) -> bool:
    """Whether a rankings matrix of ``rows`` x ``columns`` is validated and counted by the
    compiled kernels."""
    return _worth(rows >= MIN_ROWS, rows * max(columns, 1) >= LOAD_CELLS)


def parse_compiled(size: int) -> bool:
    """Whether a ``.soi`` body of ``size`` bytes is parsed by the compiled loop."""
    return _worth(size >= MIN_BYTES, size >= LOAD_BYTES)


def loaded() -> bool:
    """Whether the kernels are loaded in this process (using them is then free)."""
    return _kernels is not None


def _worth(faster: bool, pays_to_load: bool) -> bool:
    if forced is not None:
        return forced and kernels() is not None
    return faster and (loaded() or pays_to_load or not one_shot) and kernels() is not None


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
