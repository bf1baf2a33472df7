"""The statements of the calendar export (qtrack/ics.py): dated live tasks, live duties, their departments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store.state import STATE

if TYPE_CHECKING:
    from qtrack.store import Store


def departments(store: Store, table: str, owner_id: int) -> list[tuple[str, str]]:
    """(name, role) of the departments of a task or duty, in the document's order."""
    assert table in ("task", "duty")
    return [(r[0], r[1]) for r in store.execute(
        f"SELECT d.name, l.role FROM {table}_department l JOIN department d "
        f"ON d.id = l.department_id WHERE l.{table}_id = ? ORDER BY l.seq", (owner_id,))]


def dated_tasks(store: Store, *, as_of: str, plan: str | None, dept_id: int | None) -> list:
    """Live tasks with a due date: id, ref, title, due, plan_title and status as of the day."""
    from qtrack.store.workflow import links_table

    return store.all(
        "SELECT t.id, t.plan_id || '/' || t.code AS ref, t.title, t.due, p.title AS plan_title, t.status "
        f"FROM ({STATE}) t JOIN plan p ON p.id = t.plan_id WHERE NOT t.retired AND t.due IS NOT NULL "
        "AND (:plan IS NULL OR t.plan_id = :plan) "
        f"AND (:dept IS NULL OR t.id IN (SELECT task_id FROM {links_table(store, as_of)} l WHERE l.department_id = :dept)) "
        "ORDER BY t.plan_id, t.seq", {"plan": plan, "dept": dept_id, "as_of": as_of})


def live_duties(store: Store, *, plan: str | None, dept_id: int | None) -> list:
    """Live duties, every column, with their ref and plan_title."""
    return store.all(
        "SELECT d.*, d.plan_id || '/' || d.code AS ref, p.title AS plan_title FROM duty d JOIN plan p "
        "ON p.id = d.plan_id WHERE NOT d.retired AND (:plan IS NULL OR d.plan_id = :plan) "
        "AND (:dept IS NULL OR d.id IN (SELECT duty_id FROM duty_department WHERE department_id = :dept)) "
        "ORDER BY d.plan_id, d.seq", {"plan": plan, "dept": dept_id})
