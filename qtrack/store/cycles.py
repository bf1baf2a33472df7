"""The statements of reporting cycles (qtrack/cycles.py): the tasks that owe reports, their reports,
and which names sign for a department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store import state
from qtrack.store.queries import _CHUNK

if TYPE_CHECKING:
    from qtrack.store import Store

# The date of a task's latest status as of :as_of: the day it closed, when that status is done or dropped.
_STATUS_DATE = state.set_on("status", "c.id")


def cycle_tasks(store: Store, *, as_of: str, plan: str | None = None, dept_id: int | None = None,
                task_id: int | None = None) -> list:
    """The live tasks with a reporting cycle (of a plan, led by a department, or one task), with their
    state as of the day, the day their latest status was set, and their start (else the plan's issue date);
    led by the department as of the day (an 改派 after it does not count)."""
    from qtrack.store.workflow import links_table

    return store.all(f"""
        SELECT c.id, c.plan_id, c.code, c.title, c.due, c.status, c.report_every, c.report_day,
               {_STATUS_DATE} AS status_date, COALESCE(c.start, p.issued) AS start
        FROM ({state.STATE}) c JOIN plan p ON p.id = c.plan_id
        WHERE c.report_every IS NOT NULL AND NOT c.retired AND (:plan IS NULL OR c.plan_id = :plan)
          AND (:task IS NULL OR c.id = :task)
          AND (:dept IS NULL OR c.id IN (SELECT task_id FROM {links_table(store, as_of)} l
                                         WHERE l.department_id = :dept AND l.role = 'lead'))
        ORDER BY c.plan_id, c.seq""", {"as_of": as_of, "plan": plan, "dept": dept_id, "task": task_id})


def departments_of(store: Store, task_ids: list[int]) -> dict[int, dict[str, list]]:
    """task id → {"lead": [(id, name)], "support": [(id, name)]}, in the document's order."""
    out: dict[int, dict[str, list]] = {i: {"lead": [], "support": []} for i in task_ids}
    for start in range(0, len(task_ids), _CHUNK):
        chunk = task_ids[start:start + _CHUNK]
        for task, dept, name, role in store.execute(
                "SELECT l.task_id, d.id, d.name, l.role FROM task_department l JOIN department d ON d.id = l.department_id "
                f"WHERE l.task_id IN ({', '.join('?' * len(chunk))}) ORDER BY l.task_id, l.seq", chunk):
            out[task][role].append((dept, name))
    return out


def updates_of(store: Store, task_ids: list[int], *, as_of: str) -> dict[int, list[tuple]]:
    """task id → its updates dated by the as-of day as (date, recorded_at, by), oldest first."""
    out: dict[int, list[tuple]] = {i: [] for i in task_ids}
    for start in range(0, len(task_ids), _CHUNK):
        chunk = task_ids[start:start + _CHUNK]
        for task, date, recorded_at, by in store.execute(
                f"SELECT task_id, date, recorded_at, by FROM task_update WHERE task_id IN ({', '.join('?' * len(chunk))}) "
                "AND date <= ? ORDER BY task_id, date, id", [*chunk, as_of]):
            out[task].append((date, recorded_at, by))
    return out


def signers(store: Store) -> dict[str, int]:
    """Every name a department goes by (its name and its aliases) → its id."""
    out = {r[0]: r[1] for r in store.execute("SELECT alias, department_id FROM department_alias")}
    out.update({r[0]: r[1] for r in store.execute("SELECT name, id FROM department")})
    return out
