"""The README is a contract: its first lines, its command table and CI must agree with the code."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from councils.interfaces.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_run_and_test_commands() -> None:
    opening = README.split("```")[1]
    assert "make run" in opening and "make test" in opening


def test_ci_runs_the_readmes_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented_in_the_readme() -> None:
    group = get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"apply", "state", "ledger", "replay", "republic", "demo", "count", "serve"} <= set(names)
    for name in names:
        assert f"councils {name}" in README, f"`councils {name}` is not documented in README.md"


def test_every_example_file_is_run_by_the_demo() -> None:
    from councils.interfaces.demo import CASES

    files = {p.name for p in (ROOT / "src" / "councils" / "examples").glob("*.jsonl")}
    assert files == set(CASES)
