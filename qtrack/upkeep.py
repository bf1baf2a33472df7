"""Looking after the database file: a consistent backup taken while others write, and a health check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qtrack import db
from qtrack.errors import QtrackError


def backup(conn: sqlite3.Connection, dest: Path) -> dict:
    """Copy the live database to `dest` with SQLite's online backup API, then check the copy.

    The copy is one read transaction, so it is the database as of one moment even while other
    processes write (WAL lets them go on). It is written beside `dest` and renamed into place
    only once whole and checked (qtrack/outfile.py), so an interrupted backup never leaves a half
    file under the name, and never overwrites one.
    """
    from qtrack.outfile import SQLITE_MAGIC, replacing, sweep

    if dest.exists() or dest.is_symlink():
        raise QtrackError(f"{dest} already exists; a backup never overwrites a file")
    if dest.parent.is_dir():
        sweep(dest.parent, SQLITE_MAGIC)  # what a backup killed half-way left, under any name
    with replacing(dest) as partial:
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
            report = check(target, partial)
        finally:
            target.close()
        if not report["ok"]:
            raise QtrackError(f"the copy failed its check ({report['problems'][0]}); {dest} was not written")
    report["path"], report["size"] = str(dest), dest.stat().st_size
    return report


def check(conn: sqlite3.Connection, path: Path) -> dict:
    """Integrity and foreign keys checked, with the schema version, the file's size and what it holds."""
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    foreign = [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
    applied = [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "migration"}
    problems = [line for line in integrity if line != "ok"] + foreign
    if applied != list(db.MIGRATIONS):
        problems.append(f"schema {'+'.join(applied)} is not this qtrack's {'+'.join(db.MIGRATIONS)}")
    return {
        "ok": not problems, "problems": problems,
        "path": str(path), "size": path.stat().st_size if path.exists() else 0,
        "schema": applied[-1] if applied else None, "migrations": applied,
        "integrity": integrity, "foreign_keys": foreign, "counts": counts,
    }


def describe_schema(path: Path) -> str:
    """One line on the database at `path` for `qtrack --version`: its schema, read without
    changing the file (no WAL switch, no upgrade, nothing created)."""
    if not path.is_file():
        return f"database {path}: none there yet"
    # With no -wal beside it, everything is in the file itself: read it as immutable, which
    # leaves no -shm behind; else read-only, through the WAL others are writing.
    wal = path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}", uri=True)
        try:
            applied = [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"database {path}: not a qtrack database ({exc})"
    mine = "this qtrack's" if applied == list(db.MIGRATIONS) else f"this qtrack's is {db.MIGRATIONS[-1]}"
    return f"database {path}: schema {applied[-1] if applied else 'none'} ({mine})"
