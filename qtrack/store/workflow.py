"""The statements of the supervision workflow (qtrack/workflow/): its steps on tasks, appended and
never rewritten, the requests for extension still waiting, and the office's reassignments.

A step's as-of rule is store/state.py's (a step dated after the day has not happened yet); the
questions here take :as_of the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

STEP_COLUMNS = ("task_id", "date", "recorded_at", "by", "role", "action", "department_id", "due",
                "departments", "overrode", "detail", "command")


def append(store: Store, row: dict) -> int:
    """Insert one step (keys among STEP_COLUMNS); return its id."""
    assert set(row) <= set(STEP_COLUMNS)
    return store.insert(f"INSERT INTO task_step ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        tuple(row.values()))


def latest_date(store: Store, task_id: int) -> str | None:
    """The day of the task's latest step, or None: a new step is not dated before it."""
    return store.one("SELECT MAX(date) FROM task_step WHERE task_id = ?", (task_id,))[0]


def task_state(store: Store, task_id: int, *, as_of: str) -> dict:
    """One task's row of store/state.py's CURRENT (light left at its defaults), as a dict."""
    from qtrack.store import state

    row = store.one(f"SELECT * FROM ({state.current(store.engine)}) c WHERE c.id = :id",
                    state.params(as_of, None, id=task_id))
    return dict(zip(row.keys(), row))


def links(store: Store, task_id: int) -> list[tuple[int, str]]:
    """The task's departments as (id, role), lead first, in the order they were named."""
    return [(r[0], r[1]) for r in store.execute(
        "SELECT department_id, role FROM task_department WHERE task_id = ? ORDER BY seq", (task_id,))]


