"""The whole database as one JSON file, and back: `export --format json` and `restore`.

Table-driven on purpose (store/dump.py): every table the database holds is written, parents before children (by their
foreign keys), each with its column names and every row in primary-key order, so a table added
by a later migration is carried without a change here. The `migration` table is carried like
any other and also names the schema the dump belongs to; a dump restores only into a database
of that same schema, and only into an empty one, so it rebuilds the database exactly rather
than merging into it. The file holds no timestamp of its own: dumping a restored database
gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import dump as stored
from qtrack.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from qtrack.store import Store

FORMAT = "qtrack-dump"
VERSION = 1


def dump(conn: Store) -> dict:
    """The database as plain data: its schema (migration names) and every table's rows."""
    out = {"format": FORMAT, "version": VERSION, "schema": stored.schema_names(conn), "tables": []}
    for table in stored.tables(conn):
        columns, rows = stored.rows(conn, table)
        out["tables"].append({"name": table, "columns": columns, "rows": rows})
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
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QtrackError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QtrackError(f"{path}: not a qtrack dump (not JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), list):
        raise QtrackError(f"{path}: not a qtrack dump (written by `qtrack export --format json`)")
    if data.get("version") != VERSION:
        raise QtrackError(f"{path}: dump format version {data.get('version')!r}; this qtrack reads version {VERSION}")
    if data.get("schema") != list(MIGRATIONS):
        raise QtrackError(f"{path}: the dump is of schema {_schema(data.get('schema'))}, this qtrack's is "
                          f"{_schema(list(MIGRATIONS))}; restore it with the qtrack that wrote it")
    return data


def _schema(names) -> str:
    return "+".join(names) if isinstance(names, (list, tuple)) and names else repr(names)


def restore(conn: Store, data: dict, *, path: Path) -> dict[str, int]:
    """Write every row of the dump into an empty database in one transaction; rows per table."""
    present = stored.tables(conn)
    filled = stored.filled(conn, [t for t in present if t != "migration"])
    if filled:
        more = f" and {len(filled) - 2} more" if len(filled) > 2 else ""
        raise QtrackError(f"the database is not empty ({', '.join(filled[:2])}{more} have rows); restore only into "
                          "a new database (--db NEW.db), so nothing is merged or overwritten")
    dumped = [t.get("name") for t in data["tables"]]
    if sorted(dumped) != sorted(present):
        raise QtrackError(f"{path}: the dump's tables ({', '.join(map(str, dumped))}) are not this database's "
                          f"({', '.join(present)})")
    for table in data["tables"]:
        columns, _ = stored.columns(conn, table["name"])
        if table.get("columns") != columns:
            raise QtrackError(f"{path}: table {table['name']} has columns {table.get('columns')}, "
                              f"the database's are {columns}")
    return stored.load(conn, data["tables"])
