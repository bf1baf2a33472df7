"""The statements of the supervision ledger (qtrack/ledger.py) beyond the listings it shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store.state import latest

if TYPE_CHECKING:
    from qtrack.store import Store


def extras(store: Store) -> dict[str, tuple[int, str | None]]:
    """Per task ref: its depth (to indent sub-tasks) and its latest note (最新进展)."""
    return {r[0]: (r[1], r[2]) for r in store.execute(
        f"SELECT t.plan_id || '/' || t.code, t.depth, {latest('note')} FROM task t")}


def recorded(store: Store, task_id: int, status: str | None, progress: int | None, note: str | None,
             date: str | None) -> bool:
    """Whether the task's history already holds this very update (on `date`, when one is given)."""
    same = store.engine.SAME
    return store.one(
        f"SELECT 1 FROM task_update WHERE task_id = ? AND status {same} ? AND progress {same} ? AND note {same} ? "
        "AND (? IS NULL OR date = ?) LIMIT 1", (task_id, status, progress, note, date, date)) is not None
