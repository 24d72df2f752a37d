"""`councils count --method schulze|ranked_pairs|borda` on CSV, PrefLib and BLT files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from councils.interfaces.cli_count import app

runner = CliRunner()

SOI = """# DATA TYPE: soi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Cy
# NUMBER VOTERS: 10
# NUMBER UNIQUE ORDERS: 4
4: 1,2,3
3: 2,3,1
2: 3,1,2
1: 1,3
"""
BLT = """3 1
4 1 2 3 0
3 2 3 1 0
2 3 1 2 0
1 1 3 0
0
"Ann"
"Bob"
"Cy"
"A cycle"
"""


def _files(tmp_path: Path) -> list[Path]:
    soi = tmp_path / "cycle.soi"
    soi.write_text(SOI)
    blt = tmp_path / "cycle.blt"
    blt.write_text(BLT)
    return [soi, blt]


@pytest.mark.parametrize("method", ["schulze", "ranked_pairs"])
def test_condorcet_methods_print_the_matrix_and_the_order(tmp_path: Path, method: str) -> None:
    for path in _files(tmp_path):
        result = runner.invoke(app, [str(path), "--method", method])
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "Head to head: voters ranking the row above the column" in out
        assert "Ann    -    7   5" in out
        assert "Order: Ann > Bob > Cy" in out and "Condorcet winner: (none)" in out
        assert ("Strongest paths" in out) == (method == "schulze")
        assert ("Skipped (would make a cycle): Cy > Ann" in out) == (method == "ranked_pairs")
        assert out.rstrip().endswith("Elected: Ann")


def test_json_carries_the_pairwise_matrix_and_paths(tmp_path: Path) -> None:
    soi = _files(tmp_path)[0]
    result = runner.invoke(app, [str(soi), "-m", "schulze", "--json", "--strength", "margin"])
    assert result.exit_code == 0, result.output
    pairwise = json.loads(result.stdout)["pairwise"]
    assert pairwise["matrix"] == [[0, 7, 5], [3, 0, 7], [5, 3, 0]]
    assert pairwise["strength"] == "margin" and pairwise["paths"][0] == [0, 4, 4]
    assert pairwise["ranking"] == [["Ann"], ["Bob"], ["Cy"]]


def test_borda_on_a_csv_file(tmp_path: Path) -> None:
    csv = tmp_path / "poll.csv"
    csv.write_text("Ann,Bob,Cy\n1,2,3\n1,2,3\n2,1,3\n3,2,1\n")
    result = runner.invoke(app, [str(csv), "--method", "borda", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["rounds"][0]["tallies"] == {"Ann": 5, "Bob": 5, "Cy": 2}
    assert len(document["winners"]) == 1 and document["ties"][0]["rule"] == "lot"


def test_an_unknown_strength_is_one_line_of_error(tmp_path: Path) -> None:
    result = runner.invoke(app, [str(_files(tmp_path)[0]), "-m", "schulze", "--strength", "votes"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown --strength 'votes': use winning_votes or margin"
