"""The database file: where it lives, how every connection is set up, and transactions.

Commands talk to SQLite through the standard sqlite3 module: it imports in milliseconds where
the ORM takes half a second, and qtrack is a command people run dozens of times a day. The
schema itself comes from the SQLModel tables (qtrack/models.py) and is only imported when a
database has to be created or upgraded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from qtrack.errors import QtrackError
from qtrack.store import location

# The migrations a database made by this qtrack has had, in order (qtrack/migrations.py holds
# what each does). A name the database knows but this list does not means a newer qtrack.
MIGRATIONS = ("m001_initial", "m002_audit")
BUSY_TIMEOUT_S = 30.0  # a second writer waits this long for the first instead of failing


def resolve_path(db: str | os.PathLike | None) -> Path | str:
    """--db, else QTRACK_DB, else qtrack.db in the per-user data directory; a server's URL as given."""
    return location.given(db)


def connect(db: str | os.PathLike | None = None, *, create: bool = False) -> sqlite3.Connection:
    """Open the database, creating or upgrading its schema when needed.

    Read-only commands pass create=False, so that asking about a database that does not exist
    says so instead of leaving an empty file behind.
    """
    path = resolve_path(db)
    if isinstance(path, str):
        return _connect_server(path, create=create)
    if not path.exists():
        if not create:
            raise QtrackError(f"no qtrack database at {path} (load plans first: qtrack import PATH)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QtrackError(f"cannot create {path.parent}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise QtrackError(f"cannot open database {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        _ensure_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise QtrackError(f"{path} is not a usable qtrack database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_server(url: str, *, create: bool):
    """A PostgreSQL database: its schema made or brought up to date as a file's is."""
    from qtrack.store import pg_schema, postgres

    conn = postgres.connect(url)
    try:
        if not create and not pg_schema.table_names(conn):
            raise QtrackError(f"no qtrack database at {location.shown(url)} (load plans first: qtrack import PATH)")
        _ensure_schema(conn, location.shown(url))
    except BaseException:
        conn.close()
        raise
    return conn


def _table_names(conn) -> set[str]:
    if getattr(conn, "engine", "sqlite") == "postgresql":
        from qtrack.store import pg_schema

        return set(pg_schema.table_names(conn))
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _applied(conn: sqlite3.Connection, path: Path) -> list[str] | None:
    """The migrations recorded in the database; None when it has no tables at all."""
    tables = _table_names(conn)
    if "migration" not in tables:
        if tables:
            raise QtrackError(f"{path} holds another program's tables, not a qtrack database")
        return None
    return [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    applied = _applied(conn, path)
    if applied == list(MIGRATIONS):
        return
    unknown = [name for name in applied or [] if name not in MIGRATIONS]
    if unknown:
        raise QtrackError(f"{path} was made by a newer qtrack (schema {unknown[-1]}); "
                          "upgrade qtrack rather than let this one change it")
    from qtrack import migrations  # imports SQLModel: only paid on creation and upgrade

    with transaction(conn):
        migrations.bring_up_to_date(conn, _applied(conn, path))  # re-read: another process may have won


def utc_now() -> str:
    """A timestamp as SQLAlchemy stores a DateTime on SQLite; qtrack's timestamps are UTC."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing. IMMEDIATE takes the write lock up front, so two writers queue on the busy
    timeout rather than one failing when it tries to upgrade a read lock.

    Inside an open transaction this is a savepoint, so that a command can make several appends
    (one import-progress file) all or nothing through the same functions `update` uses."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
