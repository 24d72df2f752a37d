"""The work of `councils count FILE`, without typer: read, count, print, exit code.

``councils count`` is a one-shot process whose start-up is most of its time, so the
console script (``interfaces/console.py``) sends a plain command line here before
importing typer or the rest of the CLI; ``cli_count.count_command`` declares the same
options to typer (help, and anything not plain) and calls `count_file`. A test keeps
`OPTIONS` equal to what ``count_command`` declares.

Every error is one line on stderr and exit code 2 (`SystemExit`, which typer passes on).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from collections.abc import Callable
    from fractions import Fraction

    from councils.counting import Ballots, CountResult, Round

# The formats ``councils.counting.FORMATS`` reads, named here so that the help text does
# not import the counting package (and NumPy) for ``--help`` (a test keeps them equal).
FILE_FORMATS = ("soi", "toi", "soc", "toc", "blt", "csv")
CLI_METHODS = ("irv", "stv", "plurality", "approval", "schulze", "ranked_pairs", "borda")
STRENGTHS = ("winning_votes", "margin")
EXIT_ERROR = 2

ARGUMENT = "file"
OPTIONS: dict[str, tuple[str, bool]] = {  # flag: (parameter of `count_file`, a switch?)
    "--method": ("method", False), "-m": ("method", False),
    "--seats": ("seats", False), "-s": ("seats", False),
    "--transfer": ("transfer", False), "-t": ("transfer", False),
    "--strength": ("strength", False),
    "--seed": ("seed", False),
    "--format": ("file_format", False), "-f": ("file_format", False),
    "--json": ("as_json", True),
}


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: what a script or a person can act on."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    raise SystemExit(EXIT_ERROR)


def _whole(value: str | None, option: str, default: int, least: int) -> int:
    """Parse a whole-number option ourselves, so a bad value is a one-line error too."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        _fail(f"{option} must be a whole number, got {value!r}")
    if number < least:
        _fail(f"{option} must be at least {least}, got {number}")
    return number


