"""A target's course: met, not met, on its trajectory or behind it, and where a straight line
through its measurements reaches by its due date. Pure functions over dates and numbers.

  met            the latest measurement meets the goal;
  not-met        not met, and the due date has passed (or nothing else to judge by);
  on-trajectory  not met yet, before the due date, and at least where the path says it should be
                 by the latest measurement's date (the path's values joined by straight lines, ending
                 at the goal on the due date); with no path, where the forecast meets the goal;
  behind         the same, short of it;
  no-data        nothing measured.

The forecast is the least-squares straight line through every measurement (two or more, on two
or more days) read at the due date.
"""

from __future__ import annotations

import datetime as dt

from qtrack import targets as target_rules

Point = tuple[dt.date, float]


def better(op: str, path: list[Point], baseline: float | None, value: float) -> int:
    """+1 where a higher value is better, -1 where lower is (a ceiling, a falling path)."""
    if op in ("<", "<="):
        return -1
    if op in (">", ">="):
        return 1
    start = path[0][1] if path else baseline
    return -1 if start is not None and start > value else 1


def expected(path: list[Point], day: dt.date) -> float | None:
    """The path's value on `day`: between two of its dates on the straight line joining them, after
    the last its last value; None before the first (nothing is due yet)."""
    if not path or day < path[0][0]:
        return None
    for (d0, v0), (d1, v1) in zip(path, path[1:]):
        if d0 <= day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days if d1 > d0 else v1
    return path[-1][1]


def forecast(measured: list[Point], due: dt.date | None) -> float | None:
    """The least-squares line through the measurements, read at the due date; None with fewer than
    two days measured, or no due date."""
    if due is None or len({d for d, _ in measured}) < 2:
        return None
    xs = [d.toordinal() for d, _ in measured]
    ys = [v for _, v in measured]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return round(my + slope * (due.toordinal() - mx), 2)


def course(target: dict, path: list[Point], measured: list[Point], *, as_of: dt.date) -> dict:
    """{course, expected (by the path at the latest measurement), forecast (at the due date)} of a
    target row (op, value, due, baseline as the listing gives them)."""
    op, value = target["op"], target["value"]
    low, high = (value[0], value[1]) if op == "between" else (value, None)
    due = dt.date.fromisoformat(target["due"]) if target["due"] else None
    full = path + ([(due, low)] if due and op != "between" and (not path or path[-1][0] < due) else [])
    ahead = forecast(measured, due)
    out = {"course": "no-data", "expected": None, "forecast": ahead}
    if not measured:
        return out
    day, latest = measured[-1]
    want = expected(full, day) if path else None
    out["expected"] = None if want is None else round(want, 2)
    if target_rules.is_met(op, low, high, latest):
        out["course"] = "met"
    elif due is not None and due < as_of:
        out["course"] = "not-met"
    elif want is not None:
        sign = better(op, path, target["baseline"], low)
        out["course"] = "on-trajectory" if (latest - want) * sign >= 0 else "behind"
    elif ahead is not None:
        out["course"] = "on-trajectory" if target_rules.is_met(op, low, high, ahead) else "behind"
    else:
        out["course"] = "not-met"
    return out


def with_course(store, rows: list[dict], *, as_of: dt.date) -> list[dict]:
    """Target rows (queries.target_page) given their course, expected value, forecast and measurements."""
    from qtrack.store import score as stored

    measured = stored.series(store, as_of=as_of.isoformat(), refs=[t["ref"] for t in rows])
    for t in rows:
        points = [(dt.date.fromisoformat(d), v) for d, v in measured[t["ref"]]]
        path = [(dt.date.fromisoformat(d), v) for d, v in t["path"]]
        t.update(course(t, path, points, as_of=as_of))
        t["measurements"] = [[d.isoformat(), v] for d, v in points]
    return rows
