"""The SQLite engine: opening the file, its settings, its catalogue, and its errors in qtrack's words.

Commands talk to SQLite through the standard sqlite3 module: it imports in milliseconds where
the ORM takes half a second, and qtrack is a command people run dozens of times a day.

What is SQLite's own, and a server engine provides in its own terms (the seam, see the
package docstring): the file checks and PRAGMAs of open(); WAL and the busy timeout; BEGIN
IMMEDIATE; the catalogue (sqlite_master, PRAGMA table_info / foreign_key_list); the
append-only triggers' RAISE(ABORT); PRAGMA defer_foreign_keys, integrity_check and
foreign_key_check; the online backup API; and the few spellings the store's SQL takes from
here: NO_LIMIT, SAME / DIFFERENT (null-safe = and !=), days() (julianday), joined()
(group_concat), inserted_id() (lastrowid; a server says RETURNING id).

What the store still writes in SQLite's way, and store/postgres.py meets: `?` / `:name`
placeholders and the DDL of migrations (rewritten in its prepare()), SUM over a comparison (a
true one counts 1: store/pg_schema.py defines sum(boolean)). Search folds case and width with
qtrack_fold() (store/fold.py), which this module's connection defines and the server's schema
defines alike.
"""

from __future__ import annotations

import builtins
import os
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from qtrack.errors import Busy, QtrackError, ReadOnly, Refused, StoreError
from qtrack.store.fold import fold
from qtrack.i18n import _, os_reason

ERROR = sqlite3.Error
BEGIN = "BEGIN IMMEDIATE"
BUSY_TIMEOUT_S = 30.0  # a second writer waits this long for the first instead of failing
NO_LIMIT = -1  # the LIMIT that means every row
FENCE = "-1 OFFSET 0"  # a LIMIT of every row that keeps a subquery apart (state.whole)
SAME, DIFFERENT = "IS", "IS NOT"  # = and != that take NULL as a value
_opened: set[Path] = set()  # the database files this process opened, for explain()


def kind() -> str:
    return "sqlite"


def days(expr: str) -> str:
    """`expr` (an ISO date) as a number of days, so that two subtract to the days between them."""
    return f"julianday({expr})"


def day_after(expr: str) -> str:
    """The day after `expr` (an ISO date), as ISO text."""
    return f"date({expr}, '+1 day')"


def joined(expr: str, separator: str) -> str:
    """The aggregate joining `expr` over a group's rows with `separator`."""
    return f"group_concat({expr}, '{separator}')"


def inserted_id(store, sql: str, params) -> int:
    """Run an INSERT of one row and give the id it made."""
    return store.execute(sql, params).lastrowid


