"""Render benchmark tables: Markdown for people, PNG plots (matplotlib) for a glance."""

from __future__ import annotations

from pathlib import Path

from bench.harness import Row, Table, Target


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:,.1f}"
    return f"{value:.3g}"


def _seconds(value: float) -> str:
    return f"{value:,.1f} s" if value >= 10 else f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def _peers(table: Table, row: Row) -> str:
    if row.peer:
        return "peer"
    peers = [p for p in table.rows if p.peer and p.group == row.group]
    return ", ".join(f"{row.rate / p.rate:.2f}× {p.label}" for p in peers if p.rate) or "-"


def _meets(table: Table, target: Target) -> list[str]:
    out = []
    for row in table.rows:
        if target.label not in row.label or row.peer:
            continue
        checks = []
        if target.min_rate is not None:
            ok = row.rate >= target.min_rate
            checks.append(f"{_num(row.rate)}/s {'≥' if ok else '<'} {_num(target.min_rate)}/s "
                          f"{'met' if ok else '**missed**'}")
        if target.min_peer_ratio is not None:
            for peer in (p for p in table.rows if p.peer and p.group == row.group and p.rate):
                ratio = row.rate / peer.rate
                ok = ratio >= target.min_peer_ratio
                checks.append(f"{ratio:.2f}× {peer.label} {'≥' if ok else '<'} "
                              f"{target.min_peer_ratio:.2f}× {'met' if ok else '**missed**'}")
        out.append(f"- {row.label}{f' ({row.group})' if row.group else ''}: {'; '.join(checks)}")
    return out


def table_markdown(table: Table) -> str:
    unit = table.unit
    lines = [f"### {table.title}", "",
             f"| variant | db | {unit} | median time | {unit}/s (median) | min–max {unit}/s "
             "| peak MiB (base) | vs peers |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for row in table.rows:
        rates = row.rates
        span = f"{_num(min(rates))}–{_num(max(rates))}" if rates else "-"
        label = row.label + (f" ({row.note})" if row.note else "")
        lines.append(f"| {label} | {row.group or '-'} | {row.items:,} | {_seconds(row.median_seconds)} "
                     f"| {_num(row.rate)} | {span} | {row.peak_mib:,.0f} ({row.base_mib:,.0f}) "
                     f"| {_peers(table, row)} |")
    runs = {len(r.samples) for r in table.rows}
    lines.append("")
    lines.append(f"Runs per row: {', '.join(map(str, sorted(runs)))} ({table.runs_are}).")
    for target in table.targets:
        lines.append("")
        lines.append(f"Target: {target.text}")
        lines.extend(_meets(table, target))
    if table.series:
        lines.append("")
        x, y = table.series_axes
        lines.append(f"| series | {x} → {y} |")
        lines.append("|---|---|")
        for name, points in table.series.items():
            lines.append(f"| {name} | " + ", ".join(f"{_num(a)} → {_num(b)}" for a, b in points) + " |")
    for note in table.notes:
        lines.append("")
        lines.append(note)
    return "\n".join(lines) + "\n"


def plot(name: str, tables: list[Table], out_dir: Path) -> list[Path]:
    """One PNG per table: rates as bars (peers hatched), and series as lines if any."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # plots are optional: pip install matplotlib (the bench extra)
        return []
    paths = []
    for i, table in enumerate(tables):
        panels = 2 if table.series else 1
        fig, axes = plt.subplots(1, panels, figsize=(7 * panels, 0.5 * len(table.rows) + 1.8),
                                 squeeze=False)
        ax = axes[0][0]
        labels = [f"{r.label} [{r.group}]" if r.group else r.label for r in table.rows]
        rates = [r.rate for r in table.rows]
        errors = [[r.rate - min(r.rates, default=r.rate) for r in table.rows],
                  [max(r.rates, default=r.rate) - r.rate for r in table.rows]]
        bars = ax.barh(labels, rates, xerr=errors, color=["#bbbbbb" if r.peer else "#4c72b0"
                                                          for r in table.rows])
        for bar, row in zip(bars, table.rows, strict=True):
            if row.peer:
                bar.set_hatch("//")
        ax.invert_yaxis()
        ax.set_xlabel(f"{table.unit}/s (median; bars: min-max)")
        ax.set_title(table.title, fontsize=9)
        if table.series:
            line_ax = axes[0][1]
            for label, points in table.series.items():
                line_ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
            line_ax.set_xlabel(table.series_axes[0])
            line_ax.set_ylabel(table.series_axes[1])
            line_ax.set_ylim(bottom=0)
            line_ax.legend(fontsize=7)
            line_ax.set_title("as the ledger grows", fontsize=9)
        fig.tight_layout()
        path = out_dir / f"{name}-{i + 1}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        paths.append(path)
    return paths
