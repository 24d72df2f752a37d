"""Geometry for the hand-drawn SVG charts: the rounds of a count, and a union's members.

Only numbers and labels are computed here; the templates draw them (and escape every
label). Each chart also has a table or list beside it with the same facts, so nothing is
only in the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

BAR_H = 18
GAP = 6
LABEL_W = 190
PLOT_W = 430
VALUE_W = 160
HEAD_H = 26


def number(value: Any) -> float:
    """A count's JSON number: an int, or {"exact": "n/d", "approx": x}."""
    if isinstance(value, dict):
        return float(value.get("approx", 0.0))
    return float(value or 0)


def shown(value: Any) -> str:
    """A count's number for people: exact integers as they are, fractions to two places."""
    if isinstance(value, dict):
        return f"{float(value.get('approx', 0.0)):.2f}"
    return str(value)


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    value: str
    status: str  # "elected", "excluded", "" (continuing)


@dataclass(frozen=True)
class RoundBlock:
    number: int
    y: float
    height: float
    bars: tuple[Bar, ...]
    quota_x: float | None
    note: str


@dataclass(frozen=True)
class CountChart:
    width: int
    height: float
    label_w: int
    plot_w: int
    rounds: tuple[RoundBlock, ...]
    candidates: tuple[str, ...]
    table: tuple[tuple[str, tuple[str, ...]], ...]  # candidate -> value per round
    quota: str | None
    transfers: tuple[str, ...] = field(default=())


def _transfer_text(transfer: dict[str, Any] | None, label: dict[str, str]) -> str:
    if not transfer:
        return ""
    sources = ", ".join(label.get(s, s) for s in transfer.get("from", []))
    moved = ", ".join(f"{shown(v)} to {label.get(k, k)}" for k, v in transfer.get("to", {}).items()
                      if number(v) != 0)
    kind = "surplus of" if transfer.get("kind") == "surplus" else "votes of excluded"
    value = f" at value {shown(transfer['value'])}" if transfer.get("value") is not None else ""
    exhausted = number(transfer.get("exhausted"))
    tail = f"; {shown(transfer.get('exhausted'))} exhausted" if exhausted else ""
    return f"{kind.capitalize()} {sources} transferred{value}: {moved or 'nothing'}{tail}"


def count_chart(count: dict[str, Any] | None, labels: dict[str, str]) -> CountChart | None:
    """Bars per candidate per round, scaled to the largest tally; the quota as a line."""
    if not count or not count.get("rounds"):
        return None
    rounds = count["rounds"]
    candidates = tuple(count.get("candidates") or sorted({c for r in rounds for c in r["tallies"]}))
    peak = max([number(v) for r in rounds for v in r["tallies"].values()] +
               [number(r.get("quota")) for r in rounds] + [1.0])
    scale = PLOT_W / peak
    blocks, y, transfers = [], 0.0, []
    done: set[str] = set()
    for r in rounds:
        bars = []
        row_y = y + HEAD_H
        for cand in candidates:
            if cand not in r["tallies"]:
                continue
            status = ("elected" if cand in r.get("elected", []) else
                      "excluded" if cand in r.get("eliminated", []) else
                      "elected earlier" if cand in done else "")
            tally = r["tallies"][cand]
            bars.append(Bar(labels.get(cand, cand), row_y, number(tally) * scale, shown(tally), status))
            row_y += BAR_H + GAP
        done.update(r.get("elected", []))
        quota = r.get("quota")
        note = _transfer_text(r.get("transfers"), labels)
        if note:
            transfers.append(f"Round {r['number']}: {note}")
        height = row_y - y + GAP
        blocks.append(RoundBlock(int(r["number"]), y, height, tuple(bars),
                                 number(quota) * scale if quota is not None else None, note))
        y += height + GAP
    table = tuple((labels.get(c, c), tuple(shown(r["tallies"][c]) if c in r["tallies"] else "-"
                                           for r in rounds)) for c in candidates)
    quota = count.get("quota")
    label_w, value_w = fitted_widths(blocks)
    blocks = [RoundBlock(b.number, b.y, b.height,
                         tuple(Bar(x.label, x.y, x.width * PLOT_W_FITTED / PLOT_W, x.value, x.status)
                               for x in b.bars),
                         b.quota_x * PLOT_W_FITTED / PLOT_W if b.quota_x is not None else None, b.note)
              for b in blocks]
    return CountChart(label_w + PLOT_W_FITTED + value_w, y, label_w, PLOT_W_FITTED, tuple(blocks),
                      candidates, table, shown(quota) if quota is not None else None,
                      tuple(transfers))


PLOT_W_FITTED = 320
CHAR_W = 7.2  # an average glyph of the 13 px labels


def fitted_widths(blocks: list[RoundBlock]) -> tuple[int, int]:
    """Room for the longest label and the longest value (with its status word), no more, so a
    chart of short labels stays legible when scaled down to a phone's width."""
    bars = [b for r in blocks for b in r.bars]
    longest = max((len(b.label) for b in bars), default=4)
    label_w = int(min(LABEL_W, max(48, longest * CHAR_W + 14)))
    value_w = int(min(VALUE_W, max(40, max((len(b.value) + len(b.status) + 3 for b in bars),
                                           default=4) * CHAR_W + 10)))
    return label_w, value_w


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    x: float
    y: float
    member: bool


@dataclass(frozen=True)
class UnionGraph:
    size: int
    center: float
    nodes: tuple[Node, ...]


def union_graph(members: list[dict[str, Any]], former: list[dict[str, Any]],
                size: int = 460) -> UnionGraph:
    """Members on an inner ring joined to the union; former members on an outer ring, unjoined."""
    c = size / 2
    nodes = []
    ring = size * 0.30
    for i, m in enumerate(members):
        angle = -math.pi / 2 + 2 * math.pi * i / len(members)
        nodes.append(Node(m["id"], m["name"], round(c + ring * math.cos(angle), 1),
                          round(c + ring * math.sin(angle), 1), True))
    # Former members on the outer ring, each in a gap between two members, never in line with one.
    ring, gaps = size * 0.40, max(len(members), 1)
    per_gap = -(-len(former) // gaps)
    for i, m in enumerate(former):
        gap, slot = i % gaps, i // gaps
        angle = -math.pi / 2 + 2 * math.pi * (gap + (slot + 1) / (per_gap + 1)) / gaps
        nodes.append(Node(m["id"], m["name"], round(c + ring * math.cos(angle), 1),
                          round(c + ring * math.sin(angle), 1), False))
    return UnionGraph(size, c, tuple(nodes))
