"""The reads behind shell completion (qtrack/cli/complete.py): plan ids, department names with
their aliases and pinyin, and the codes of a plan. The database is opened as it is, never created
nor upgraded: a completion that cannot read it offers nothing."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store


def open_as_is(db: str | os.PathLike | None) -> Store:
    """The store of --db (or the setting), without the schema step of open_store."""
    from qtrack.store import resolve_path

    where = resolve_path(db)
    if isinstance(where, str):
        from qtrack.store import postgres as engine
    else:
        from qtrack.store import sqlite as engine
    return engine.open(where, create=False)


def plan_ids(store: Store, prefix: str) -> list[str]:
    return [r[0] for r in store.execute("SELECT id FROM plan ORDER BY id") if r[0].startswith(prefix)]


def department_words(store: Store) -> list[tuple[str, str, str | None, str | None]]:
    """(word to complete, the department's name, its pinyin, initials): each name, and each alias."""
    return [(r[0], r[1], r[2], r[3]) for r in store.execute(
        "SELECT name, name, pinyin, initials FROM department UNION ALL "
        "SELECT a.alias, d.name, d.pinyin, d.initials FROM department_alias a "
        "JOIN department d ON d.id = a.department_id ORDER BY 1")]


def codes(store: Store, plan: str) -> list[tuple[str, str]]:
    """(code, title) of the plan's live tasks, then targets, then duties, in document order."""
    out = []
    for table in ("task", "target", "duty"):
        out += [(r[0], r[1]) for r in store.execute(
            f"SELECT code, title FROM {table} WHERE plan_id = ? AND NOT retired ORDER BY seq", (plan,))]
    return out
