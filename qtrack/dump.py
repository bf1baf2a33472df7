"""The whole database as one JSON file, and back: `export --format json` and `restore`.

Table-driven on purpose: every table SQLite knows is written, parents before children (by their
foreign keys), each with its column names and every row in primary-key order, so a table added
by a later migration is carried without a change here. The `migration` table is carried like
any other and also names the schema the dump belongs to; a dump restores only into a database
of that same schema, and only into an empty one, so it rebuilds the database exactly rather
than merging into it. The file holds no timestamp of its own: dumping a restored database
gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from qtrack import db
from qtrack.errors import QtrackError

FORMAT = "qtrack-dump"
VERSION = 1


def tables(conn: sqlite3.Connection) -> list[str]:
    """Every table, parents before children; ties broken by name so the order is stable."""
    names = sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))
    parents = {n: {r["table"] for r in conn.execute(f'PRAGMA foreign_key_list("{n}")')} - {n} for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle between tables: no qtrack schema has one, but never loop forever
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


def _columns(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[str]]:
    """(every column, the primary-key columns — or rowid when the table declares none)."""
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
    return [r["name"] for r in info], keys or ["rowid"]


def dump(conn: sqlite3.Connection) -> dict:
    """The database as plain data: its schema (migration names) and every table's rows."""
    out = {"format": FORMAT, "version": VERSION,
           "schema": [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")], "tables": []}
    for table in tables(conn):
        columns, keys = _columns(conn, table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {", ".join(keys)}').fetchall()
        out["tables"].append({"name": table, "columns": columns, "rows": [list(r) for r in rows]})
    return out


def write(data: dict, path: Path) -> None:
    """One row per line: a dump stays readable and diffs well, and is still plain JSON."""
    from qtrack.output import dumps  # Chinese as is, no raw control character (a C1 CSI in a note)

    lines = ["{", f'"format": {dumps(data["format"])}, "version": {data["version"]},',
             f'"schema": {dumps(data["schema"])},', '"tables": [']
    for i, table in enumerate(data["tables"]):
        rows = ",\n".join(dumps(r) for r in table["rows"])
        lines.append(f'{{"name": {dumps(table["name"])}, '
                     f'"columns": {dumps(table["columns"])}, "rows": [' +
                     (f"\n{rows}\n" if rows else "") + "]}" + ("," if i < len(data["tables"]) - 1 else ""))
    lines += ["]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    """A dump file, checked for shape and for this qtrack's schema before any database is touched."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QtrackError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QtrackError(f"{path}: not a qtrack dump (not JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), list):
        raise QtrackError(f"{path}: not a qtrack dump (written by `qtrack export --format json`)")
    if data.get("version") != VERSION:
        raise QtrackError(f"{path}: dump format version {data.get('version')!r}; this qtrack reads version {VERSION}")
    if data.get("schema") != list(db.MIGRATIONS):
        raise QtrackError(f"{path}: the dump is of schema {_schema(data.get('schema'))}, this qtrack's is "
                          f"{_schema(db.MIGRATIONS)}; restore it with the qtrack that wrote it")
    return data


def _schema(names) -> str:
    return "+".join(names) if isinstance(names, (list, tuple)) and names else repr(names)


def restore(conn: sqlite3.Connection, data: dict, *, path: Path) -> dict[str, int]:
    """Write every row of the dump into an empty database in one transaction; rows per table."""
    present = tables(conn)
    filled = [t for t in present if t != "migration" and conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
    if filled:
        more = f" and {len(filled) - 2} more" if len(filled) > 2 else ""
        raise QtrackError(f"the database is not empty ({', '.join(filled[:2])}{more} have rows); restore only into "
                          "a new database (--db NEW.db), so nothing is merged or overwritten")
    dumped = [t.get("name") for t in data["tables"]]
    if sorted(dumped) != sorted(present):
        raise QtrackError(f"{path}: the dump's tables ({', '.join(map(str, dumped))}) are not this database's "
                          f"({', '.join(present)})")
    for table in data["tables"]:
        columns, _ = _columns(conn, table["name"])
        if table.get("columns") != columns:
            raise QtrackError(f"{path}: table {table['name']} has columns {table.get('columns')}, "
                              f"the database's are {columns}")
    counts = {}
    with db.transaction(conn):
        conn.execute("PRAGMA defer_foreign_keys = ON")  # a sub-task may precede its parent in id order
        # A trigger (an audit log kept by SQL, say) must not fire again for rows the dump already
        # holds the consequences of: drop them for the copy, recreate them in the same transaction.
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("DELETE FROM migration")  # the fresh schema's own stamp gives way to the dump's
        for table in data["tables"]:
            names = ", ".join(f'"{c}"' for c in table["columns"])
            marks = ", ".join("?" * len(table["columns"]))
            conn.executemany(f'INSERT INTO "{table["name"]}" ({names}) VALUES ({marks})', table["rows"])
            counts[table["name"]] = len(table["rows"])
        for _, sql in triggers:
            conn.execute(sql)
    return counts