def count_file(file: str | os.PathLike[str], method: str | None = None, seats: str | None = None,
               transfer: str = "gregory", strength: str = "winning_votes", seed: str | None = None,
               file_format: str | None = None, as_json: bool = False) -> None:
    """Count a ballot file and print every round, the quota, transfers, ties and winners."""
    from councils.counting import CountError, TieBreak, compiled, count, read_ballot_file

    compiled.one_shot = True  # this process counts one file: numba only if that pays for it
    if method is None:
        _fail(f"--method is required: {', '.join(CLI_METHODS)}")
    if method not in CLI_METHODS:
        _fail(f"unknown method {method!r}: use {', '.join(CLI_METHODS)}")
    if strength not in STRENGTHS:
        _fail(f"unknown --strength {strength!r}: use {' or '.join(STRENGTHS)}")
    lot_seed = _whole(seed, "--seed", 0, 0)
    try:
        ballots = read_ballot_file(file, file_format)
        default_seats = 1 if method == "irv" else (ballots.seats or 1)
        n_seats = _whole(seats, "--seats", default_seats, 1)
        result = count(ballots, method, seats=n_seats, transfer=transfer, tie_break=TieBreak(seed=lot_seed),
                       strength=strength)
    except CountError as exc:
        _fail(str(exc))
    except MemoryError:
        _fail(f"{file}: not enough memory to count this file")
    if as_json:
        document = {"file": str(file), "title": ballots.title, **result.to_dict()}
        import json

        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:  # bold marks only for a terminal
        sys.stdout.write(render(file, ballots, result, _terminal_columns(), bold=sys.stdout.isatty()))


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it ($COLUMNS, then the
    terminal of stdout, else 80), without importing shutil (and fnmatch, re) for it."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def run_plain(argv: list[str]) -> int | None:
    """Run ``councils count ARGS`` when ARGS are plain; the exit code, or None for typer.

    None whenever anything is not plain: help, an unknown or repeated option, a missing
    value or file, a second file, ``--``. (Typer 0.29 would coerce every option value
    through a pydantic ``TypeAdapter``: importing pydantic and typer costs more than
    counting a million ballots.)
    """
    values = _plain_values(argv)
    if values is None:
        return None
    try:
        count_file(**values)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _plain_values(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of ``count_command`` for a plain command line, else None."""
    argument, flags = ARGUMENT, OPTIONS
    values: dict[str, Any] = {}
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-") or token == "-":
            if argument in values:
                return None
            values[argument] = token
            continue
        flag, equals, given = token.partition("=")
        if flag not in flags or flags[flag][0] in values:
            return None
        name, switch = flags[flag]
        if switch:
            if equals:
                return None
            values[name] = True
            continue
        value = given if equals else next(tokens, None)
        if value is None:
            return None
        values[name] = value
    return values if argument in values else None


# -- the readable table ---------------------------------------------------------------


def _show(value: Fraction | None) -> str:
    """A vote total for people: whole numbers as they are, fractions to two decimals."""
    if value is None:
        return ""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


def _order(result: CountResult) -> list[str]:
    """Rows: winners in order of election, then the others, last excluded first."""
    out = list(result.winners)
    for round_ in reversed(result.rounds):
        out += [c for c in round_.eliminated if c not in out]
    out += [c for c in result.candidates if c not in out]
    return out


def _action(round_: Round, meek: bool) -> str:
    """What moved into a round, in words."""
    moved = round_.transfers
    if moved is None:
        return "first preferences"
    sources = ", ".join(moved.sources)
    if moved.kind == "surplus" and meek:
        return f"surplus of {sources} (keep factors recomputed)"
    if moved.kind == "surplus":
        value = ""
        if moved.value is not None:
            exact = f"{moved.value} = " if len(str(moved.value)) <= 15 else ""
            value = f" at {exact}{float(moved.value):.5f}"
        return f"surplus of {sources}{value}"
    return f"votes of {sources} (excluded)"


def render(file: str | os.PathLike[str], ballots: Ballots, result: CountResult, width: int, bold: bool = False) -> str:
    """The count as text: tables of rounds (split to fit ``width`` columns) and a summary.

    Plain text built here rather than by rich: importing rich's console and tables costs
    more than counting a million ballots. ``bold`` marks the headings (ANSI codes, which
    `count_file` leaves out when the output is not a terminal).
    """

    def strong(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if bold else text

    lines: list[str] = []
    method = result.method.upper() if result.method in ("irv", "stv") else result.method
    if result.transfer:
        method += f", {result.transfer} transfers"
    seats = f"{result.seats} seat{'s' if result.seats != 1 else ''}"
    lines.append(strong(f"{ballots.title or os.path.basename(os.fspath(file))}: {method}, {seats}"))
    facts = f"valid ballots {result.valid:,}"
    if result.quota is not None:
        facts += f"; quota {_show(result.quota)}"
    lines.append(facts)
    rows = _order(result)
    name_width = max(len(r) for r in [*rows, "Exhausted"])
    per_table = max(1, (width - name_width - 4) // 13)
    rounds = list(result.rounds)
    for start in range(0, len(rounds), per_table):
        chunk = rounds[start : start + per_table]
        table = [["Round", *(str(round_.number) for round_ in chunk)]]
        for name in rows:
            cells = [name]
            for round_ in chunk:
                value = _show(round_.tallies.get(name)) if name in round_.tallies else "-"
                mark = " E" if name in round_.elected else (" X" if name in round_.eliminated else "  ")
                cells.append(value + mark)
            table.append(cells)
        if any(r.transfers is not None for r in rounds) or result.method in ("irv", "stv"):
            table.append(["Exhausted", *[_show(r.exhausted) + "  " for r in chunk]])
        if result.pairwise is None:  # a Condorcet round counts places in an order, not votes
            table.append(["Total", *[_show(sum(r.tallies.values(), r.exhausted)) + "  " for r in chunk]])
        lines.append("")
        lines += _columns(table, strong)
    lines.append("")
    if len(rounds) > 1:
        for round_ in rounds:
            meek = result.transfer == "meek"
            lines.append(f"Round {round_.number}: {_action(round_, meek)}")
        lines.append("E = elected, X = excluded in that round; fractions shown to 2 decimals (--json is exact)")
    for tie in result.ties:
        how = "by earlier rounds" if tie.rule == "earlier_rounds" else f"by lot (seed {tie.seed})"
        lines.append(
            f"Tie in round {tie.round} to {tie.decision} among {', '.join(tie.candidates)}: {tie.chosen}, {how}"
        )
    if result.pairwise is not None:
        lines += _pairwise_lines(result, strong)
    lines += [f"Note: {note}" for note in result.notes]
    lines.append(strong(f"Elected: {', '.join(result.winners) or '(none)'}"))
    return "\n".join(lines) + "\n"


def _pairwise_lines(result: CountResult, strong: Callable[[str], str]) -> list[str]:
    """The pairwise matrix (row over column), the strongest paths or the locked pairs,
    and the method's order."""
    pairwise = result.pairwise
    assert pairwise is not None
    names = list(result.candidates)
    lines = ["", strong("Head to head: voters ranking the row above the column")]
    table = [["", *names]]
    for i, name in enumerate(names):
        table.append([name, *("-" if i == j else f"{v:,}" for j, v in enumerate(pairwise.matrix[i]))])
    lines += _columns(table, strong)
    if pairwise.paths is not None:
        lines += ["", strong(f"Strongest paths ({pairwise.strength.replace('_', ' ')})")]
        table = [["", *names]]
        for i, name in enumerate(names):
            table.append([name, *("-" if i == j else f"{v:,}" for j, v in enumerate(pairwise.paths[i]))])
        lines += _columns(table, strong)
    if pairwise.locked is not None:
        lines.append("")
        lines.append("Locked: " + ", ".join(f"{a} > {b}" for a, b in pairwise.locked))
        if pairwise.skipped:
            lines.append("Skipped (would make a cycle): " + ", ".join(f"{a} > {b}" for a, b in pairwise.skipped))
        if pairwise.tie_order is not None:
            lines.append("Pairs of equal strength taken in the order drawn by lot: " + " > ".join(pairwise.tie_order))
    lines.append("Order: " + " > ".join(" = ".join(group) for group in pairwise.ranking))
    lines.append(f"Condorcet winner: {pairwise.condorcet_winner or '(none)'}")
    return lines


def _columns(table: list[list[str]], strong: Callable[[str], str]) -> list[str]:
    """A table's lines: the first column to the left, the others to the right, two spaces
    between columns, the header row marked ``strong``."""
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    out = []
    for number, row in enumerate(table):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        line = "  ".join(cells).rstrip()
        out.append(strong(line) if number == 0 else line)
    return out
