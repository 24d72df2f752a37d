"""`councils state` at 80 columns: every question id whole on its line, nothing cut with "…"."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from councils.application.governance import Governance
from councils.interfaces.cli import app
from councils.interfaces.cli_render import render_state

pytest_plugins = ("tests.interfaces.api_fixtures",)


def test_state_at_80_columns_keeps_every_question_id_whole(demo_gov: Governance) -> None:
    snapshot = demo_gov.snapshot()
    buffer = io.StringIO()
    render_state(Console(file=buffer, width=80, force_terminal=False, color_system=None), snapshot)
    text = buffer.getvalue()
    assert "…" not in text, "no cell is cut short"
    assert max(len(line) for line in text.splitlines()) <= 80
    rows = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    for question in snapshot["questions"]:
        assert question in rows, f"{question} is not whole in the first column"


def test_state_json_is_not_shortened_by_a_narrow_terminal(demo_template: Path, tmp_path: Path,
                                                          demo_gov: Governance) -> None:
    path = tmp_path / "cli.db"
    shutil.copy(demo_template, path)
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{path}", "state", "--json"],
                                env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    expected = json.loads(json.dumps(demo_gov.snapshot()))
    for part in ("unions", "republics", "bodies", "questions", "persons"):
        assert printed[part] == expected[part], part
