"""The appends of progress (qtrack/updates.py): task updates, duty reports, measurements."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

# history table → the table of what it records progress on
OWNERS = {"task_update": "task", "duty_report": "duty", "measurement": "target"}


def owner(store: Store, table: str, owner_id: int) -> tuple[bool, str]:
    """(retired, PLAN/CODE) of the task, duty or target a row of `table` would be recorded against."""
    retired, ref = store.one(f"SELECT retired, plan_id || '/' || code FROM {OWNERS[table]} WHERE id = ?",
                             (owner_id,))
    return bool(retired), ref


def append(store: Store, table: str, row: dict) -> int:
    """Insert one row of a history table; return its id."""
    assert table in OWNERS
    return store.insert(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        tuple(row.values()))


def task_update(store: Store, update_id: int) -> dict:
    """Who recorded an update, and the status and progress it set."""
    return dict(store.one("SELECT by, status, progress FROM task_update WHERE id = ?", (update_id,)))
