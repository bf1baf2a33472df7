"""The statements of the supervision ledger (qtrack/ledger/) beyond the listings it shares: sheet
names, each task's depth and latest note, and whether a record read from a sheet is already in
the history."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qtrack.ledger.columns import RESERVED
from qtrack.store.state import latest

if TYPE_CHECKING:
    from qtrack.store import Store

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_names(conn: Store) -> dict[str, str]:
    """Each plan's sheet name: its id with the characters a sheet name cannot hold replaced,
    at most 31 characters, unique. Computed over every plan, so a plan's sheet has the same
    name in every ledger, whichever plans it holds."""
    names: dict[str, str] = {}
    taken = {r.casefold() for r in RESERVED}
    for (plan_id,) in conn.execute("SELECT id FROM plan ORDER BY id"):
        base = _NOT_IN_SHEET_NAMES.sub("_", plan_id).strip("'") or "_"
        name, n = base[:31], 1
        while name.casefold() in taken:  # Excel compares sheet names without case
            n += 1
            name = f"{base[:31 - len(str(n)) - 1]}~{n}"
        taken.add(name.casefold())
        names[plan_id] = name
    return names


def plan_titles(conn: Store) -> dict[str, str]:
    return dict(conn.execute("SELECT id, title FROM plan"))


def department_name(conn: Store, dept_id: int) -> str:
    return conn.execute("SELECT name FROM department WHERE id = ?", (dept_id,)).fetchone()[0]


def task_extras(conn: Store, *, as_of: str) -> dict[str, tuple[int, str | None]]:
    """Per task ref: its depth (to indent sub-tasks) and its latest note (最新进展) as of the day."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT t.plan_id || '/' || t.code, t.depth, {latest('note')} FROM task t", {"as_of": as_of})}


def task_counts(conn: Store, *, plan: str | None, dept_id: int | None) -> dict[str, int]:
    """Live tasks per plan (of those the department is named on): each sheet's size, known
    before its rows are streamed, so that the file can say it up front."""
    return dict(conn.execute(
        "SELECT plan_id, COUNT(*) FROM task WHERE NOT retired AND (:plan IS NULL OR plan_id = :plan) "
        "AND (:dept IS NULL OR id IN (SELECT task_id FROM task_department WHERE department_id = :dept)) "
        "GROUP BY plan_id", {"plan": plan, "dept": dept_id}))


def live_row(conn: Store, kind: str, row_id: int) -> tuple[str, str, int]:
    """(plan id, title, retired) of a task, target or duty."""
    return conn.execute(f"SELECT plan_id, title, retired FROM {kind} WHERE id = ?", (row_id,)).fetchone()


_RECORDED = {  # {same}: the engine's null-safe equality (an empty note is NULL on both sides)
    "task": "SELECT 1 FROM task_update WHERE task_id = :id AND (status {same} :status OR :status IS NULL) AND progress {same} :progress "
            "AND note {same} :note AND (:date IS NULL OR date = :date) LIMIT 1",
    "target": "SELECT 1 FROM measurement WHERE target_id = :id AND value = :value AND note {same} :note "
              "AND (:date IS NULL OR date = :date) LIMIT 1",
    "duty": "SELECT 1 FROM duty_report r WHERE duty_id = :id AND period = :period AND status = :status "
            "AND note {same} :note AND (:date IS NULL OR date = :date) LIMIT 1",
}


def recorded(conn: Store, kind: str, values: dict) -> bool:
    """Whether the history already holds this very update, measurement or occurrence report
    (on this date, when the sheet gave one)."""
    return conn.execute(_RECORDED[kind].format(same=conn.engine.SAME), values).fetchone() is not None


def cycle_plans(conn: Store) -> set[str]:
    """The plans with a live task under a reporting cycle: their sheets show the periods owed."""
    return {r[0] for r in conn.execute("SELECT DISTINCT plan_id FROM task WHERE report_every IS NOT NULL AND NOT retired")}
