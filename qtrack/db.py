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

# The migrations a database made by this qtrack has had, in order (qtrack/migrations.py holds
# what each does). A name the database knows but this list does not means a newer qtrack.
MIGRATIONS = ("m001_initial", "m002_audit")
BUSY_TIMEOUT_S = 30.0  # a second writer waits this long for the first instead of failing
_opened: set[Path] = set()  # the database files this process opened, for explain()


def resolve_path(db: str | os.PathLike | None) -> Path:
    """--db, else QTRACK_DB, else qtrack.db in the per-user data directory."""
    if db:
        return Path(db).expanduser()
    if os.environ.get("QTRACK_DB"):
        return Path(os.environ["QTRACK_DB"]).expanduser()
    import platformdirs

    return platformdirs.user_data_path("qtrack", appauthor=False) / "qtrack.db"


class Connection(sqlite3.Connection):
    """A connection that knows its file and whether qtrack may write to it."""

    path: Path
    readonly: str | None = None  # why the file cannot be written, when it cannot


def connect(db: str | os.PathLike | None = None, *, create: bool = False) -> Connection:
    """Open the database, creating or upgrading its schema when needed.

    Read-only commands pass create=False, so that asking about a database that does not exist
    (or an empty file) says so instead of leaving a database behind. A file qtrack cannot write
    (read-only file, folder or mount) is opened read-only, leaving no -wal or -shm beside it.
    """
    path = resolve_path(db)
    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the file system, say
        raise QtrackError(f"cannot open database {_shown(path)}: {exc.strerror}") from None
    if not exists:
        if not create:
            raise QtrackError(f"no qtrack database at {path} (load plans first: qtrack import PATH)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QtrackError(f"cannot create {path.parent}: {exc.strerror}") from None
    readonly = why_readonly(path)
    try:
        conn = _open(path, readonly)
    except sqlite3.Error as exc:
        raise QtrackError(f"cannot open database {path}: {exc}") from None
    conn.path, conn.readonly = path, readonly
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        # Look before changing anything: another program's file must be left exactly as it was.
        applied = _applied(conn, path)
        if applied is None and not create:
            raise QtrackError(f"{path} is empty, not a qtrack database (load plans first: qtrack import PATH)")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        _ensure_schema(conn, path, applied)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise QtrackError(explain(exc) or f"{path} is not a usable qtrack database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


def rehearsal(db: str | os.PathLike | None = None) -> Connection:
    """A private in-memory database to try a change on (import --dry-run): a copy of the file's
    when it exists, else a new one, so that rehearsing never creates or changes a file."""
    path = resolve_path(db)
    scratch = sqlite3.connect(":memory:", isolation_level=None, factory=Connection)
    scratch.path, scratch.row_factory = path, sqlite3.Row
    scratch.execute("PRAGMA foreign_keys = ON")
    if path.exists():
        source = connect(path)
        try:
            source.backup(scratch)
        finally:
            source.close()
    _ensure_schema(scratch, path, _applied(scratch, path))
    return scratch


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else text[:100] + "…"


def why_readonly(path: Path) -> str | None:
    """Why qtrack cannot write the database file (and the -wal and -shm beside it), or None."""
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder is read-only"
    return None


def _open(path: Path, readonly: str | None) -> Connection:
    if not readonly:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=Connection)
    from urllib.parse import quote

    # immutable: no locks and no -shm, so nothing is created beside a file on read-only media. A
    # write-ahead log left beside it holds records the file lacks: read them, read-only.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?{mode}", uri=True, timeout=BUSY_TIMEOUT_S,
                           isolation_level=None, factory=Connection)


def explain(exc: sqlite3.Error) -> str | None:
    """The real cause of an error SQLite words as 'disk I/O error', where qtrack can find it."""
    if "Could not decode to UTF-8" in str(exc):  # the message would carry the damaged bytes
        return "the database holds text that is not UTF-8: the file is damaged; run qtrack check to find where"
    for path in sorted(_opened):
        wal = path.with_name(path.name + "-wal")
        if _wal_lost(path):
            return (f"{wal.name}, the write-ahead log of {path}, was deleted or cut short while the database was "
                    "open: records in it are not in the file; stop every program using the database (the one "
                    "still holding the log keeps them), then run qtrack check")
    return None


def _wal_lost(path: Path) -> bool:
    """True when the -shm index counts more log frames than the -wal file holds: the log was
    deleted (or truncated) under a live connection, and SQLite can only call it an I/O error."""
    import struct

    try:
        with open(path.with_name(path.name + "-shm"), "rb") as file:
            header = file.read(24)
        wal_size = os.stat(path.with_name(path.name + "-wal")).st_size
    except FileNotFoundError:
        return False  # no index, or no log at all: SQLite starts afresh, nothing was lost
    except OSError:
        return False
    if len(header) < 24:
        return False
    page, frames = struct.unpack_from("=HI", header, 14)  # the wal-index header, in native byte order
    page = 65536 if page == 1 else page
    return frames > 0 and wal_size < 32 + frames * (24 + page)


def _applied(conn: sqlite3.Connection, path: Path) -> list[str] | None:
    """The migrations recorded in the database; None when it has no tables at all."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migration" not in tables:
        if tables:
            raise QtrackError(f"{path} holds another program's tables, not a qtrack database")
        return None
    return [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]


def _ensure_schema(conn: Connection, path: Path, applied: list[str] | None) -> None:
    if applied == list(MIGRATIONS):
        _opened.add(path)
        return
    unknown = [name for name in applied or [] if name not in MIGRATIONS]
    if unknown:
        raise QtrackError(f"{path} was made by a newer qtrack (schema {unknown[-1]}); "
                          "upgrade qtrack rather than let this one change it")
    if conn.readonly:
        state = "empty" if applied is None else "of an older schema"
        raise QtrackError(f"{path} is {state} and cannot be changed: {conn.readonly}; copy it somewhere writable "
                          "and open the copy")
    from qtrack import migrations  # imports SQLModel: only paid on creation and upgrade

    with transaction(conn):
        migrations.bring_up_to_date(conn, _applied(conn, path))  # re-read: another process may have won
    _opened.add(path)


def utc_now() -> str:
    """A timestamp as SQLAlchemy stores a DateTime on SQLite; qtrack's timestamps are UTC."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing. IMMEDIATE takes the write lock up front, so two writers queue on the busy
    timeout rather than one failing when it tries to upgrade a read lock.

    Inside an open transaction this is a savepoint, so that a command can make several appends
    (one import-progress file) all or nothing through the same functions `update` uses."""
    readonly = getattr(conn, "readonly", None)
    if readonly:
        raise QtrackError(f"{conn.path} cannot be changed: {readonly} (qtrack reads it, but records nothing in it)")
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
        if conn.in_transaction:  # SQLite itself rolls back after some errors (a disk I/O error)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
