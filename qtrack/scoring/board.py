"""The 考核 ranking as one document, asked of the store once: what `score`, the ledger's 考核 sheet
and the bulletin's 红榜/黑榜 all show."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack.scoring import events, rules as rules_file, scorer
from qtrack.scoring.window import Window

if TYPE_CHECKING:
    from qtrack.store import Store


def ranking(store: Store, *, window: Window, plan: str | None = None, rules: rules_file.Rules | None = None) -> dict:
    """Every leading department's score over the window, best first, with the rules it was scored by."""
    from qtrack.store import score as stored

    rules = rules or rules_file.load()
    found = events.gather(store, window, plan)
    departments = stored.leading_departments(store, as_of=window.end.isoformat(), plan=plan)
    return {"as_of": window.end.isoformat(), "from": window.start.isoformat() if window.start else None,
            "to": window.end.isoformat(), "period": window.label, "plan": plan, "rules": rules.source,
            "base": scorer.number(rules.base), "tie_rule": scorer.TIE_RULE,
            "departments": scorer.rank(departments, found, rules)}


def flat(row: dict) -> dict:
    """A ranking row with its breakdown as one column per rule (CSV, the ledger sheet)."""
    return {"rank": row["rank"], "department": row["department"], "score": row["score"], "base": row["base"],
            **{b["rule"]: b["counted"] for b in row["breakdown"]}, "lost": row["lost"], "tie": row["tie"]}


def whole(as_of: dt.date) -> Window:
    """Everything up to the as-of date (the bulletin's and the ledger's window)."""
    return Window(None, as_of, f"… – {as_of}")


def podium(rows: list[dict], places: int = 3) -> dict[str, list[dict]]:
    """红榜 (the best `places` ranks, ties at the edge included) and 黑榜 (the worst, worst first,
    none of them on the 红榜)."""
    top = [r for r in rows if r["rank"] <= places]
    bottom = [r for r in rows if 1 + sum(o["score"] < r["score"] or (o["score"] == r["score"] and o["lost"] > r["lost"])
                                         for o in rows) <= places and r not in top]
    return {"red": top, "black": bottom[::-1]}