def names(store: Store, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {r[0]: r[1] for r in store.execute(
        f"SELECT id, name FROM department WHERE id IN ({', '.join('?' * len(ids))})", ids)}


def steps(store: Store, task_id: int, *, as_of: str) -> list[dict]:
    """Every step of a task dated on or before `as_of`, oldest first, with the acting department's name."""
    return [dict(zip(r.keys(), r)) for r in store.execute(
        "SELECT s.id, s.date, s.recorded_at, s.by, s.role, s.action, d.name AS department, s.due, "
        "s.departments, s.overrode, s.detail FROM task_step s LEFT JOIN department d ON d.id = s.department_id "
        "WHERE s.task_id = ? AND s.date <= ? ORDER BY s.date, s.id", (task_id, as_of))]


def named(store: Store, pairs: list | str | None) -> dict | None:
    """Links [[department id, role], …] (or their JSON) by role and name: {"lead": […], "support": […]}."""
    if pairs is None:
        return None
    import json  # here, as in the others: a listing of tasks reads no JSON

    pairs = json.loads(pairs) if isinstance(pairs, str) else pairs
    found = names(store, [d for d, _ in pairs])
    return {role: [found[d] for d, r in pairs if r == role] for role in ("lead", "support")}


def history(store: Store, task_id: int, *, as_of: str) -> list[dict]:
    """steps() with an assignment's departments by role and name."""
    out = steps(store, task_id, as_of=as_of)
    for s in out:
        s["departments"], s["overrode"] = named(store, s["departments"]), named(store, s["overrode"])
    return out


def acknowledgement(row, as_of: str) -> dict:
    """签收 of a row of state.CURRENT as of a day: when (or None), the last day allowed (None
    without ack_within), and the days it was late, or is late by now when not yet acknowledged."""
    import datetime as dt

    acked = row["handover_on"] if row["handover"] == "ack" else None
    by = None
    if row["ack_within"] is not None and row["handed_on"]:
        by = (dt.date.fromisoformat(row["handed_on"]) + dt.timedelta(days=row["ack_within"])).isoformat()
    late = 0
    if by and row["has_lead"]:
        late = max(0, (dt.date.fromisoformat(acked or as_of) - dt.date.fromisoformat(by)).days)
    return {"acknowledged": acked, "ack_by": by, "ack_late": late}


def pending(store: Store, task_id: int, *, as_of: str) -> dict | None:
    """The task's request for extension awaiting the office's decision as of a day, or None."""
    row = store.one(
        "SELECT s.action, s.date, s.due, s.detail, s.by, d.name AS department FROM task_step s "
        "LEFT JOIN department d ON d.id = s.department_id WHERE s.task_id = ? "
        "AND s.action IN ('extend', 'approve', 'reject') AND s.date <= ? ORDER BY s.date DESC, s.id DESC LIMIT 1",
        (task_id, as_of))
    return dict(zip(row.keys(), row)) if row and row["action"] == "extend" else None


def requests(store: Store, *, as_of: str, plan: str | None = None, dept_id: int | None = None) -> list[dict]:
    """Every request for extension awaiting a decision as of a day, oldest first."""
    return [dict(zip(r.keys(), r)) for r in store.execute("""
        SELECT t.plan_id || '/' || t.code AS ref, t.title, s.date, s.due AS asked, s.detail AS reason,
               d.name AS department, s.by,
               COALESCE((SELECT a.due FROM task_step a WHERE a.task_id = t.id AND a.action = 'approve'
                         AND a.date <= :as_of ORDER BY a.date DESC, a.id DESC LIMIT 1), t.due) AS due,
               t.due AS original_due
        FROM task_step s JOIN task t ON t.id = s.task_id LEFT JOIN department d ON d.id = s.department_id
        WHERE s.action = 'extend' AND s.date <= :as_of AND NOT t.retired
          AND (:plan IS NULL OR t.plan_id = :plan) AND (:dept IS NULL OR s.department_id = :dept)
          AND s.id = (SELECT l.id FROM task_step l WHERE l.task_id = s.task_id
                      AND l.action IN ('extend', 'approve', 'reject') AND l.date <= :as_of
                      ORDER BY l.date DESC, l.id DESC LIMIT 1)
        ORDER BY s.date, s.id""", {"as_of": as_of, "plan": plan, "dept": dept_id})]


# --- the office's reassignment (改派): an override of the plan file's departments ---------------

def latest_assignment(store: Store, task_id: int) -> dict | None:
    """The task's latest 改派 (whatever its date: it is what task_department holds), or None."""
    row = store.one("SELECT departments, overrode FROM task_step WHERE task_id = ? AND action = 'assign' "
                    "ORDER BY date DESC, id DESC LIMIT 1", (task_id,))
    if row is None:
        return None
    import json

    return {"set": [tuple(x) for x in json.loads(row[0])], "overrode": [tuple(x) for x in json.loads(row[1])]}


def in_force(store: Store, task_id: int) -> dict | None:
    """The latest 改派 when it still holds: the task's departments are the ones it set (a re-import
    whose plan file changed the departments has replaced them, and with them the override)."""
    found = latest_assignment(store, task_id)
    return found if found and links(store, task_id) == found["set"] else None


def overridden(store: Store, task_id: int) -> dict | None:
    """The plan file's departments a 改派 in force replaced, by role and name; None without one."""
    found = in_force(store, task_id)
    return named(store, found["overrode"]) if found else None


def set_links(store: Store, task_id: int, new: list[tuple[int, str]], *, step_id: int, date: str) -> None:
    """Give the task the departments `new` from the step `step_id` on `date`; the ones it had are
    kept in task_link_past, as its departments until that day."""
    _keep_past(store, step_id, task_id, links(store, task_id), date)
    store.execute("DELETE FROM task_department WHERE task_id = ?", (task_id,))
    store.executemany("INSERT INTO task_department (task_id, department_id, role, seq) VALUES (?, ?, ?, ?)",
                      [(task_id, d, role, i) for i, (d, role) in enumerate(new)])


def file_links(store: Store, plan_id: str) -> dict[int, list[tuple[int, str]]]:
    """task id → the plan file's departments, for the plan's tasks whose 改派 is in force: what
    an import compares the file against, so that the same file leaves the override alone."""
    out = {}
    for (task_id,) in store.execute("SELECT DISTINCT s.task_id FROM task_step s JOIN task t ON t.id = s.task_id "
                                    "WHERE s.action = 'assign' AND t.plan_id = ?", (plan_id,)):
        found = in_force(store, task_id)
        if found:
            out[task_id] = found["overrode"]
    return out


def unacknowledged(store: Store, *, as_of: str, plan: str | None = None) -> list[dict]:
    """The open, live tasks (of a plan) whose plan sets ack_within and that their lead departments
    have neither acknowledged (签收) nor declined as of a day, the days allowed gone by: each with
    its id, ref, title and the last day allowed (ack_by)."""
    from qtrack.store import state

    found = [dict(zip(r.keys(), r)) for r in store.execute(f"""
        SELECT c.id, c.plan_id || '/' || c.code AS ref, c.title, c.handover, c.handover_on, c.handed_on,
               c.ack_within, c.has_lead
        FROM ({state.current(store.engine)}) c
        WHERE NOT c.retired AND c.stage = 'unacked' AND {state.late_ack(store.engine)}
          AND (:plan IS NULL OR c.plan_id = :plan)
        ORDER BY c.plan_id, c.seq""", state.params(as_of, None, plan=plan))]
    for t in found:
        t["ack_by"] = acknowledgement(t, as_of)["ack_by"]
    return found
# --- a task's departments as of a day ------------------------------------------------------------
# task_department holds the present. A 改派 dated after the as-of day means the task had other
# departments then: those are in task_link_past, the set whose `ended` is the first after the day.
# Only then does a query read the union below: as of today (the usual case) it reads
# task_department itself, at the speed it always had.

def links_on(on: str, task: str | None = None) -> str:
    """The task–department links as of the day `on` (:as_of, or a column of an outer query that
    asks about many days at once), as a table expression; with `task`, only that task's (a
    correlated lookup, through the indexes, rather than the whole union)."""
    only, only_past = (f" AND l.task_id = {task}", f" AND p.task_id = {task}") if task else ("", "")
    return f"""(SELECT l.task_id, l.department_id, l.role, l.seq FROM task_department l
  WHERE NOT EXISTS (SELECT 1 FROM task_link_past p WHERE p.task_id = l.task_id AND p.ended > {on}){only}
  UNION ALL
  SELECT p.task_id, p.department_id, p.role, p.seq FROM task_link_past p
  WHERE p.ended > {on} AND p.department_id IS NOT NULL{only_past}
    AND p.step_id = (SELECT q.step_id FROM task_link_past q WHERE q.task_id = p.task_id AND q.ended > {on}
                     ORDER BY q.ended, q.step_id LIMIT 1))"""


LINKS_AS_OF = links_on(":as_of")


def links_table(store: Store, as_of: str) -> str:
    """The task–department links as of a day, as a table expression taking :as_of: task_department
    when no 改派 is dated after the day, else LINKS_AS_OF."""
    later = store.execute("SELECT 1 FROM task_link_past WHERE ended > ? LIMIT 1", (as_of,)).fetchone()
    return LINKS_AS_OF if later else "task_department"


def _keep_past(store: Store, step_id: int, task_id: int, old: list[tuple[int, str]], ended: str) -> None:
    rows = [(step_id, i, task_id, d, role, ended) for i, (d, role) in enumerate(old)] or [
        (step_id, 0, task_id, None, None, ended)]  # it had none: as of before, it has none
    store.executemany("INSERT INTO task_link_past (step_id, seq, task_id, department_id, role, ended) "
                      "VALUES (?, ?, ?, ?, ?, ?)", rows)


def fill_past_links(store: Store) -> None:
    """task_link_past from the 改派 steps recorded before it existed (migration m009): each step's
    departments before it are the previous step's, else the plan file's it overrode."""
    import json

    before: dict[int, list] = {}
    for step_id, task_id, date, departments, overrode in store.execute(
            "SELECT id, task_id, date, departments, overrode FROM task_step WHERE action = 'assign' "
            "ORDER BY task_id, date, id").fetchall():
        old = before.get(task_id, json.loads(overrode))
        _keep_past(store, step_id, task_id, [tuple(x) for x in old], date)
        before[task_id] = json.loads(departments)
