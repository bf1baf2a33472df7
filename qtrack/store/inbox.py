"""The statements of the office's inbox (qtrack/inbox.py): which plans are inboxes, their items."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

_IS_INBOX = "EXISTS (SELECT 1 FROM inbox_item i JOIN task t ON t.id = i.task_id WHERE t.plan_id = p.id)"


def inbox_ids(store: Store) -> set[str]:
    """The plans that are an office's inbox (their items were handed on by qtrack add)."""
    return {r[0] for r in store.execute(f"SELECT p.id FROM plan p WHERE {_IS_INBOX}")}


def plan(store: Store, plan_id: str) -> dict | None:
    """A plan's id, title, notes and the path it was imported from, and whether it is an inbox; None when absent."""
    row = store.one(f"SELECT p.id, p.title, p.notes, p.path, {_IS_INBOX} AS inbox FROM plan p WHERE p.id = ?",
                    (plan_id,))
    return None if row is None else {**dict(row), "inbox": bool(row["inbox"])}


def items(store: Store, plan_id: str) -> list[dict]:
    """Every task of the plan in order, with its departments (lead, support: names in order)."""
    out = [dict(r) for r in store.execute(
        "SELECT t.id, t.code, t.title, t.text, t.due, t.notes FROM task t WHERE t.plan_id = ? AND NOT t.retired "
        "ORDER BY t.seq", (plan_id,))]
    links: dict[int, dict[str, list[str]]] = {}
    for r in store.execute("SELECT l.task_id, l.role, d.name FROM task_department l JOIN department d "
                           "ON d.id = l.department_id JOIN task t ON t.id = l.task_id WHERE t.plan_id = ? "
                           "ORDER BY l.task_id, l.seq", (plan_id,)):
        links.setdefault(r[0], {"lead": [], "support": []})[r[1]].append(r[2])
    for item in out:
        item.update(links.get(item["id"], {"lead": [], "support": []}))
    return out


def task_count(store: Store, plan_id: str) -> int:
    """How many tasks the plan has ever had (retired ones too): the next item is numbered after them."""
    return store.one("SELECT COUNT(*) FROM task WHERE plan_id = ?", (plan_id,))[0]


def task_id(store: Store, plan_id: str, code: str) -> int:
    return store.one("SELECT id FROM task WHERE plan_id = ? AND code = ?", (plan_id, code))[0]


def add_item(store: Store, row: dict) -> None:
    """Record where an item came from (task_id, source, date, recorded_at, by, command)."""
    store.execute("INSERT INTO inbox_item (task_id, source, date, recorded_at, by, command) "
                  "VALUES (:task_id, :source, :date, :recorded_at, :by, :command)", row)


def handed_on(store: Store, task_id: int) -> str | None:
    """The day an inbox item was handed on (ISO), or None for a task from a document."""
    row = store.one("SELECT date FROM inbox_item WHERE task_id = ?", (task_id,))
    return row[0] if row else None
