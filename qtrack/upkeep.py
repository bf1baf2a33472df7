"""Looking after the database file: a consistent backup taken while others write, and a health check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import dump as stored
from qtrack.store.migrations import MIGRATIONS
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store


def backup(conn: Store, dest: Path) -> dict:
    """Copy the live database to `dest` with SQLite's online backup API, then check the copy.

    The copy is one read transaction, so it is the database as of one moment even while other
    processes write (WAL lets them go on). It is written beside `dest` and renamed into place
    only once whole and checked (qtrack/outfile.py), so an interrupted backup never leaves a half
    file under the name, and never overwrites one.
    """
    from qtrack.outfile import BACKUP_MAGIC, replacing, sweep

    if dest.exists() or dest.is_symlink():
        raise QtrackError(_("{dest} already exists; a backup never overwrites a file").format(
                              dest=dest))
    if dest.parent.is_dir():
        sweep(dest.parent, BACKUP_MAGIC)  # what a backup killed half-way left, under any name
    with replacing(dest) as partial:
        report = conn.engine.backup(conn, partial, check)
        if not report["ok"]:
            raise QtrackError(_("the copy failed its check ({problems}); {dest} was not written").format(
                                  problems=report['problems'][0], dest=dest))
    report["path"], report["size"] = str(dest), dest.stat().st_size
    return report


def check(conn: Store, *, full: bool = True, files: bool = False) -> dict:
    """Integrity and foreign keys checked, with the schema version, the file's size and what it holds.

    Full, every index against its table and every value against qtrack's rules (qtrack/integrity.py,
    those restore applies: seconds at 100,000 tasks); else the quick check of pages and records,
    under a second, and `values` is None: not checked. With `files`, every attached piece of
    evidence against its hash too (not for a backup's copy, whose evidence store is the original's)."""
    integrity = conn.engine.integrity_problems(conn, full)
    foreign = conn.engine.foreign_key_problems(conn)
    applied = stored.schema_names(conn)
    counts = stored.row_counts(conn, [t for t in sorted(conn.engine.any_tables(conn)) if t != "migration"])
    values = None if not full else conn.engine.value_problems(conn) if integrity == ["ok"] else []
    problems = [line for line in integrity if line != "ok"] + foreign + (values or [])
    if applied != list(MIGRATIONS):
        problems.append(_("schema {applied} is not this qtrack's {migrations}").format(
                            applied='+'.join(applied), migrations='+'.join(MIGRATIONS)))
    evidence = None
    if files and not problems:
        from qtrack import evidence as kept

        evidence = kept.verify(conn)
        problems += evidence["problems"]
    return {
        "ok": not problems, "problems": problems,
        "full": full, "path": conn.where, "size": conn.engine.size(conn),
        "schema": applied[-1] if applied else None, "migrations": applied,
        "integrity": integrity, "foreign_keys": foreign, "values": values, "counts": counts,
        **({"evidence": evidence} if evidence is not None else {}),
    }


def describe_schema(path: Path | str) -> str:
    """One line on the database at `path` (a file, or a server's URL) for `qtrack --version`: its
    schema, read without changing it (no WAL switch, no upgrade, nothing created)."""
    if isinstance(path, str):
        from qtrack.store import postgres
        from qtrack.store.location import shown

        where, read = shown(path), postgres.schema_of_url
    else:
        from qtrack.store import sqlite

        where, read = path, (sqlite.schema_of_file if path.is_file() else lambda _: None)
    try:
        applied = read(path)
    except QtrackError as exc:
        return _("database {where}: not a qtrack database ({exc})").format(where=where, exc=exc)
    if applied is None:
        return _("database {where}: none there yet").format(where=where)
    mine = _("this qtrack's") if applied == list(MIGRATIONS) else _("this qtrack's is {schema}").format(
        schema=list(MIGRATIONS)[-1])
    return _("database {where}: schema {schema} ({mine})").format(
        where=where, schema=applied[-1] if applied else _("none"), mine=mine)
