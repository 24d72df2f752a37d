"""`councils count`: the standalone Typer app through CliRunner, and the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from councils.counting import FORMATS
from councils.interfaces.cli_count import FILE_FORMATS, app, declared_options
from councils.interfaces.cli_count_job import ARGUMENT, OPTIONS
from tests.unit.counting.support import election_file

MEATH_WINNERS = "Noel Dempsey F.F., John Bruton F.G., Mary Wallace F.F., Damien English F.G., Johnny Brady F.F."

runner = CliRunner()
COUNCILS = Path(sys.executable).parent / "councils"  # the venv's console script, PATH or not


def test_meath_count_prints_every_round_and_the_winners() -> None:
    meath = election_file("ireland-2002-meath.soi")
    result = runner.invoke(app, [str(meath), "--method", "stv", "--seats", "5"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2002 Meath: STV, gregory transfers, 5 seats" in out
    assert "valid ballots 64,081; quota 10,681" in out
    assert "Round 2: surplus of Noel Dempsey F.F. at 853/11534 = 0.07396" in out
    assert "Round 13: votes of Joe Reilly S.F. (excluded)" in out
    assert "11,534 E" in out  # Dempsey elected on the first count
    assert out.count("64,081") >= 13  # the total row: votes conserved in every round
    assert f"Elected: {MEATH_WINNERS}" in out
    assert result.stderr == ""


def test_json_has_winners_rounds_and_quota() -> None:
    meath = election_file("ireland-2002-meath.soi")
    result = runner.invoke(app, [str(meath), "-m", "stv", "-s", "5", "--transfer", "meek", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["winners"] == MEATH_WINNERS.split(", ")
    assert document["title"] == "2002 Meath" and document["transfer"] == "meek"
    assert document["tolerance"] == {"exact": "1/1000000", "approx": 1e-06}
    assert document["rounds"][0]["tallies"]["Noel Dempsey F.F."] == 11534
    assert document["rounds"][1]["transfers"]["kind"] == "surplus"
    assert set(document["quota"]) == {"exact", "approx"}


@pytest.mark.parametrize("method", ["irv", "plurality", "approval"])
def test_other_methods(method: str) -> None:
    west = election_file("ireland-2002-dublin-west.soi")
    result = runner.invoke(app, [str(west), "--method", method, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["winners"] == ["Brian Lenihan F.F."]


def test_seats_default_to_the_blt_file(tmp_path: Path) -> None:
    path = tmp_path / "club.blt"
    path.write_text('3 2\n4 1 0\n3 2 0\n2 3 0\n0\n"Ann"\n"Bob"\n"Cy"\n"Club"\n', encoding="utf-8")
    result = runner.invoke(app, [str(path), "--method", "stv"])
    assert result.exit_code == 0, result.output
    assert "Club: STV, gregory transfers, 2 seats" in result.stdout
    assert "Elected: Ann, Bob" in result.stdout
    irv = runner.invoke(app, [str(path), "--method", "irv", "--json"])
    assert json.loads(irv.stdout)["seats"] == 1


def test_a_tie_is_reported_with_its_seed(tmp_path: Path) -> None:
    path = tmp_path / "tie.csv"
    path.write_text("A,B\n1,\n,1\n", encoding="utf-8")
    result = runner.invoke(app, [str(path), "--method", "irv", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "Tie in round 1 to exclude among A, B:" in result.stdout
    assert "by lot (seed 5)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{file}"], "error: --method is required: irv, stv, plurality, approval"),
        (["{file}", "--method", "copeland"], "error: unknown method 'copeland'"),
        (["{file}", "--method", "stv", "--seats", "x"], "error: --seats must be a whole number, got 'x'"),
        (["{file}", "--method", "stv", "--seats", "0"], "error: --seats must be at least 1, got 0"),
        (["{file}", "--method", "stv", "--seed", "-1"], "error: --seed must be at least 0, got -1"),
        (["{file}", "--method", "stv", "--transfer", "hare"], "error: unknown transfer rule 'hare'"),
        (["{file}", "--method", "irv", "--seats", "2"], "error: irv elects one candidate"),
        (["{file}", "--method", "stv", "--seats", "3"], "error: 3 seats but only 2 candidate(s)"),
        (["{missing}", "--method", "stv"], "cannot read the file"),
        (["{bad}", "--method", "stv"], "bad.soi, line 4: candidate 3 is not between 1 and 2"),
        (["{file}", "--method", "stv", "--format", "xls"], "unknown ballot file format 'xls'"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_code_2(tmp_path: Path, args: list[str], message: str) -> None:
    good = tmp_path / "good.csv"
    good.write_text("A,B\n1,2\n", encoding="utf-8")
    bad = tmp_path / "bad.soi"
    bad.write_text("# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,3\n")
    paths = {"file": good, "missing": tmp_path / "none.soi", "bad": bad}
    result = runner.invoke(app, [a.format(**paths) for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_councils_console_script_counts_meath() -> None:
    meath = election_file("ireland-2002-meath.soi")
    script = str(COUNCILS)
    done = subprocess.run(
        [script, "count", str(meath), "--method", "stv", "--seats", "5"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Elected: {MEATH_WINNERS}" in done.stdout
    failed = subprocess.run([script, "count", str(meath), "--method", "x"], capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    methods = "irv, stv, plurality, approval, schulze, ranked_pairs, borda"
    assert failed.stderr.strip() == f"error: unknown method 'x': use {methods}"


def test_the_script_takes_the_same_options_by_both_lanes(tmp_path: Path) -> None:
    """Plain arguments are parsed without typer (``run_plain``), anything else by typer:
    the same command line gives the same output and exit code either way."""
    west = election_file("ireland-2002-dublin-west.soi")
    plain = subprocess.run([str(COUNCILS), "count", str(west), "--method=irv", "-s", "1", "--json"],
                           capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    by_typer = subprocess.run([str(COUNCILS), "count", "--json", "-mirv", str(west)],  # -mirv: typer only
                              capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert plain.returncode == by_typer.returncode == 0, plain.stderr + by_typer.stderr
    assert json.loads(plain.stdout) == json.loads(by_typer.stdout)
    refused = subprocess.run([str(COUNCILS), "count", str(west), "--seed", "-1", "-m", "stv"],
                             capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert refused.returncode == 2 and refused.stderr == "error: --seed must be at least 0, got -1\n"
    unknown = subprocess.run([str(COUNCILS), "count", str(west), "--colour"], capture_output=True, text=True,
                             check=False, timeout=120)  # fmt: skip
    assert unknown.returncode == 2 and "No such option" in unknown.stderr


def test_the_help_names_the_formats_the_readers_know() -> None:
    assert FILE_FORMATS == FORMATS


def test_the_plain_lane_knows_exactly_the_options_typer_is_told() -> None:
    """`cli_count_job.OPTIONS` (read without typer) and `count_command`'s declarations agree."""
    assert declared_options() == (ARGUMENT, OPTIONS)


def test_a_plain_count_loads_neither_typer_nor_the_other_commands(tmp_path: Path) -> None:
    """The console script sends a plain `count` straight to the job: no typer, no CLI app."""
    meath = election_file("ireland-2002-meath.soi")
    code = ("import sys\n"
            f"sys.argv = ['councils', 'count', {str(meath)!r}, '--method', 'irv']\n"
            "from councils.interfaces.console import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
            "loaded = [m for m in ('typer', 'click', 'councils.interfaces.cli', 'rich') if m in sys.modules]\n"
            "print('LOADED', loaded, code, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert "Elected:" in done.stdout
    assert "LOADED [] 0" in done.stderr, done.stderr
