"""The lookups behind the references a user types (qtrack/refs.py): plans, codes, departments."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

_TABLES = ("task", "target", "duty")  # the tables a PLAN/CODE may name


def plan_ids(store: Store) -> list[str]:
    return [r[0] for r in store.execute("SELECT id FROM plan ORDER BY id")]


def plan_titles(store: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.execute("SELECT id, title FROM plan")}


def plan_title(store: Store, plan_id: str) -> str:
    return store.one("SELECT title FROM plan WHERE id = ?", (plan_id,))[0]


def find(store: Store, kind: str, plan: str, code: str) -> int | None:
    """The id of the task, target or duty `kind` with this code in this plan; a live one first."""
    assert kind in _TABLES
    row = store.one(f"SELECT id FROM {kind} WHERE plan_id = ? AND code = ? ORDER BY retired LIMIT 1", (plan, code))
    return row[0] if row else None


def live_codes(store: Store, kind: str, plan: str) -> list[str]:
    assert kind in _TABLES
    return [r[0] for r in store.execute(f"SELECT code FROM {kind} WHERE plan_id = ? AND NOT retired ORDER BY seq",
                                        (plan,))]


def duty_schedule(store: Store, duty_id: int) -> dict:
    """A duty's every, day, start and end (ISO text)."""
    return dict(store.one('SELECT every, day, start, "end" FROM duty WHERE id = ?', (duty_id,)))


def department(store: Store, name: str) -> tuple[int, str] | None:
    """(id, canonical name) of the department with this name or alias, or None."""
    row = store.one("SELECT id, name FROM department WHERE name = ? UNION ALL "
                    "SELECT d.id, d.name FROM department_alias a JOIN department d ON d.id = a.department_id "
                    "WHERE a.alias = ?", (name, name))
    return (row[0], row[1]) if row else None


def department_name(store: Store, dept_id: int) -> str:
    return store.one("SELECT name FROM department WHERE id = ?", (dept_id,))[0]


def department_names(store: Store) -> list[str]:
    """Every department's name and alias, for suggestions."""
    return [r[0] for r in store.execute("SELECT name FROM department UNION SELECT alias FROM department_alias")]


def task_state(store: Store, task_id: int) -> tuple[bool, str]:
    """(retired, title) of a task."""
    retired, title = store.one("SELECT retired, title FROM task WHERE id = ?", (task_id,))
    return bool(retired), title
