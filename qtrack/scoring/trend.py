"""How things moved: 完成率 and red tasks month by month, and what changed since the last bulletin.

The trend has one point per month from the plan's start to the as-of date, each counted as of
the month's last day (the last point as of the as-of date itself), by the same rule as every
listing: 完成率 is done / live tasks not dropped; red is late and not closed.

"Since the last bulletin" compares the tasks as of two days, `since` and the as-of date:
newly done (done now, not then), newly late (red now, not then), and newly closed (red then,
closed — done or dropped — now: taken off the red list).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from qtrack.status import CLOSED

if TYPE_CHECKING:
    from qtrack.store import Store


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from start's to end's, the last one cut to `end`."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(min(dt.date(year, month, calendar.monthrange(year, month)[1]), end))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return out


def trend(store: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None) -> list[dict]:
    """One point a month, from the earliest plan start in scope to the as-of date."""
    from qtrack.store import score as stored

    first = stored.plan_start(store, plan=plan)
    if first is None or dt.date.fromisoformat(first) > as_of:
        return []
    points = []
    days = month_ends(dt.date.fromisoformat(first), as_of)
    counts = stored.monthly_counts(store, months=[day.strftime("%Y-%m") for day in days], as_of=as_of.isoformat(),
                                   plan=plan, dept_id=dept_id)
    for day, n in zip(days, counts):
        live = n["tasks"] - n["dropped"]
        points.append({"month": day.strftime("%Y-%m"), "as_of": day.isoformat(), "tasks": n["tasks"],
                       "done": n["done"], "red": n["red"], "rate": round(n["done"] / live, 3) if live else None})
    return points


def since(before: list[dict], now: list[dict]) -> dict[str, list[dict]]:
    """What changed between two task listings of the same scope (by ref), each list in document order."""
    then = {r["ref"]: r for r in before}
    out: dict[str, list[dict]] = {"done": [], "late": [], "closed": []}
    for r in now:
        old = then.get(r["ref"])
        if r["status"] == "done" and (old is None or old["status"] != "done"):
            out["done"].append(r)
        if r["light"] == "red" and (old is None or old["light"] != "red"):
            out["late"].append(r)
        if old is not None and old["light"] == "red" and r["status"] in CLOSED:
            out["closed"].append(r)
    return out
