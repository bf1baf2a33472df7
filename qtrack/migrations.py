"""Schema migrations: an ordered list of named steps, each run once, in a transaction.

A new database is created straight from the SQLModel tables and stamped with every migration
name. A database made by an earlier qtrack runs the steps it has not had, each an explicit
SQL change written out here and never edited once released, so its records are kept.
db.MIGRATIONS lists the names in order; tests/test_migrations.py upgrades a database of the
first schema and checks the result equals a fresh one, record for record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from qtrack import db



def append_only_triggers(table: str) -> list[str]:
    message = f"{table} is append-only: record a correction as a new entry"
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END" for verb in ("UPDATE", "DELETE")]


def m002_audit(conn: sqlite3.Connection) -> None:
    """0.2: the audit trail of imports, history tables that SQLite keeps append-only, and an index
    for a task's sub-tasks."""
    conn.execute("""CREATE TABLE audit (
        id INTEGER NOT NULL, at DATETIME NOT NULL, by VARCHAR NOT NULL, command VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, code VARCHAR, action VARCHAR NOT NULL, detail VARCHAR,
        PRIMARY KEY (id), FOREIGN KEY(plan_id) REFERENCES plan (id))""")
    conn.execute("CREATE INDEX ix_audit_at ON audit (at)")
    conn.execute("CREATE INDEX ix_audit_plan ON audit (plan_id, code)")
    conn.execute("CREATE INDEX ix_task_parent ON task (parent_id, seq)")  # show's sub-tasks at 100k tasks
    for table in ("task_update", "measurement", "duty_report", "audit"):
        for statement in append_only_triggers(table):
            conn.execute(statement)


# Steps after the initial schema, by name: each takes the connection inside the open transaction.
UPGRADES: dict[str, Callable[[sqlite3.Connection], None]] = {"m002_audit": m002_audit}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table and index of qtrack/models.py in the current transaction."""
    if getattr(conn, "engine", "sqlite") == "postgresql":
        from qtrack.store import pg_schema

        return pg_schema.create_schema(conn)
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from qtrack import models

    dialect = sqlite.dialect()
    for table in SQLModel.metadata.sorted_tables:
        conn.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    for table in models.APPEND_ONLY:
        for statement in append_only_triggers(table):
            conn.execute(statement)


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
