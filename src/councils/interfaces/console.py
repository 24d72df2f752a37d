"""The `councils` console script: a plain `councils count` runs before anything else loads.

An election officer's ``councils count FILE --method irv`` is a one-shot process whose
start-up is most of its time: typer, the declarations of every other command and what
they import cost more than reading and counting a million ballots. So a plain count
command line goes straight to ``cli_count_job`` (NumPy and the counting package only);
anything else, help included, goes to the typer application in ``cli``.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["count"]:
        # One thread for OpenBLAS, unless the user chose: at NumPy's import it starts a
        # thread per core, which costs up to a third of that import on a busy machine
        # (bench/README.md, the CLI section), and a count does no work that would use them.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from councils.interfaces.cli_count_job import run_plain

        code = run_plain(sys.argv[2:])
        if code is not None:
            sys.stdout.flush()
            raise SystemExit(code)
    from councils.interfaces.cli import app

    app()