def open(path: Path, *, create: bool):  # noqa: A001 - the engine's verb, called as sqlite.open
    """A Store on the file at `path`; with create, the file (and its folder) is made if missing.

    Another program's file, or an empty one a read-only command was pointed at, is refused
    before anything in it changes (not even switched to WAL). A file qtrack cannot write
    (read-only file, folder or mount, a copy another office sent) is opened read-only, leaving
    no -wal or -shm beside it; its store says why in `readonly`, and a write is refused."""
    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the file system, say
        raise QtrackError(_("cannot open database {path}: {strerror}").format(
                              path=_shown(path), strerror=os_reason(exc))) from None
    if not exists:
        if not create:
            raise QtrackError(_("no qtrack database at {path} (load plans first: qtrack import PATH)").format(
                                  path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QtrackError(_("cannot create {parent}: {strerror}").format(
                                  parent=path.parent, strerror=os_reason(exc))) from None
    readonly = why_readonly(path)
    try:
        conn = _connect(path, readonly)
    except sqlite3.Error as exc:
        raise QtrackError(_("cannot open database {path}: {exc}").format(path=path, exc=exc)) from None
    store = _store(conn, str(path))
    store.readonly = readonly
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "migration" not in tables:
            raise QtrackError(_("{path} holds another program's tables, not a qtrack database").format(
                                  path=path))
        if not tables and not create:
            raise QtrackError(_("{path} is empty, not a qtrack database (load plans first: qtrack import PATH)").format(
                                  path=path))
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise QtrackError(explain(exc) or f"{path} is not a usable qtrack database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    _opened.add(path)
    return store


def _store(conn: sqlite3.Connection, where: str):
    """A Store on `conn`, set up as every qtrack connection is: rows by column name, and the
    function search folds text with (store/fold.py)."""
    from qtrack.store import Store

    conn.row_factory = sqlite3.Row
    conn.create_function("qtrack_fold", 1, fold, deterministic=True)
    return Store(sys.modules[__name__], conn, where)


def memory():
    """A Store on a new, private database in memory."""
    store = _store(sqlite3.connect(":memory:", isolation_level=None), ":memory:")
    store.execute("PRAGMA foreign_keys = ON")
    return store


def rehearsal(path: Path):
    """A Store in memory holding a copy of the file's database (or nothing, when there is no
    file), to try a change on without creating or changing the file (import --dry-run)."""
    store = memory()
    store.where = str(path)
    if path.exists():
        source = open(path, create=False)
        try:
            source.connection.backup(store.connection)
        except sqlite3.Error as exc:
            store.close()
            raise translate(exc) from None
        finally:
            source.close()
    return store


def new_file(path: Path):
    """(a Store, its file) on a new file beside `path` (.NAME.*.partial), for a database built
    whole and then put in place (put_in_place), or None when `path` exists (or the file cannot be
    made there). Made for speed, as nothing in it counts until it is in place: a rollback journal
    in memory and no syncs while it is filled (a failure throws the file away), and foreign keys
    not enforced (the caller checks every reference itself, and PRAGMA foreign_key_check would
    only repeat it: 0.6 s at 100,000 tasks)."""
    import secrets

    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        if os.path.lexists(path):
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # the umask's mode, as open() makes
    except OSError:
        return None
    store = _store(sqlite3.connect(partial, timeout=BUSY_TIMEOUT_S, isolation_level=None), str(path))
    store.execute("PRAGMA journal_mode = MEMORY")
    store.execute("PRAGMA synchronous = OFF")
    return store, partial


def put_in_place(store, partial: Path, path: Path) -> bool:
    """Close new_file's store, its rows committed, and give its file the name `path`, on the disk
    first (fsync); False, and `path` left as it is, if a file of that name appeared meanwhile
    (a hard link never replaces one, as a rename would)."""
    store.execute("PRAGMA journal_mode = WAL")  # as open() leaves every qtrack database
    store.close()
    with builtins.open(partial, "rb+") as file:
        os.fsync(file.fileno())
    try:
        os.link(partial, path)
    except OSError:  # there by now; or a file system without hard links: the ordinary way, then
        return False
    from qtrack.outfile import sync_folder

    sync_folder(path.parent)  # the new name on the disk too
    return True


def remove(partial: Path) -> None:
    """new_file's file and whatever SQLite left beside it, gone."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else text[:100] + "…"


def why_readonly(path: Path) -> str | None:
    """Why qtrack cannot write the database file (and the -wal and -shm beside it), or None."""
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return _("the file is read-only")
    if not os.access(path.parent, os.W_OK):
        return _("its folder is read-only")
    return None


def _connect(path: Path, readonly: str | None) -> sqlite3.Connection:
    if not readonly:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    from urllib.parse import quote

    # immutable: no locks and no -shm, so nothing is created beside a file on read-only media. A
    # write-ahead log left beside it holds records the file lacks: read them, read-only.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?{mode}", uri=True, timeout=BUSY_TIMEOUT_S,
                           isolation_level=None)


def explain(exc: sqlite3.Error) -> str | None:
    """The real cause of an error SQLite words as 'disk I/O error', where qtrack can find it."""
    if "Could not decode to UTF-8" in str(exc):  # the message would carry the damaged bytes
        return _("the database holds text that is not UTF-8: the file is damaged; run qtrack check --full "
                  "to find where")
    for path in sorted(_opened):
        if _wal_lost(path):
            return _("{name}-wal, the write-ahead log of {path}, was deleted or cut short while the database was "
                     "open: records in it are not in the file; stop every program using the database (the one still "
                     "holding the log keeps them), then run qtrack check").format(name=path.name, path=path)
    return None


def _wal_lost(path: Path) -> bool:
    """True when the -shm index counts more log frames than the -wal file holds: the log was
    deleted (or truncated) under a live connection, and SQLite can only call it an I/O error."""
    import struct

    try:
        with builtins.open(path.with_name(path.name + "-shm"), "rb") as file:
            header = file.read(24)
        wal_size = os.stat(path.with_name(path.name + "-wal")).st_size
    except OSError:
        return False  # no index, or no log at all: SQLite starts afresh, nothing was lost
    if len(header) < 24:
        return False
    page, frames = struct.unpack_from("=HI", header, 14)  # the wal-index header, in native byte order
    page = 65536 if page == 1 else page
    return frames > 0 and wal_size < 32 + frames * (24 + page)


def translate(exc: sqlite3.Error) -> StoreError:
    """The driver's error as qtrack's: the same words, a type that says what kind of failure
    (or, where SQLite's words hide it, the cause: a deleted write-ahead log, damaged text)."""
    text = str(exc)
    cause = explain(exc)
    if cause:
        return StoreError(cause, text)
    if isinstance(exc, sqlite3.IntegrityError):
        return Refused(_("database: {text}").format(text=text), text)
    if isinstance(exc, sqlite3.OperationalError):
        kind = Busy if "locked" in text or "busy" in text else ReadOnly if "readonly" in text else StoreError
        return kind(f"database: {text} (nothing was written)", text)
    return StoreError(_("database: {text}").format(text=text), text)


def table_names(store) -> list[str]:
    """Every table of qtrack's (none of SQLite's own), by name."""
    return sorted(r[0] for r in store.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))


def any_tables(store) -> set[str]:
    """Every table in the file, SQLite's own included: a file holding any is not empty."""
    return {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def foreign_parents(store, table: str) -> set[str]:
    """The tables `table`'s foreign keys point at."""
    return {r["table"] for r in store.execute(f'PRAGMA foreign_key_list("{table}")')}


def columns(store, table: str) -> tuple[list[str], list[str]]:
    """(every column, the primary-key columns — or rowid when the table declares none)."""
    info = store.all(f'PRAGMA table_info("{table}")')
    keys = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
    return [r["name"] for r in info], keys or ["rowid"]


def column_info(store, table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, declared type, NOT NULL, part of the primary key) of each column, in order."""
    return [(r["name"], r["type"] or "", bool(r["notnull"]), bool(r["pk"]))
            for r in store.all(f'PRAGMA table_info("{table}")')]


def unique_keys(store, table: str) -> list[tuple[str, ...]]:
    """The columns of each UNIQUE constraint or index (the primary key aside)."""
    return [tuple(r["name"] for r in store.all(f'PRAGMA index_info("{index["name"]}")'))
            for index in store.all(f'PRAGMA index_list("{table}")') if index["unique"] and index["origin"] != "pk"]


def foreign_keys(store, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) of each foreign key."""
    return [(r["from"], r["table"], r["to"]) for r in store.all(f'PRAGMA foreign_key_list("{table}")')]


def triggers(store) -> list[tuple[str, str]]:
    """(name, the statement that creates it) of every trigger."""
    return [(r[0], r[1]) for r in store.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")]


def drop_trigger(store, name: str) -> None:
    store.execute(f'DROP TRIGGER "{name}"')


def secondary_indexes(store) -> list[tuple[str, str]]:
    """(name, the statement that creates it) of every index a statement made (not a table's own
    key): a restore drops them and makes them again after its rows, a sort each rather than a
    b-tree filled in random order (2.2 -> 1.0 s for 600,000 task_department rows)."""
    return [(r[0], r[1]) for r in store.execute("SELECT name, sql FROM sqlite_master "
                                                "WHERE type = 'index' AND sql IS NOT NULL")]


def drop_index(store, name: str) -> None:
    store.execute(f'DROP INDEX "{name}"')


def append_only_triggers(table: str) -> list[str]:
    """The statements that make `table` refuse every UPDATE and DELETE, whoever runs them."""
    message = f"{table} is append-only: record a correction as a new entry"
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END" for verb in ("UPDATE", "DELETE")]


def create_schema(store) -> None:
    """Create every table and index of store/schema.py, and the append-only triggers."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from qtrack.store import schema

    dialect = sqlite.dialect()
    for table in SQLModel.metadata.sorted_tables:
        store.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            store.execute(str(CreateIndex(index).compile(dialect=dialect)))
    for table in schema.APPEND_ONLY:
        for statement in append_only_triggers(table):
            store.execute(statement)


def insert_rows(store, table: str, names: list[str], rows: Iterable[list]) -> None:
    """Rows of a dump into `table`, as they are."""
    quoted, marks = ", ".join(f'"{c}"' for c in names), ", ".join("?" * len(names))
    store.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)


def size(store) -> int:
    """The file's size in bytes (0 when it is not there)."""
    path = Path(store.where)
    return path.stat().st_size if path.exists() else 0


def defer_foreign_keys(store) -> None:
    """Check foreign keys at commit rather than per row (a sub-task may precede its parent)."""
    store.execute("PRAGMA defer_foreign_keys = ON")


def integrity_problems(store, full: bool = True) -> list[str]:
    """The integrity check's lines: ['ok'] when the file is sound. Quick (not full): every page,
    record and NOT NULL, but not that each index matches its table nor UNIQUE keys, in a fifth
    of the time (0.2 s against 1.0 s on 100,000 tasks)."""
    return [r[0] for r in store.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")]


def value_problems(store) -> list[str]:
    """The values that break qtrack's rules for their column (store/sqlite_values.py)."""
    from qtrack.store import sqlite_values

    return sqlite_values.problems(store)


def foreign_key_problems(store) -> list[str]:
    return [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in store.execute("PRAGMA foreign_key_check")]


def backup(store, partial: Path, check):
    """Copy the live database into the file `partial` with the online backup API (one read
    transaction: the database as of one moment while others write); return check(copy)."""
    from qtrack.store import Store

    target = sqlite3.connect(partial)
    target.row_factory = sqlite3.Row  # the check reads the copy's catalogue by column name
    try:
        try:
            store.connection.backup(target)
        except sqlite3.Error as exc:
            raise translate(exc) from None
        return check(Store(store.engine, target, str(partial)))
    finally:
        target.close()


def schema_of_file(path: Path) -> list[str]:
    """The migrations a database file records, read without changing it: with no -wal beside it
    everything is in the file, read as immutable (no -shm left behind); else read-only, through
    the WAL others are writing. For `qtrack --version`, which must stay cheap."""
    wal = path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}", uri=True)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise QtrackError(str(exc)) from None
