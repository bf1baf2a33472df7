"""Read-only questions asked of the database; every answer is a list of plain dicts.

The same rows feed the table, JSON and CSV writers (qtrack/output.py), which never query.
Filtering, sorting and counting happen in SQL. A task's current status and progress are those
of its latest update (by reported date, then by order of recording), found per task through
the index on task_update(task_id, date, id) rather than by loading the history.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from qtrack.status import CLOSED

_LATEST = ("(SELECT u.{col} FROM task_update u WHERE u.task_id = t.id AND u.{col} IS NOT NULL "
           "ORDER BY u.date DESC, u.id DESC LIMIT 1)")
# Every task with its current state; the outer queries filter and count over this.
CURRENT = (
    "SELECT t.*, COALESCE(" + _LATEST.format(col="status") + ", 'todo') AS status, "
    "COALESCE(" + _LATEST.format(col="progress") + ", 0) AS progress FROM task t"
)
_CLOSED_SQL = "(" + ", ".join(f"'{s}'" for s in CLOSED) + ")"


def is_late(row: dict | sqlite3.Row, as_of: dt.date) -> bool:
    return bool(row["due"]) and row["status"] not in CLOSED and row["due"] < as_of.isoformat()


def _task_dict(row: sqlite3.Row, as_of: dt.date) -> dict:
    due = row["due"]
    days_left = days_late = None
    if due and row["status"] not in CLOSED:
        delta = (dt.date.fromisoformat(due) - as_of).days
        days_left, days_late = (delta, None) if delta >= 0 else (None, -delta)
    out = {
        "ref": f"{row['plan_id']}/{row['code']}", "plan": row["plan_id"], "code": row["code"],
        "label": row["label"], "title": row["title"], "status": row["status"], "progress": row["progress"],
        "due": due, "days_left": days_left, "days_late": days_late, "lead": [], "support": [],
    }
    if row["retired"]:
        out["retired"] = True
    if "role" in row.keys():
        out["role"] = row["role"]
    return out


def _attach_departments(conn: sqlite3.Connection, rows: list[dict], ids: list[int]) -> None:
    by_id = {i: r for i, r in zip(ids, rows)}
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        for task, name, role in conn.execute(
                "SELECT td.task_id, d.name, td.role FROM task_department td JOIN department d ON d.id = td.department_id "
                f"WHERE td.task_id IN ({', '.join('?' * len(chunk))}) ORDER BY td.task_id, td.seq", chunk):
            by_id[task][role].append(name)


def tasks(conn: sqlite3.Connection, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None,
          role: str | None = None, statuses: Iterable[str] = (), due_before: dt.date | None = None,
          due_after: dt.date | None = None, search: str | None = None, include_retired: bool = False,
          late_only: bool = False) -> list[dict]:
    """Tasks in document order (or, with late_only, worst first), as dicts carrying their ref."""
    where, params = [], []
    join = ""
    if dept_id is not None:
        join = " JOIN task_department td ON td.task_id = c.id AND td.department_id = ?"
        params.append(dept_id)
        if role:
            join += " AND td.role = ?"
            params.append(role)
    if plan:
        where.append("c.plan_id = ?")
        params.append(plan)
    if not include_retired:
        where.append("NOT c.retired")
    statuses = list(statuses)
    if statuses:
        where.append(f"c.status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if due_before:
        where.append("c.due < ?")
        params.append(due_before.isoformat())
    if due_after:
        where.append("c.due > ?")
        params.append(due_after.isoformat())
    if search:
        # LIKE with escaping, so that % and _ in the search text match themselves.
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(c.title LIKE ? ESCAPE '\\' OR c.text LIKE ? ESCAPE '\\')")
        params.extend([pattern, pattern])
    if late_only:
        where.append(f"c.due < ? AND c.status NOT IN {_CLOSED_SQL}")
        params.append(as_of.isoformat())
    order = "c.due, c.plan_id, c.seq" if late_only else "c.plan_id, c.seq"
    if dept_id is not None:
        order = "td.role, " + order  # lead tasks first
    sql = (f"SELECT c.*{', td.role' if dept_id is not None else ''} FROM ({CURRENT}) c{join}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}")
    result = conn.execute(sql, params).fetchall()
    rows = [_task_dict(r, as_of) for r in result]
    _attach_departments(conn, rows, [r["id"] for r in result])
    return rows


def plans(conn: sqlite3.Connection, *, as_of: dt.date) -> list[dict]:
    """Each plan with its task counts, the share done and how many are late."""
    sql = f"""
        SELECT p.id, p.title, p.issuer, p.doc_no, p.issued, p.start, p."end", p.due,
               COUNT(c.id) AS tasks,
               SUM(c.status = 'done') AS done,
               SUM(c.status = 'dropped') AS dropped,
               SUM(c.due < :as_of AND c.status NOT IN {_CLOSED_SQL}) AS overdue
        FROM plan p LEFT JOIN ({CURRENT}) c ON c.plan_id = p.id AND NOT c.retired
        GROUP BY p.id ORDER BY p.id"""
    out = []
    for r in conn.execute(sql, {"as_of": as_of.isoformat()}):
        live = r["tasks"] - (r["dropped"] or 0)
        out.append({
            "plan": r["id"], "title": r["title"], "issuer": r["issuer"], "doc_no": r["doc_no"],
            "issued": r["issued"], "start": r["start"], "end": r["end"], "tasks": r["tasks"],
            "done": r["done"] or 0, "done_share": round((r["done"] or 0) / live, 3) if live else None,
            "overdue": r["overdue"] or 0,
        })
    return out


def departments(conn: sqlite3.Connection, *, as_of: dt.date, plan: str | None = None) -> list[dict]:
    """Every department with its load: tasks it leads and supports, open, done and late ones."""
    sql = f"""
        SELECT d.id, d.name, d.full_name,
               (SELECT group_concat(alias, '、') FROM department_alias a WHERE a.department_id = d.id) AS aliases,
               COUNT(c.id) AS tasks,
               SUM(td.role = 'lead') AS lead, SUM(td.role = 'support') AS support,
               SUM(c.status NOT IN {_CLOSED_SQL}) AS open,
               SUM(c.status = 'done') AS done,
               SUM(c.due < :as_of AND c.status NOT IN {_CLOSED_SQL}) AS overdue,
               SUM(td.role = 'lead' AND c.due < :as_of AND c.status NOT IN {_CLOSED_SQL}) AS overdue_lead
        FROM department d
        LEFT JOIN task_department td ON td.department_id = d.id
        LEFT JOIN ({CURRENT}) c ON c.id = td.task_id AND NOT c.retired AND (:plan IS NULL OR c.plan_id = :plan)
        GROUP BY d.id HAVING :plan IS NULL OR COUNT(c.id) > 0
        ORDER BY overdue_lead DESC, overdue DESC, open DESC, d.name"""
    return [{
        "department": r["name"], "full_name": r["full_name"],
        "aliases": r["aliases"].split("、") if r["aliases"] else [],
        "lead": r["lead"] or 0, "support": r["support"] or 0, "open": r["open"] or 0,
        "done": r["done"] or 0, "overdue": r["overdue"] or 0, "overdue_lead": r["overdue_lead"] or 0,
    } for r in conn.execute(sql, {"as_of": as_of.isoformat(), "plan": plan})]


def plan_status(conn: sqlite3.Connection, *, as_of: dt.date, plan: str | None = None) -> list[dict]:
    """Per plan, how many tasks stand at each status and how many are late."""
    sql = f"""
        SELECT c.plan_id, COUNT(*) AS tasks,
               SUM(c.status = 'todo') AS todo, SUM(c.status = 'doing') AS doing,
               SUM(c.status = 'done') AS done, SUM(c.status = 'blocked') AS blocked,
               SUM(c.status = 'dropped') AS dropped,
               SUM(c.due < :as_of AND c.status NOT IN {_CLOSED_SQL}) AS overdue
        FROM ({CURRENT}) c WHERE NOT c.retired AND (:plan IS NULL OR c.plan_id = :plan)
        GROUP BY c.plan_id ORDER BY c.plan_id"""
    return [{"plan": r["plan_id"], **{k: r[k] or 0 for k in
                                      ("tasks", "todo", "doing", "done", "blocked", "dropped", "overdue")}}
            for r in conn.execute(sql, {"as_of": as_of.isoformat(), "plan": plan})]


def task_detail(conn: sqlite3.Connection, task_id: int, *, as_of: dt.date) -> dict:
    """One task whole: text, departments by role, dates, phase, sub-tasks, targets, history."""
    row = conn.execute(f"SELECT * FROM ({CURRENT}) c WHERE c.id = ?", (task_id,)).fetchone()
    out = _task_dict(row, as_of)
    _attach_departments(conn, [out], [task_id])
    plan = conn.execute('SELECT title, start, "end" FROM plan WHERE id = ?', (row["plan_id"],)).fetchone()
    section = conn.execute("SELECT label, title FROM section WHERE id = ?", (row["section_id"],)).fetchone()
    parent = conn.execute("SELECT code FROM task WHERE id = ?", (row["parent_id"],)).fetchone()
    phase = None
    if row["due"]:
        phase = conn.execute('SELECT name, start, "end" FROM phase WHERE plan_id = ? AND start <= ? AND "end" >= ? '
                             "ORDER BY seq LIMIT 1", (row["plan_id"], row["due"], row["due"])).fetchone()
    out.update({
        "plan_title": plan["title"], "text": row["text"], "notes": row["notes"],
        "section": {"label": section["label"], "title": section["title"]} if section else None,
        "parent": f"{row['plan_id']}/{parent['code']}" if parent else None,
        "subtasks": [f"{row['plan_id']}/{r[0]}" for r in conn.execute(
            "SELECT code FROM task WHERE parent_id = ? AND NOT retired ORDER BY seq", (task_id,))],
        "phase": dict(phase) if phase else None,
        "targets": [{"ref": f"{row['plan_id']}/{r['code']}", "title": r["title"], "op": r["op"],
                     "value": [r["value"], r["value_high"]] if r["op"] == "between" else r["value"],
                     "unit": r["unit"], "due": r["due"]}
                    for r in conn.execute("SELECT * FROM target WHERE task_id = ? AND NOT retired ORDER BY seq",
                                          (task_id,))],
        "updates": [dict(r) for r in conn.execute(
            "SELECT date, by, status, progress, note, recorded_at FROM task_update WHERE task_id = ? "
            "ORDER BY date, id", (task_id,))],
    })
    return out
