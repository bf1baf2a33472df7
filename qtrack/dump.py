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

import itertools
import json
import sqlite3
from pathlib import Path

from qtrack import db, integrity
from qtrack.errors import QtrackError, UnreadableFile
from qtrack.inputs import read_bytes

FORMAT = "qtrack-dump"
VERSION = 1
MAX_FILE = 4 * 2**30  # bytes; a 100,000-task database with its history dumps to a few hundred MB
SHOWN_PROBLEMS = 3  # a refused dump names this many of its problems


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
    lines = ["{", f'"format": {json.dumps(data["format"])}, "version": {data["version"]},',
             f'"schema": {json.dumps(data["schema"], ensure_ascii=False)},', '"tables": [']
    for i, table in enumerate(data["tables"]):
        rows = ",\n".join(json.dumps(r, ensure_ascii=False) for r in table["rows"])
        lines.append(f'{{"name": {json.dumps(table["name"])}, '
                     f'"columns": {json.dumps(table["columns"], ensure_ascii=False)}, "rows": [' +
                     (f"\n{rows}\n" if rows else "") + "]}" + ("," if i < len(data["tables"]) - 1 else ""))
    lines += ["]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    """A dump file, checked for shape and for this qtrack's schema before any database is touched."""
    try:
        data = json.loads(read_bytes(path, limit=MAX_FILE, what="dump").decode("utf-8"),
                          parse_constant=_not_json)
    except UnreadableFile as exc:
        raise QtrackError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise QtrackError(f"{path}: not a qtrack dump (not UTF-8 at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        # A truncated file fails at its end, or in a string that runs to its end.
        rest = exc.doc[exc.pos:].rstrip()
        what = "cut short" if not rest or (exc.msg.startswith("Unterminated string") and "\n" not in rest) \
            else "not JSON"
        raise QtrackError(f"{path}: not a qtrack dump ({what} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise QtrackError(f"{path}: not a qtrack dump (JSON nested far deeper than a dump is)") from None
    except ValueError as exc:  # a number of thousands of digits, NaN or Infinity
        raise QtrackError(f"{path}: not a qtrack dump ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), list):
        raise QtrackError(f"{path}: not a qtrack dump (written by `qtrack export --format json`)")
    for i, table in enumerate(data["tables"], 1):
        if not (isinstance(table, dict) and isinstance(table.get("name"), str)
                and isinstance(table.get("columns"), list) and all(isinstance(c, str) for c in table["columns"])
                and isinstance(table.get("rows"), list)):
            raise QtrackError(f"{path}: table {i} of the dump is not an object with a name, columns and rows")
    if data.get("version") != VERSION:
        raise QtrackError(f"{path}: dump format version {data.get('version')!r}; this qtrack reads version {VERSION}")
    if data.get("schema") != list(db.MIGRATIONS):
        raise QtrackError(f"{path}: the dump is of schema {_schema(data.get('schema'))}, this qtrack's is "
                          f"{_schema(db.MIGRATIONS)}; restore it with the qtrack that wrote it")
    return data


def _not_json(word: str):
    raise ValueError(f"{word} is not a JSON number")


def _schema(names) -> str:
    return "+".join(names) if isinstance(names, (list, tuple)) and names else repr(names)


def layouts(conn: sqlite3.Connection) -> dict[str, integrity.Layout]:
    """Each table as the database declares it: columns, unique keys and references."""
    out = {}
    for table in tables(conn):
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        columns = [integrity.Column(r["name"], (r["type"] or "").upper(), bool(r["notnull"]), bool(r["pk"]))
                   for r in info]
        unique = [tuple(c.name for c in sorted((c for c in columns if c.pk), key=lambda c: c.name))] \
            if any(c.pk for c in columns) else []
        for index in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
            if index["unique"] and index["origin"] != "pk":
                unique.append(tuple(r["name"] for r in conn.execute(f'PRAGMA index_info("{index["name"]}")')))
        references = [(r["from"], r["table"], r["to"]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')]
        out[table] = integrity.Layout(columns, unique, references)
    return out


def validate(data: dict, layouts: dict[str, integrity.Layout], path: Path) -> None:
    """Refuse a dump that would not make a sound database of this schema, before a row is written."""
    dumped = [t["name"] for t in data["tables"]]
    if sorted(dumped) != sorted(layouts):
        raise QtrackError(f"{path}: the dump's tables ({', '.join(dumped)}) are not this database's "
                          f"({', '.join(layouts)})")
    for table in data["tables"]:
        columns = [c.name for c in layouts[table["name"]].columns]
        if sorted(table["columns"]) != sorted(columns) or len(set(table["columns"])) != len(columns):
            raise QtrackError(f"{path}: table {table['name']} has columns {', '.join(table['columns'])}; "
                              f"the database's are {', '.join(columns)}")
    migration = next(t for t in data["tables"] if t["name"] == "migration")
    at = migration["columns"].index("name")
    names = [row[at] for row in migration["rows"] if isinstance(row, list) and len(row) == len(migration["columns"])]
    if sorted(map(str, names)) != sorted(db.MIGRATIONS) or len(names) != len(migration["rows"]):
        raise QtrackError(f"{path}: the dump's migration rows ({_schema(names)}) are not the schema it names "
                          f"({_schema(db.MIGRATIONS)}); the file was edited or damaged")
    problems = list(itertools.islice(integrity.row_problems(
        layouts, [(t["name"], t["columns"], t["rows"]) for t in data["tables"]]), 1000))
    if problems:
        more = f" (and {len(problems) - SHOWN_PROBLEMS}{'+' * (len(problems) == 1000)} more)" \
            if len(problems) > SHOWN_PROBLEMS else ""
        raise QtrackError(f"{path}: refused, nothing was written: {'; '.join(problems[:SHOWN_PROBLEMS])}{more}")


def fresh_layouts() -> dict[str, integrity.Layout]:
    """The tables of a new database of this qtrack's schema, made in memory: what a dump is
    checked against before any database file is created for it."""
    from qtrack import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        with db.transaction(conn):
            migrations.bring_up_to_date(conn, None)
        return layouts(conn)
    finally:
        conn.close()


def restore(conn: sqlite3.Connection, data: dict, *, path: Path,
            checked: dict[str, integrity.Layout] | None = None) -> dict[str, int]:
    """Write every row of the dump into an empty database in one transaction; rows per table.
    The dump is validated against the database's tables unless it was against these already."""
    present = tables(conn)
    filled = [t for t in present if t != "migration" and conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
    if filled:
        more = f" and {len(filled) - 2} more" if len(filled) > 2 else ""
        raise QtrackError(f"the database is not empty ({', '.join(filled[:2])}{more} have rows); restore only into "
                          "a new database (--db NEW.db), so nothing is merged or overwritten")
    present_layouts = layouts(conn)
    if present_layouts != checked:
        validate(data, present_layouts, path)
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
