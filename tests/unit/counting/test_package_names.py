"""``councils.counting`` imports each public name's module on first use (PEP 562): every
name it lists resolves, and a name it does not have is an ordinary AttributeError."""

from __future__ import annotations

import subprocess
import sys

import pytest

import councils.counting


def test_every_public_name_resolves_to_its_module_s_object() -> None:
    from councils.counting.dispatch import count
    from councils.counting.io import read_ballot_file

    assert all(getattr(councils.counting, name) is not None for name in councils.counting.__all__)
    assert councils.counting.count is count and councils.counting.read_ballot_file is read_ballot_file
    assert set(councils.counting.__all__) <= set(dir(councils.counting))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'tally'"):
        councils.counting.tally  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        from councils.counting import tally  # type: ignore[attr-defined]  # noqa: F401


def test_importing_the_package_loads_none_of_its_modules() -> None:
    code = ("import sys, councils.counting\n"
            "print(sorted(m for m in sys.modules if m.startswith('councils.counting.')), 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[] False"
