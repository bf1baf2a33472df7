"""The statements of the 催办 record (qtrack/chase/): numbering, recording and reading back chases.

A chase is dated (the day it was made for) and stamped (recorded_at); as of a day D only chases
dated on or before D count, as every history does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store.queries import _CHUNK

if TYPE_CHECKING:
    from collections.abc import Iterator

    from qtrack.store import Store

ITEM_COLUMNS = ("seq", "kind", "task_id", "duty_id", "period", "due", "days_late", "level")


def next_number(store: Store, year: int) -> int:
    """The number the next chase of `year` takes: one more than the last recorded."""
    return store.one("SELECT COALESCE(MAX(number), 0) + 1 FROM chase WHERE year = ?", (year,))[0]


def record(store: Store, chase: dict, items: list[tuple]) -> int:
    """Insert one chase (year, number, date, department_id, level, recorded_at, by, command, via) and
    what it asked for (rows of ITEM_COLUMNS); return its id."""
    chase_id = store.insert(f"INSERT INTO chase ({', '.join(chase)}) VALUES ({', '.join('?' * len(chase))})",
                            tuple(chase.values()))
    store.executemany(f"INSERT INTO chase_item (chase_id, {', '.join(ITEM_COLUMNS)}) "
                      f"VALUES (?, {', '.join('?' * len(ITEM_COLUMNS))})", [(chase_id, *i) for i in items])
    return chase_id


def earlier(store: Store, *, as_of: str) -> list:
    """Every chase item dated by the as-of day, as (department_id, task_id, duty_id, date, recorded_at)."""
    return store.all("SELECT c.department_id, i.task_id, i.duty_id, c.date, c.recorded_at FROM chase_item i "
                     "JOIN chase c ON c.id = i.chase_id WHERE c.date <= ? ORDER BY c.date, c.id", (as_of,))


def duty_reports_of(store: Store, duty_ids: list[int], *, as_of: str) -> dict[int, list[tuple]]:
    """duty id → its reports dated by the as-of day, as (date, recorded_at)."""
    out: dict[int, list[tuple]] = {i: [] for i in duty_ids}
    for start in range(0, len(duty_ids), _CHUNK):
        chunk = duty_ids[start:start + _CHUNK]
        for duty, date, recorded_at in store.execute(
                f"SELECT duty_id, date, recorded_at FROM duty_report WHERE duty_id IN ({', '.join('?' * len(chunk))}) "
                "AND date <= ?", [*chunk, as_of]):
            out[duty].append((date, recorded_at))
    return out


def department_ids(store: Store) -> dict[str, int]:
    """Every department's name → its id."""
    return {r[0]: r[1] for r in store.execute("SELECT name, id FROM department")}


def of_task(store: Store, task_id: int, *, as_of: str) -> list[dict]:
    """The chases that asked for a task, dated by the as-of day, oldest first."""
    return [dict(r) for r in store.execute("""
        SELECT c.year, c.number, c.date, d.name AS department, c.level, i.kind, i.period, i.level AS item_level,
               c.by, c.via
        FROM chase_item i JOIN chase c ON c.id = i.chase_id JOIN department d ON d.id = c.department_id
        WHERE i.task_id = ? AND c.date <= ? ORDER BY c.date, c.id, i.seq""", (task_id, as_of))]


def per_department(store: Store, *, as_of: str, plan: str | None = None) -> dict[str, dict[str, int]]:
    """Department name → how many chases it was sent by the as-of day (of a plan: those asking for
    something of it), and how many of them were yellow and red."""
    out = {}
    for name, chases, yellow, red in store.execute("""
        SELECT d.name, COUNT(*), SUM(c.level = 'yellow'), SUM(c.level = 'red')
        FROM chase c JOIN department d ON d.id = c.department_id
        WHERE c.date <= :as_of AND (:plan IS NULL OR c.id IN (
            SELECT i.chase_id FROM chase_item i LEFT JOIN task t ON t.id = i.task_id LEFT JOIN duty u ON u.id = i.duty_id
            WHERE COALESCE(t.plan_id, u.plan_id) = :plan))
        GROUP BY d.name""", {"as_of": as_of, "plan": plan}):
        out[name] = {"chases": chases, "yellow": yellow or 0, "red": red or 0}
    return out


def ids_by_ref(store: Store, table: str, *, plan: str | None = None) -> dict[str, int]:
    """PLAN/CODE → id of every live task or duty (of a plan)."""
    assert table in ("task", "duty")
    return {f"{r[0]}/{r[1]}": r[2] for r in store.execute(
        f"SELECT plan_id, code, id FROM {table} WHERE NOT retired AND (:plan IS NULL OR plan_id = :plan)",
        {"plan": plan})}


def items_by_chase(store: Store, *, as_of: str, plan: str | None = None) -> Iterator:
    """Every chase item dated by the as-of day (of a plan's tasks and duties), oldest chase first:
    the chase's id, year, number, date, recorded_at, department (id and name), and the item's
    task or duty (id and PLAN/CODE). Rows by column name, streamed: there are as many as every
    chase ever asked for (100,000 and more), and their dicts at once were 70 MB."""
    return iter(store.execute("""
        SELECT c.id, c.year, c.number, c.date, c.recorded_at, c.department_id, d.name AS department,
               i.task_id, i.duty_id, COALESCE(t.plan_id || '/' || t.code, u.plan_id || '/' || u.code) AS ref
        FROM chase_item i JOIN chase c ON c.id = i.chase_id JOIN department d ON d.id = c.department_id
             LEFT JOIN task t ON t.id = i.task_id LEFT JOIN duty u ON u.id = i.duty_id
        WHERE c.date <= :as_of AND (:plan IS NULL OR COALESCE(t.plan_id, u.plan_id) = :plan)
        ORDER BY c.date, c.recorded_at, c.id, i.seq""", {"as_of": as_of, "plan": plan}))


def department_steps_of(store: Store, task_ids: list[int], *, as_of: str) -> dict[int, list[tuple]]:
    """task id → the departments' own workflow steps on it (签收, 退回, 延期 requests) dated by the
    as-of day, as (date, recorded_at, department_id): a department's answer to a chase, as an update is."""
    out: dict[int, list[tuple]] = {i: [] for i in task_ids}
    for start in range(0, len(task_ids), _CHUNK):
        chunk = task_ids[start:start + _CHUNK]
        for task, date, recorded_at, dept in store.execute(
                f"SELECT task_id, date, recorded_at, department_id FROM task_step WHERE task_id IN "
                f"({', '.join('?' * len(chunk))}) AND action IN ('ack', 'decline', 'extend') AND date <= ?",
                [*chunk, as_of]):
            out[task].append((date, recorded_at, dept))
    return out
