"""Looking after the database file: a consistent backup taken while others write, and a health check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import dump as stored
from qtrack.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from qtrack.store import Store


def backup(conn: Store, dest: Path) -> dict:
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
        report = conn.engine.backup(conn, partial, check)
        if not report["ok"]:
            raise QtrackError(f"the copy failed its check ({report['problems'][0]}); {dest} was not written")
        os.replace(partial, dest)
    except OSError as exc:
        raise QtrackError(f"cannot write {dest}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    report["path"], report["size"] = str(dest), dest.stat().st_size
    return report


def check(conn: Store) -> dict:
    """Integrity and foreign keys checked, with the schema version, the file's size and what it holds."""
    integrity = conn.engine.integrity_problems(conn)
    foreign = conn.engine.foreign_key_problems(conn)
    applied = stored.schema_names(conn)
    counts = stored.row_counts(conn, [t for t in sorted(conn.engine.any_tables(conn)) if t != "migration"])
    problems = [line for line in integrity if line != "ok"] + foreign
    if applied != list(MIGRATIONS):
        problems.append(f"schema {'+'.join(applied)} is not this qtrack's {'+'.join(MIGRATIONS)}")
    return {
        "ok": not problems, "problems": problems,
        "path": conn.where, "size": conn.engine.size(conn),
        "schema": applied[-1] if applied else None, "migrations": applied,
        "integrity": integrity, "foreign_keys": foreign, "counts": counts,
    }
