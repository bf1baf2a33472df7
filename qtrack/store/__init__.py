"""The store: the one way into the database. Every SQL statement qtrack runs is in this package.

Modules above it (import, ledger, bulletin, ics, dump, history, updates, refs, upkeep, the
CLI) call the functions of the modules here by subject and get plain values back: dicts,
tuples, numbers and text. They never see a cursor or write SQL.

    store/__init__.py   open a store (`open_store`), the Store class: execute, one, all, transaction
    store/sqlite.py     the engine: connecting, PRAGMAs, WAL, file checks, catalogue, driver errors
    store/sqlite_values.py  the engine's half of `check`'s value rules (qtrack/integrity.py)
    store/postgres.py   the other engine, for a postgresql:// URL (store/pg_schema.py: its schema;
                        store/location.py: which engine --db names; store/fold.py: search's folding)
    store/schema.py     the tables (SQLModel), the source of truth for a fresh database
    store/migrations.py the one ordered list of migrations, and bringing a database up to it
    store/state.py      a task's current state (its latest update), the one SQL fragment for it
    store/queries.py    the listings (tasks, plans, departments, targets, duties, scoreboard)
    store/plans.py      the writes of an import; store/updates.py the appends of progress
    store/refs.py, store/history.py, store/ledger.py, store/ics.py, store/dump.py:
                        the statements of the module of the same name above the store (dump.py
                        also counts rows for upkeep's check)

Dates cross the store boundary as ISO text, one rule both ways: a day is 'YYYY-MM-DD' and a
moment (recorded_at, audit.at) is UTC 'YYYY-MM-DD HH:MM:SS.ffffff', as they are stored. A
caller passes `day.isoformat()` (as_of, due_before, an update's date, ...); every date a row or
a listing holds is that text, as the JSON output shows it. (A server engine whose driver reads
a DATE column as a date object loads it as text instead, so the rule holds on every engine.)

All SQL passes through Store.execute (and executemany), which turns every driver error into
qtrack's own (qtrack/errors.py: StoreError, and its kinds Refused, Busy, ReadOnly), so the CLI
catches no driver exception.

The engine seam: a second engine is one module beside store/sqlite.py, which open_store picks
by the --db value (today it always opens SQLite; a PostgreSQL URL is the next). A Store holds its engine module as `store.engine`;
the module provides
  open(where, create) -> Store      connect, settle the session (PRAGMAs / SET), check the target
  ERROR, translate(exc)             the driver's base exception, and it as a StoreError kind
  BEGIN                             the statement that opens a write transaction
  NO_LIMIT, SAME, DIFFERENT         "every row" for LIMIT; null-safe = and != ("IS" on SQLite)
  days(expr), joined(expr, sep)     a date as a day number; the string-joining aggregate
  inserted_id(store, sql, params)   an INSERT's new id (lastrowid, or RETURNING id)
  table_names, any_tables, columns, foreign_parents, triggers, drop_trigger, defer_foreign_keys,
  secondary_indexes, drop_index     the catalogue, for dump / restore / check
  append_only_triggers(table), create_schema(store)   the schema, and history kept append-only
  integrity_problems, foreign_key_problems, backup    `check` and `backup`
The connection it gives must run `?` and `:name` placeholders (a driver that wants `%s` and
`%(name)s` gets them rewritten in a wrapper) and give rows addressable by name and by index.
Everything else is SQL both engines accept; store/sqlite.py's docstring lists what is not yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from qtrack.i18n import _


def utc_now() -> str:
    """A timestamp as qtrack stores one (as SQLAlchemy does a DateTime on SQLite); always UTC."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def resolve_path(db: str | os.PathLike | None) -> Path | str:
    """--db, else QTRACK_DB, else qtrack.db in the per-user data directory: a file's Path, or a
    postgresql:// URL as given (store/location.py)."""
    from qtrack.store import location

    return location.given(db)


