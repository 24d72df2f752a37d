"""The constitution's voting windows and counting methods per kind of question (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from councils.constitution import ConstitutionError, load
from councils.constitution.loader import preset_text
from councils.constitution.schema import Constitution


def _load(tmp_path: Path, old: str, new: str) -> Constitution:
    text = preset_text("coop-federation")
    assert old in text
    path = tmp_path / "c.toml"
    path.write_text(text.replace(old, new, 1))
    return load(str(path))


def test_coop_federation_bounds_motion_windows_and_allows_condorcet_elections() -> None:
    text = preset_text("coop-federation")
    path_rules = load("coop-federation").questions
    motion, election = path_rules["motion"], path_rules["election"]
    assert (motion.min_window_hours, motion.max_window_hours, motion.close_early) == (24, 720, False)
    assert election.allowed == ("stv", "irv", "schulze", "ranked_pairs") and election.close_early
    assert 'engine = ["min_window_hours", "max_window_hours", "close_early"]' in text  # an engine choice


def test_a_constitution_may_allow_borda_for_an_election(tmp_path: Path) -> None:
    constitution = _load(tmp_path, 'methods = ["stv", "irv", "schulze", "ranked_pairs"]',
                         'methods = ["stv", "borda"]')
    assert constitution.questions["election"].allowed == ("stv", "borda")


@pytest.mark.parametrize(("old", "new", "path", "message"), [
    ("max_window_hours = 720\nclose_early", "max_window_hours = 12\nclose_early", "questions.motion.max_window_hours",
     "12 is less than min_window_hours (24)"),
    ("min_window_hours = 24\nmax_window_hours = 720\nclose_early", "min_window_hours = 0\nmax_window_hours = 720\n"
     "close_early", "questions.motion.min_window_hours", "at least 1"),
    ("close_early = false", 'close_early = "no"', "questions.motion.close_early", "true or false"),
    ('[questions.motion]\nmethod = "majority"', '[questions.motion]\nmethod = "schulze"', "questions.motion.method",
     "decided yes or no"),
    ('methods = ["stv", "irv", "schulze", "ranked_pairs"]', 'methods = ["stv", "copeland"]',
     "questions.election.methods[1]", "unknown value 'copeland'"),
])
def test_bad_windows_and_methods_are_refused_with_their_key(tmp_path: Path, old: str, new: str, path: str,
                                                           message: str) -> None:
    with pytest.raises(ConstitutionError) as info:
        _load(tmp_path, old, new)
    assert f": {path}: " in str(info.value) and message in str(info.value)
