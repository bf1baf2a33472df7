"""Each department's score from its events and the rules, with the breakdown by rule, ranked.

score = base + Σ over categories of (the category's points, held within ±cap), where an event's
points are its category's `points` (a late task also `points_every_days` for every full
`every_days` days late). Every department that leads a task or a duty in scope is ranked, with
no events at all too (it keeps the base score).

Ranking, and how ties are broken (the rule every output states): a higher score first; on equal
scores, fewer points lost (the sum of the deducting categories) first; still equal, the
departments share the rank and are listed by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from qtrack.scoring.events import KINDS, Event
from qtrack.scoring.rules import Rules

TIE_RULE = ("ranked by score; on equal scores, fewer points lost ranks first; "
            "still equal, the rank is shared (并列) and names are in code-point order")
TIE_RULE_ZH = "得分高者居前；得分相同，扣分少者居前；仍相同者并列，按名称排列"  # the bulletin's and the ledger's words


def points(event: Event, rules: Rules) -> float:
    return rules.rule(event.kind).points_for(event.days_late)


def score(department: str, events: Iterable[Event], rules: Rules) -> dict:
    """One department's score, its breakdown (one entry per kind) and the events it comes from."""
    mine = [e for e in events if e.department == department]
    breakdown = []
    for kind in KINDS:
        rule = rules.rule(kind.key)
        these = [e for e in mine if e.kind == kind.key]
        raw = sum(points(e, rules) for e in these)
        breakdown.append({"rule": kind.key, "label": kind.label, "events": len(these), "points": number(raw),
                          "counted": number(rule.capped(raw)), "cap": rule.cap})
    total = rules.base + sum(b["counted"] for b in breakdown)
    return {"department": department, "score": number(total), "base": number(rules.base),
            "lost": number(-sum(min(0, b["counted"]) for b in breakdown)), "breakdown": breakdown,
            "events": [{"rule": e.kind, "ref": e.ref, "title": e.title, "date": e.date.isoformat(),
                        "days_late": e.days_late, "points": number(points(e, rules))} for e in mine]}


def rank(departments: Iterable[str], events: list[Event], rules: Rules) -> list[dict]:
    """Every department's score, best first, each with its rank and, when it ties, why it stands where it does."""
    departments = list(departments)
    mine: dict[str, list[Event]] = {d: [] for d in departments}  # each one's events, read once, not once a department
    for e in events:
        if e.department in mine:
            mine[e.department].append(e)
    rows = sorted((score(d, mine[d], rules) for d in departments), key=lambda r: (-r["score"], r["lost"], r["department"]))
    for i, row in enumerate(rows):
        row["rank"] = 1 + sum(1 for r in rows if (r["score"], -r["lost"]) > (row["score"], -row["lost"]))
        row["tie"] = _tie(row, rows)
        rows[i] = {"rank": row.pop("rank"), **row}
    return rows


_NAMED = 3  # the departments a tie names; in a tie of forty, forty names in each of forty rows hid the table


def _tie(row: dict, rows: list[dict]) -> str | None:
    """Why a department tied on score stands where it does; None when nobody shares its score.
    In Chinese whatever the interface's language, as the bulletin and the ledger that carry it are,
    and so that JSON is the same in both."""
    level = [r for r in rows if r["score"] == row["score"] and r is not row]
    if not level:
        return None
    shared = [r["department"] for r in level if r["lost"] == row["lost"]]
    apart = [r for r in level if r["lost"] != row["lost"]]
    parts = []
    if apart:
        others = "、".join(_fmt(r["lost"]) for r in apart[:_NAMED]) + ("…" if len(apart) > _NAMED else "")
        parts.append(f"与{_some([r['department'] for r in apart])}同分，按扣分排位（本部门扣 {_fmt(row['lost'])} 分，"
                     f"对方依次扣 {others} 分）")
    if shared:
        parts.append(f"与{_some(shared)}并列")
    return "；".join(parts)


def _some(names: list[str]) -> str:
    """The first _NAMED names, and how many more (one more is named: its name is no longer)."""
    if len(names) <= _NAMED + 1:
        return "、".join(names)
    return f"{'、'.join(names[:_NAMED])}及另外 {len(names) - _NAMED} 个部门"


def number(value: float) -> float | int:
    """A whole number of points as an int (100, not 100.0), a fraction as it is, rounded for display."""
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _fmt(value: float | int) -> str:
    return f"{value:g}"
