"""The statements of the whole-database dump and restore (qtrack/dump.py), and of `check`'s counts
and layouts (each table's columns, keys and references, for qtrack/integrity.py's rules).

Table-driven through the engine's catalogue, so a table added by a later migration is carried
without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from qtrack import integrity

if TYPE_CHECKING:
    from qtrack.store import Store

T = TypeVar("T")


def tables(store: Store) -> list[str]:
    """Every table, parents before children; ties broken by name so the order is stable."""
    names = store.engine.table_names(store)
    parents = {n: store.engine.foreign_parents(store, n) - {n} for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle between tables: no qtrack schema has one, but never loop forever
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


def columns(store: Store, table: str) -> tuple[list[str], list[str]]:
    """(every column, the primary-key columns — or rowid when the table declares none)."""
    return store.engine.columns(store, table)


def schema_names(store: Store) -> list[str]:
    """The migrations the database has had, by name."""
    return [r[0] for r in store.execute("SELECT name FROM migration ORDER BY name")]


def rows(store: Store, table: str) -> tuple[list[str], Iterator[list]]:
    """(the columns of `table`, every row in primary-key order, streamed from the cursor when read)."""
    names, streamed = batches(store, table)
    return names, (list(row) for batch in streamed for row in batch)


def batches(store: Store, table: str, size: int = 2000) -> tuple[list[str], Iterator[list[tuple]]]:
    """rows(), a batch at a time and each row a plain tuple: what export encodes without a step
    of Python per row (828,760 rows at 100,000 tasks)."""
    names, keys = columns(store, table)
    quoted = ", ".join(f'"{c}"' for c in names)

    def streamed() -> Iterator[list[tuple]]:  # the query runs when first read: one table's cursor open at a time
        cursor = store.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {", ".join(keys)}')
        while batch := cursor.fetchmany(size):
            yield list(map(tuple, batch))
    return names, streamed()


def filled(store: Store, names: list[str]) -> list[str]:
    """Those of the tables `names` that hold a row."""
    return [t for t in names if store.one(f'SELECT 1 FROM "{t}" LIMIT 1')]


def row_counts(store: Store, names: list[str]) -> dict[str, int]:
    return {t: store.one(f'SELECT count(*) FROM "{t}"')[0] for t in names}


def load(store: Store, dumped: list[dict], *, step=lambda n: None,
         loading: integrity.Loading | None = None) -> dict[str, int]:
    """Write every table's rows (name, columns, rows) in one transaction, in place of the
    fresh schema's own migration stamp; rows written per table. The rows are read once, as they
    are written (streamed from a dump's file: qtrack/dump_lines.py); with `loading`, a checked
    batch at a time (integrity.Unsure, or a key refused twice, at the first that is not sound)."""
    counts = {}
    with store.transaction():
        store.engine.defer_foreign_keys(store)  # a sub-task may precede its parent in id order
        # A trigger (an audit log kept by SQL, say) must not fire again for rows the dump already
        # holds the consequences of: drop them for the copy, recreate them in the same transaction.
        triggers = store.engine.triggers(store)
        for name, _ in triggers:
            store.engine.drop_trigger(store, name)
        indexes = store.engine.secondary_indexes(store)  # made again once the rows are in: faster
        for name, _ in indexes:
            store.engine.drop_index(store, name)
        store.execute("DELETE FROM migration")  # the fresh schema's own stamp gives way to the dump's
        for table in dumped:
            if loading is None:
                store.engine.insert_rows(store, table["name"], table["columns"], table["rows"])
                step(len(table["rows"]))
            else:
                for batch in loading.batches(table["name"], table["columns"], table["rows"]):
                    store.engine.insert_rows(store, table["name"], table["columns"], batch)
                    step(len(batch))
            counts[table["name"]] = len(table["rows"])
        for _, sql in indexes + triggers:
            store.execute(sql)
        if loading is not None:
            loading.finish()
    return counts


def build_new(path: Path, fill: Callable[[Store, dict[str, integrity.Layout]], T]) -> T | None:
    """A new SQLite database at `path`, built whole in a file beside it and put in its place only
    once `fill` (given it with this qtrack's schema, and that schema's layouts) has returned:
    on any failure the partial file is removed and `path` never existed. None, with nothing
    left behind, when it cannot be built that way (`path` exists, or is not a plain new file
    name; the caller opens it the ordinary way, which says why)."""
    from qtrack.store import migrations, sqlite

    made = sqlite.new_file(path)
    if made is None:
        return None
    store, partial = made
    try:
        with store.transaction():
            migrations.bring_up_to_date(store, None)
        result = fill(store, layouts(store))
        placed = sqlite.put_in_place(store, partial, path)
    finally:
        store.close()
        sqlite.remove(partial)
    return result if placed else None


def layouts(store: Store) -> dict[str, integrity.Layout]:
    """Each table as the database declares it (columns, unique keys, references), parents first:
    what restore checks a dump against, and check the database."""
    if store.engine.kind() != "sqlite":  # a server database is always at this qtrack's schema
        return fresh_layouts()  # (a newer one is refused): the models' layout is its own
    out = {}
    for table in tables(store):
        columns = [integrity.Column(name, kind.upper(), notnull, pk)
                   for name, kind, notnull, pk in store.engine.column_info(store, table)]
        keys = [tuple(c.name for c in columns if c.pk)] if any(c.pk for c in columns) else []
        out[table] = integrity.Layout(columns, keys + store.engine.unique_keys(store, table),
                                      store.engine.foreign_keys(store, table))
    return out


def fresh_layouts() -> dict[str, integrity.Layout]:
    """The tables of a new database of this qtrack's schema, made in memory: what a dump is
    checked against before any database file is created for it."""
    from qtrack.store import migrations, sqlite

    store = sqlite.memory()
    try:
        with store.transaction():
            migrations.bring_up_to_date(store, None)
        return layouts(store)
    finally:
        store.close()
