"""Looking after the database file: a consistent backup taken while others write, and a health check."""

from __future__ import annotations

import itertools
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
    progress of 150, 2016-02-30). References are left to PRAGMA foreign_key_check above."""
    from qtrack import dump

    data = dump.dump(conn)
    found = integrity.row_problems(dump.layouts(conn), [(t["name"], t["columns"], t["rows"]) for t in data["tables"]],
                                   references=False)
    return list(itertools.islice(found, limit))
