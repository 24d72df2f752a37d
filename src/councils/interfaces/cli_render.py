"""Human-readable rendering of the state for `councils state`.

Readable at 80 columns: an id column is never cut short (a question id ending in "…" cannot
be told from its neighbours); the column that names each row keeps its ids whole on one
line, and the other columns fold their long ids onto further lines instead of cutting them.
`--json` is unaffected: it prints the snapshot itself.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree


def _table(title: str, key: str, keys: list[str], *columns: str) -> Table:
    """A table whose first column (`key`) keeps each id whole, the others folding."""
    table = Table(title=title)
    table.add_column(key, no_wrap=True, overflow="fold", min_width=max([len(key), *map(len, keys)]))
    for col in columns:
        if col == "kind":  # one short word ("accession"): never broken
            table.add_column(col, no_wrap=True, min_width=9)
        else:
            table.add_column(col, overflow="fold", ratio=2 if col in ("body", "delegates") else 1)
    return table


def render_state(console: Console, snapshot: dict[str, Any]) -> None:
    unions = _table("Unions", "union", list(snapshot["unions"]), "constitution", "members")
    for uid, u in snapshot["unions"].items():
        unions.add_row(uid, u["constitution"], ", ".join(u["members"]) or "-")
    republics = _table("Republics", "republic", list(snapshot["republics"]), "constitution", "union",
                       "residents")
    for rid, r in snapshot["republics"].items():
        residents = sum(snapshot["persons"].get(rid, {}).values())
        status = r["union"] or "independent"
        if r["seceding"]:
            status += f" (leaving {r['seceding']['effective_at']})"
        republics.add_row(rid, r["constitution"], status, str(residents))
    bodies = _table("Bodies and delegates", "body", list(snapshot["bodies"]), "kind", "delegates")
    for bid, b in snapshot["bodies"].items():
        seats = ", ".join(f"{d['person']} ({d['constituency']})" for d in b["delegates"])
        bodies.add_row(bid, b["council_kind"] or b["kind"], seats or "-")
    questions = _table("Questions", "question", list(snapshot["questions"]), "body", "kind", "status",
                       "outcome", "binding")
    for qid, q in snapshot["questions"].items():
        binding = "" if q["binding"] is None else ("yes" if q["binding"] else
                                                   f"no ({q['overridden_by'] or 'advisory'})")
        window = q["details"] or {}  # a voting window (domain/handlers/windows.py)
        when = (f", opens {window['opens_at']}" if q["status"] == "scheduled" and window.get("opens_at") else
                f", closes {window['closes_at']}" if q["status"] == "open" and window.get("closes_at") else "")
        questions.add_row(qid, q["body"], q["kind"], f"{q['status']} {q['participation']}/{q['electorate']}{when}",
                          q["outcome"] or "", binding)
    for table in (unions, republics, bodies, questions):
        console.print(table)
    for pyramid in snapshot.get("pyramids", {}).values():  # issue 12: who sent whom, level by level
        console.print(pyramid_tree(pyramid))
    console.print(f"as of {snapshot['as_of']}, ledger position {snapshot['position']}", markup=False)
    for effect in snapshot.get("due", []):
        console.print(f"due and not yet recorded: {effect['type']} of "
                      f"{effect.get('republic') or effect.get('question', '')} "
                      "(run `councils tick`, or `councils serve`, which records effects on time)",
                      markup=False, soft_wrap=True)


def pyramid_tree(pyramid: dict[str, Any]) -> Tree:
    """A republic's congress pyramid (application/pyramid_view.py) as a tree: each congress, the
    bodies that send to it and the delegates each seated there."""
    tree = Tree(Text(f"Congress pyramid of {pyramid['name']}"))
    for above in pyramid["above"]:
        names = ", ".join(d["name"] for d in above["delegates"]) or "no seat taken"
        tree.add(Text(f"in {above['name']} ({above['union_name']}): {names}"))
    _pyramid_level(tree.add(Text(f"{pyramid['congress']['name']}: {pyramid['congress']['seats']} seat(s)")),
                   pyramid["congress"])
    return tree


def _pyramid_level(branch: Tree, node: dict[str, Any]) -> None:
    for route in node["senders"]:
        names = ", ".join(d["name"] for d in route["delegates"]) or "no one yet"
        below = branch.add(Text(f"{route['name']} sent {names}"))
        if route.get("below"):
            _pyramid_level(below, route["below"])
    for d in node["other_delegates"]:
        branch.add(Text(f"{d['sent_by_name']} sent {d['name']}"))
