"""References a user types — PLAN/CODE, plan ids, department names — resolved to rows.

A miss is a NotFound carrying the closest existing names, so the user sees what they meant.
"""

from __future__ import annotations

import sqlite3

from qtrack.errors import NotFound, QtrackError
from qtrack.names import closest, normalize


def split_ref(ref: str) -> tuple[str, str]:
    plan, sep, code = ref.strip().partition("/")
    if not sep or not plan or not code:
        raise QtrackError(f"{ref!r} is not a reference; write PLAN/CODE, e.g. 2016/3")
    return plan, code


def plan_id(conn: sqlite3.Connection, plan: str) -> str:
    plans = [r[0] for r in conn.execute("SELECT id FROM plan ORDER BY id")]
    if plan in plans:
        return plan
    raise NotFound("plan", plan, closest(plan, plans))


def task_id(conn: sqlite3.Connection, ref: str) -> int:
    """The id of the task PLAN/CODE (a retired one too: its history stays reachable)."""
    plan, code = split_ref(ref)
    plan = plan_id(conn, plan)
    row = conn.execute("SELECT id FROM task WHERE plan_id = ? AND code = ?", (plan, code)).fetchone()
    if row:
        return row[0]
    codes = [r[0] for r in conn.execute("SELECT code FROM task WHERE plan_id = ? AND NOT retired ORDER BY seq",
                                         (plan,))]
    raise NotFound("task", ref, [f"{plan}/{c}" for c in closest(code, codes)])


def department(conn: sqlite3.Connection, name: str) -> tuple[int, str]:
    """(id, canonical name) of a department named by its name or one of its aliases."""
    wanted = normalize(name)
    row = conn.execute("SELECT id, name FROM department WHERE name = ? UNION ALL "
                       "SELECT d.id, d.name FROM department_alias a JOIN department d ON d.id = a.department_id "
                       "WHERE a.alias = ?", (wanted, wanted)).fetchone()
    if row:
        return row[0], row[1]
    names = [r[0] for r in conn.execute("SELECT name FROM department UNION SELECT alias FROM department_alias")]
    raise NotFound("department", wanted, closest(wanted, sorted(names)))
