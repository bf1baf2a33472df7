"""The statements of evidence (qtrack/evidence.py): the rows that name the files backing an update."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

_COLUMNS = ("task_id", "update_id", "name", "size", "sha256", "date", "recorded_at", "by", "command")


def add(store: Store, rows: list[dict]) -> None:
    """Append evidence rows (each a dict of _COLUMNS)."""
    store.executemany(f"INSERT INTO evidence ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                      [tuple(r[c] for c in _COLUMNS) for r in rows])


def of_task(store: Store, task_id: int, *, as_of: str) -> list[dict]:
    """A task's evidence dated on or before `as_of`, in the order it was recorded."""
    return [dict(r) for r in store.execute(
        "SELECT id, update_id, name, size, sha256, date, by, command FROM evidence "
        "WHERE task_id = ? AND date <= ? ORDER BY date, id", (task_id, as_of))]


def attached(store: Store) -> list[dict]:
    """Every attached file (named-only rows aside), with the reference of its task, for check."""
    return [dict(r) for r in store.execute(
        "SELECT e.id, t.plan_id || '/' || t.code AS ref, e.name, e.size, e.sha256 FROM evidence e "
        "JOIN task t ON t.id = e.task_id WHERE e.sha256 IS NOT NULL ORDER BY e.id")]

