"""Human-readable rendering of the state for `councils state`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def render_state(console: Console, snapshot: dict[str, Any]) -> None:
    unions = Table(title="Unions")
    for col in ("union", "constitution", "members"):
        unions.add_column(col)
    for uid, u in snapshot["unions"].items():
        unions.add_row(uid, u["constitution"], ", ".join(u["members"]) or "-")
    republics = Table(title="Republics")
    for col in ("republic", "constitution", "union", "residents"):
        republics.add_column(col)
    for rid, r in snapshot["republics"].items():
        residents = sum(snapshot["persons"].get(rid, {}).values())
        status = r["union"] or "independent"
        if r["seceding"]:
            status += f" (leaving {r['seceding']['effective_at']})"
        republics.add_row(rid, r["constitution"], status, str(residents))
    bodies = Table(title="Bodies and delegates")
    for col in ("body", "kind", "delegates"):
        bodies.add_column(col)
    for bid, b in snapshot["bodies"].items():
        seats = ", ".join(f"{d['person']} ({d['constituency']})" for d in b["delegates"])
        bodies.add_row(bid, b["council_kind"] or b["kind"], seats or "-")
    questions = Table(title="Questions")
    for col in ("question", "body", "kind", "status", "outcome", "binding"):
        questions.add_column(col)
    for qid, q in snapshot["questions"].items():
        binding = "" if q["binding"] is None else ("yes" if q["binding"] else
                                                   f"no ({q['overridden_by'] or 'advisory'})")
        questions.add_row(qid, q["body"], q["kind"], f"{q['status']} {q['participation']}/{q['electorate']}",
                          q["outcome"] or "", binding)
    for table in (unions, republics, bodies, questions):
        console.print(table)
    console.print(f"as of {snapshot['as_of']}, ledger position {snapshot['position']}", markup=False)
    for effect in snapshot.get("due", []):
        console.print(f"due and not yet recorded: {effect['type']} of {effect.get('republic', '')} "
                      "(run `councils tick`, or `councils serve`, which records effects on time)",
                      markup=False, soft_wrap=True)