class Rows:
    """A cursor's results, read with every driver error turned into qtrack's (a read can fail too)."""

    __slots__ = ("_cursor", "_engine")

    def __init__(self, cursor, engine):
        self._cursor, self._engine = cursor, engine

    def _guard(self, read, *args):
        try:
            return read(*args)
        except self._engine.ERROR as exc:
            raise self._engine.translate(exc) from None

    def fetchone(self):
        return self._guard(self._cursor.fetchone)

    def fetchall(self) -> list:
        return self._guard(self._cursor.fetchall)

    def fetchmany(self, size: int) -> list:
        return self._guard(self._cursor.fetchmany, size)

    def __iter__(self) -> Iterator:
        while chunk := self.fetchmany(500):
            yield from chunk

    @property
    def lastrowid(self) -> int:  # for the engine's inserted_id
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class Store:
    """One open database: every statement goes through execute, every write through transaction."""

    readonly: str | None = None  # why the database cannot be written, when it cannot (set by the engine)

    def __init__(self, engine, connection, where: str):
        self.engine, self.connection, self.where = engine, connection, where

    def execute(self, sql: str, params: Iterable | dict = ()) -> Rows:
        try:
            return Rows(self.connection.execute(sql, params), self.engine)
        except self.engine.ERROR as exc:
            raise self.engine.translate(exc) from None

    def executemany(self, sql: str, rows: Iterable) -> Rows:
        try:
            return Rows(self.connection.executemany(sql, rows), self.engine)
        except self.engine.ERROR as exc:
            raise self.engine.translate(exc) from None

    def insert(self, sql: str, params: Iterable = ()) -> int:
        """Run an INSERT of one row; return the new row's id (the engine knows how to ask)."""
        return self.engine.inserted_id(self, sql, params)

    def one(self, sql: str, params: Iterable | dict = ()):
        """The first row, or None."""
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Iterable | dict = ()) -> list:
        return self.execute(sql, params).fetchall()

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All or nothing. The engine's BEGIN takes the write lock up front (SQLite: IMMEDIATE), so
        two writers queue on the busy timeout rather than one failing when it tries to upgrade a
        read lock.

        Inside an open transaction this is a savepoint, so that a command can make several appends
        (one import-progress file) all or nothing through the same functions `update` uses."""
        if self.readonly:
            from qtrack.errors import ReadOnly

            raise ReadOnly(_("{where} cannot be changed: {readonly} (qtrack reads it, but records nothing "
                             "in it)").format(
                               where=self.where, readonly=self.readonly), self.readonly)
        if self.in_transaction:
            self.execute("SAVEPOINT nested")
            try:
                yield self
            except BaseException:
                self.execute("ROLLBACK TO nested")
                self.execute("RELEASE nested")
                raise
            self.execute("RELEASE nested")
            return
        self.execute(self.engine.BEGIN)
        try:
            yield self
        except BaseException:
            if self.in_transaction:  # the engine itself rolls back after some errors (a disk I/O error)
                self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def open_store(db: str | os.PathLike | None = None, *, create: bool = False) -> Store:
    """Open the database named by --db (or $QTRACK_DB, or the default), creating or upgrading its
    schema when needed.

    Read-only commands pass create=False, so that asking about a database that does not exist
    says so instead of leaving an empty file behind.
    """
    where = resolve_path(db)
    if isinstance(where, str):
        from qtrack.store import postgres as engine
    else:
        from qtrack.store import sqlite as engine
    return _with_schema(engine.open(where, create=create))


def rehearsal_store(db: str | os.PathLike | None = None) -> Store:
    """A store to try a change on and roll back (import --dry-run): the database itself where it
    exists and may be written, else a copy in memory, so that a rehearsal creates no file and
    works on a read-only one."""
    from qtrack.store import sqlite

    path = resolve_path(db)
    if isinstance(path, str):  # a server: the import's own transaction is rolled back (store/postgres.py)
        from qtrack.store import postgres

        return _with_schema(postgres.rehearsal(path))
    # A writable file: likewise.
    if path.exists() and not sqlite.why_readonly(path):
        return open_store(db, create=True)
    return _with_schema(sqlite.rehearsal(path))


def _with_schema(store: Store) -> Store:
    """The store with its schema created or brought up to date; closed if that fails."""
    from qtrack.store import migrations

    try:
        migrations.ensure_schema(store)
    except BaseException:
        store.close()
        raise
    return store
