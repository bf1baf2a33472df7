"""The audit trail read back: every change to the database, who made it, when, with which command.

Progress is its own record (every update, measurement and duty report is signed and stamped
when written, and never rewritten); changes to definitions are the audit rows an import
writes. `qtrack log` reads them as one list, newest first.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from qtrack.queries import Page
from qtrack.status import CHINESE

_ENTRIES = """
SELECT u.id AS row, u.recorded_at AS at, u.by, u.command, t.plan_id AS plan, t.code, NULL AS period,
       'task' AS kind, 'update' AS action, u.date, u.status, u.progress, NULL AS value, u.note AS detail,
       t.id AS task_id, NULL AS duty_id
  FROM task_update u JOIN task t ON t.id = u.task_id
UNION ALL
SELECT m.id, m.recorded_at, m.by, m.command, g.plan_id, g.code, NULL, 'target', 'measure', m.date, NULL, NULL,
       m.value, m.note, g.task_id, NULL
  FROM measurement m JOIN target g ON g.id = m.target_id
UNION ALL
SELECT r.id, r.recorded_at, r.by, r.command, d.plan_id, d.code, r.period, 'duty', 'report', r.date, r.status, NULL,
       NULL, r.note, NULL, d.id
  FROM duty_report r JOIN duty d ON d.id = r.duty_id
UNION ALL
SELECT a.id, a.at, a.by, a.command, a.plan_id, a.code, NULL, a.kind, a.action, NULL, NULL, NULL, NULL, a.detail,
       CASE a.kind WHEN 'task' THEN (SELECT id FROM task WHERE plan_id = a.plan_id AND code = a.code)
                   WHEN 'target' THEN (SELECT task_id FROM target WHERE plan_id = a.plan_id AND code = a.code) END,
       CASE a.kind WHEN 'duty' THEN (SELECT id FROM duty WHERE plan_id = a.plan_id AND code = a.code) END
  FROM audit a
"""


def utc_start_of(day: dt.date) -> str:
    """Local midnight of `day` as a stored (UTC) timestamp, so --since means the user's day."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def entries(conn: sqlite3.Connection, *, as_of: dt.date, since: dt.date | None = None, plan: str | None = None,
            dept_id: int | None = None, by: str | None = None, limit: int | None = None) -> Page:
    """Changes newest first, optionally since a day, for one plan, department or author: a page
    of `limit` (None: all) and how many matched in all.

    As of a date, as everywhere: updates, measurements and duty reports dated after it are left
    out, and so are the changes imports made after its end (the audit rows, which carry no date
    but the moment they were made)."""
    where = ["(date <= :as_of OR (date IS NULL AND at < :until))"]
    params = {"as_of": as_of.isoformat(), "until": utc_start_of(as_of + dt.timedelta(days=1))}
    if since:
        where.append("at >= :since")
        params["since"] = utc_start_of(since)
    if plan:
        where.append("plan = :plan")
        params["plan"] = plan
    if by:
        where.append("by = :by")
        params["by"] = by
    if dept_id is not None:
        where.append("(task_id IN (SELECT task_id FROM task_department WHERE department_id = :dept) "
                     "OR duty_id IN (SELECT duty_id FROM duty_department WHERE department_id = :dept))")
        params["dept"] = dept_id
    matched = f"SELECT * FROM ({_ENTRIES}) WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) FROM ({matched})", params).fetchone()[0]
    rows = conn.execute(matched + " ORDER BY at DESC, row DESC LIMIT :limit", {**params, "limit": limit or -1})
    return Page((_entry(r) for r in rows), total, {})


def _entry(r: sqlite3.Row) -> dict:
    ref = r["plan"] + (f"/{r['code']}" if r["code"] else "") + (f"@{r['period']}" if r["period"] else "")
    at = dt.datetime.fromisoformat(r["at"]).replace(tzinfo=dt.timezone.utc)
    return {"at": at.isoformat(timespec="seconds"), "by": r["by"], "command": r["command"], "ref": ref,
            "kind": r["kind"], "action": r["action"], "date": r["date"], "status": r["status"],
            "progress": r["progress"], "value": r["value"], "detail": r["detail"], "what": _what(r)}


def _what(r: sqlite3.Row) -> str:
    """The change in a few words, as the log's table shows it."""
    if r["action"] == "update":
        parts = [CHINESE[r["status"]] if r["status"] else None,
                 f"{r['progress']}%" if r["progress"] is not None else None, r["detail"]]
        return " ".join(p for p in parts if p) + f" ({r['date']})"
    if r["action"] == "measure":
        return f"测得 {r['value']:g} ({r['date']})" + (f" {r['detail']}" if r["detail"] else "")
    if r["action"] == "report":
        met = {"done": "已完成", "todo": "未完成", "dropped": "免除"}[r["status"]]
        return f"{met} ({r['date']})" + (f" {r['detail']}" if r["detail"] else "")
    return f"{r['kind']} {r['action']}" + (f": {r['detail']}" if r["detail"] else "")
