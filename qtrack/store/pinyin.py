"""The statements behind department pinyin (qtrack/pinyin.py): the names yet to spell, the
spellings written, and a department found by its full pinyin or its initials."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store


def unspelt(store: Store) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in store.execute("SELECT id, name FROM department WHERE pinyin IS NULL ORDER BY id")]


def set_spellings(store: Store, rows: list[tuple[str, str, int]]) -> None:
    """(pinyin, initials, id) for each department."""
    if rows:
        store.executemany("UPDATE department SET pinyin = ?, initials = ? WHERE id = ?", rows)


def by_pinyin(store: Store, typed: str) -> list[tuple[int, str]]:
    """(id, name) of the departments whose full pinyin, else whose initials, are `typed` (lower case)."""
    for column in ("pinyin", "initials"):
        rows = store.all(f"SELECT id, name FROM department WHERE {column} = ? ORDER BY name", (typed,))
        if rows:
            return [(r[0], r[1]) for r in rows]
    return []


def spellings(store: Store) -> list[tuple[str, str | None, str | None]]:
    """(name, pinyin, initials) of every department, for completion."""
    return [(r[0], r[1], r[2]) for r in store.execute("SELECT name, pinyin, initials FROM department ORDER BY name")]
