"""The statements of the calendar export (qtrack/ics.py): dated live tasks, live duties, their departments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from qtrack.store.state import STATE

if TYPE_CHECKING:
    from qtrack.store import Store

_IN_SCOPE = ("(:plan IS NULL OR o.plan_id = :plan) AND (:dept IS NULL OR o.id IN "
             "(SELECT {table}_id FROM {table}_department WHERE department_id = :dept))")


def departments(store: Store, table: str, *, plan: str | None, dept_id: int | None) -> Iterator[tuple[int, str, str]]:
    """(owner id, name, role) of every department of every live task or duty in scope, by owner
    and in the document's order: one query for the whole calendar, not one per event."""
    assert table in ("task", "duty")
    names = dict(store.execute("SELECT id, name FROM department"))
    for owner, dept, role in store.execute(
            f"SELECT l.{table}_id, l.department_id, l.role FROM {table}_department l JOIN {table} o "
            f"ON o.id = l.{table}_id WHERE NOT o.retired AND {_IN_SCOPE.format(table=table)} "
            f"ORDER BY l.{table}_id, l.seq", {"plan": plan, "dept": dept_id}):
        yield owner, names[dept], role


def dated_count(store: Store, *, plan: str | None, dept_id: int | None) -> int:
    """Live tasks in scope (those with a due date among them): the calendar's size, for its progress bar."""
    return store.one(f"SELECT COUNT(*) FROM task o WHERE NOT o.retired AND {_IN_SCOPE.format(table='task')}",
                     {"plan": plan, "dept": dept_id})[0]


def dated_tasks(store: Store, *, as_of: str, plan: str | None, dept_id: int | None):
    """Live tasks with a due date, streamed: (id, ref, title, due, plan_title, status as of the day)."""
    return store.execute(
        "SELECT t.id, t.plan_id || '/' || t.code AS ref, t.title, t.due, p.title AS plan_title, t.status "
        f"FROM ({STATE}) t JOIN plan p ON p.id = t.plan_id WHERE NOT t.retired AND t.due IS NOT NULL "
        "AND (:plan IS NULL OR t.plan_id = :plan) "
        "AND (:dept IS NULL OR t.id IN (SELECT task_id FROM task_department WHERE department_id = :dept)) "
        "ORDER BY t.plan_id, t.seq", {"plan": plan, "dept": dept_id, "as_of": as_of})


def live_duties(store: Store, *, plan: str | None, dept_id: int | None) -> list:
    """Live duties, every column, with their ref and plan_title."""
    return store.all(
        "SELECT d.*, d.plan_id || '/' || d.code AS ref, p.title AS plan_title FROM duty d JOIN plan p "
        "ON p.id = d.plan_id WHERE NOT d.retired AND (:plan IS NULL OR d.plan_id = :plan) "
        "AND (:dept IS NULL OR d.id IN (SELECT duty_id FROM duty_department WHERE department_id = :dept)) "
        "ORDER BY d.plan_id, d.seq", {"plan": plan, "dept": dept_id})
