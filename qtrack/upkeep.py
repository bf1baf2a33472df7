"""Looking after the database file: a consistent backup taken while others write, and a health check."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from qtrack import db, integrity
from qtrack.errors import QtrackError


def backup(conn: sqlite3.Connection, dest: Path) -> dict:
    """Copy the live database to `dest` with SQLite's online backup API, then check the copy.

    The copy is one read transaction, so it is the database as of one moment even while other
    processes write (WAL lets them go on). It is written beside `dest` and renamed into place
    only once whole and checked, so an interrupted backup never leaves a half file under the name.
    """
    if dest.exists():
        raise QtrackError(f"{dest} already exists; a backup never overwrites a file")
    if not dest.parent.is_dir():
        raise QtrackError(f"{dest.parent} is not a folder")
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        target = sqlite3.connect(partial)
        target.row_factory = sqlite3.Row
        try:
            conn.backup(target)
            report = check(target, partial)
        finally:
            target.close()
        if not report["ok"]:
            raise QtrackError(f"the copy failed its check ({report['problems'][0]}); {dest} was not written")
        os.replace(partial, dest)
    except OSError as exc:
        raise QtrackError(f"cannot write {dest}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    report["path"], report["size"] = str(dest), dest.stat().st_size
    return report


def check(conn: sqlite3.Connection, path: Path) -> dict:
    """Integrity and foreign keys checked, with the schema version, the file's size and what it holds."""
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    foreign = [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
    applied = [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "migration"}
    values = _value_problems(conn) if integrity == ["ok"] else []
    problems = [line for line in integrity if line != "ok"] + foreign + values
    if applied != list(db.MIGRATIONS):
        problems.append(f"schema {'+'.join(applied)} is not this qtrack's {'+'.join(db.MIGRATIONS)}")
    return {
        "ok": not problems, "problems": problems,
        "path": str(path), "size": path.stat().st_size if path.exists() else 0,
        "schema": applied[-1] if applied else None, "migrations": applied,
        "integrity": integrity, "foreign_keys": foreign, "values": values, "counts": counts,
    }


def _value_problems(conn: sqlite3.Connection, limit: int = 100) -> list[str]:
    """Every stored value checked by the rules a dump must pass before restore writes it
    (qtrack/integrity.py): what SQLite's own checks let through (a status no command writes, a
    progress of 150, 2016-02-30). SQL finds the rows that may break a rule, fast on 100,000
    tasks; the rule itself, in Python, says whether and why. References are left to PRAGMA
    foreign_key_check above."""
    from qtrack import dump

    problems: list[str] = []
    conn.create_function("qtrack_not_utf8", 1, _not_utf8, deterministic=True)
    for table, layout in dump.layouts(conn).items():
        keys = [c.name for c in layout.columns if c.pk] or ["rowid"]
        for column in (c for c in layout.columns if c.type.startswith(("VARCHAR", "TEXT"))):
            problems += [f"table {table} {', '.join(f'{k} {r[k]}' for k in keys)}: {column.name} is not UTF-8 text "
                         "(the file is damaged)" for r in conn.execute(
                             f'SELECT {", ".join(keys)} FROM "{table}" WHERE qtrack_not_utf8(CAST("{column.name}" '
                             f"AS BLOB)) LIMIT {limit}")]
        suspect = " OR ".join(_suspect(table, c) for c in layout.columns)
        names = ", ".join(f'"{c.name}"' for c in layout.columns)
        utf8 = " AND ".join(f'NOT qtrack_not_utf8(CAST("{c.name}" AS BLOB))' for c in layout.columns) or "1"
        for row in conn.execute(f'SELECT {names} FROM "{table}" WHERE ({suspect}) AND {utf8} '
                                f'ORDER BY {", ".join(keys)} LIMIT {limit}'):
            where = f"table {table} " + ", ".join(f"{k} {row[k]}" for k in keys if k != "rowid")
            problems += [f"{where}: {c.name} {p}" for c in layout.columns
                         if (p := integrity.value_problem(table, c, row[c.name]))]
        if len(problems) >= limit:
            break
    return problems[:limit] + _period_problems(conn)


def _not_utf8(data: bytes | None) -> bool:
    """SQLite stores whatever bytes it is given as text; Python cannot read a value that is not UTF-8."""
    if data is None:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _suspect(table: str, column: integrity.Column) -> str:
    """An SQL condition true of every row whose value in `column` may break integrity's rules."""
    name, kind = f'"{column.name}"', column.type.split("(")[0]
    typed = {"INTEGER": "'integer'", "BOOLEAN": "'integer'", "FLOAT": "'integer', 'real'", "REAL": "'integer', 'real'",
             "DATE": "'text'", "DATETIME": "'text'"}.get(kind, "'text'")
    tests = [f"typeof({name}) NOT IN ({typed}, 'null')"]
    if column.notnull:
        tests.append(f"{name} IS NULL")
    if kind == "BOOLEAN":
        tests.append(f"{name} NOT IN (0, 1)")
    if kind == "DATE":
        last = integrity.LAST_YEAR if table in integrity.PLANNED else 9999
        tests.append(f"substr({name}, 1, 4) NOT BETWEEN '{integrity.FIRST_YEAR}' AND '{last}'")
        tests.append(f"date({name}, '+0 days') IS NOT {name}")  # a modifier rolls 2016-02-30 over to March
    if kind == "DATETIME":
        tests.append(f"datetime({name}) IS NULL AND {name} IS NOT NULL")
    if kind in ("FLOAT", "REAL"):
        tests.append(f"abs({name}) > 1.7976931348623157e308")  # an infinity (SQLite stores NaN as NULL)
    allowed = integrity.ALLOWED.get((table, column.name))
    if allowed:
        tests.append(f"{name} NOT IN ({', '.join(repr(a) for a in allowed)})")
    low_high = integrity.RANGES.get((table, column.name))
    if low_high:
        tests.append(f"{name} NOT BETWEEN {low_high[0]} AND {low_high[1]}")
    if (table, column.name) == ("plan", "lead"):
        tests.append(f"NOT json_valid({name}) OR json_type({name}) != 'array'")
    return " OR ".join(f"({t})" for t in tests)


def _period_problems(conn: sqlite3.Connection) -> list[str]:
    """A duty report's period must be one of its duty's kind (2016-03 for a monthly duty)."""
    rows = conn.execute("SELECT r.id, r.period, d.every FROM duty_report r JOIN duty d ON d.id = r.duty_id "
                        "ORDER BY r.id").fetchall()
    return [f"table duty_report id {r[0]}: period {r[1]!r} is not a {r[2]}" for r in rows
            if r[2] in integrity.PERIOD and not integrity.PERIOD[r[2]].fullmatch(r[1] or "")][:100]
