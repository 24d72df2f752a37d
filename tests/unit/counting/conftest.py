"""Every counting test runs twice: on the NumPy path and on the compiled (numba) path.

Large profiles are validated, counted and read by compiled kernels
(``councils.counting.compiled``); the tests' profiles are small, so the ``compiled``
run forces that path (``compiled.forced``) and every count, validation and ``.soi`` read of the
module goes through the kernels. Both runs must give the same answers: the oracle
tests (pref_voting) and the Irish elections check each path.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from councils.counting import compiled


@pytest.fixture(scope="module", params=["numpy", "compiled"], autouse=True)
def counting_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """Module-scoped (hypothesis refuses function-scoped fixtures around @given)."""
    saved = compiled.forced
    if request.param == "compiled" and compiled.kernels() is None:
        pytest.skip("numba is not available")
    compiled.forced = request.param == "compiled"
    try:
        yield str(request.param)
    finally:
        compiled.forced = saved
