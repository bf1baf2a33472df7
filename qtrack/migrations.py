"""Schema migrations: an ordered list of named steps, each run once, in a transaction.

A new database is created straight from the SQLModel tables and stamped with every migration
name. A database made by an earlier qtrack runs the steps it has not had, each an explicit
SQL change, so its records are kept. db.MIGRATIONS lists the names in order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from qtrack import db

# Steps after the initial schema, by name: each takes the connection inside the open transaction.
UPGRADES: dict[str, Callable[[sqlite3.Connection], None]] = {}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table and index of qtrack/models.py in the current transaction."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from qtrack import models  # noqa: F401  (registers the tables on SQLModel.metadata)

    dialect = sqlite.dialect()
    for table in SQLModel.metadata.sorted_tables:
        conn.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index).compile(dialect=dialect)))


def bring_up_to_date(conn: sqlite3.Connection, applied: list[str] | None) -> None:
    """Run inside db.transaction: create a fresh schema, or apply the missing upgrades."""
    now = db.utc_now()
    if applied is None:
        create_schema(conn)
        conn.executemany("INSERT INTO migration (name, applied_at) VALUES (?, ?)",
                         [(name, now) for name in db.MIGRATIONS])
        return
    for name in db.MIGRATIONS:
        if name not in applied:
            UPGRADES[name](conn)
            conn.execute("INSERT INTO migration (name, applied_at) VALUES (?, ?)", (name, now))
