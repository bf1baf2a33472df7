"""The database file: connection settings, the schema's version record, and what it refuses."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from conftest import schema
from qtrack import store as database
from qtrack.store import sqlite
from qtrack.store.migrations import MIGRATIONS
from qtrack.store import queries
from qtrack.errors import QtrackError, Refused


def test_every_connection_enforces_foreign_keys_in_wal_with_a_busy_timeout(db):
    conn = database.open_store(db, create=True)
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == int(sqlite.BUSY_TIMEOUT_S * 1000)
    with pytest.raises(Refused, match="FOREIGN KEY"):
        conn.execute("INSERT INTO task_update (task_id, date, recorded_at, by, command) "
                     "VALUES (999, '2016-01-01', '2016-01-01', 'x', 'test')")


def test_schema_is_versioned_from_the_first_migration(db):
    conn = database.open_store(db, create=True)
    assert [r[0] for r in conn.execute("SELECT name FROM migration")] == list(MIGRATIONS)


def test_schema_matches_what_sqlmodel_creates(db, tmp_path):
    """The read path is plain sqlite3; it is kept honest against the SQLModel tables' own DDL."""
    from sqlmodel import SQLModel, create_engine

    from qtrack.store import schema as models  # noqa: F401

    reference = tmp_path / "reference.db"
    SQLModel.metadata.create_all(create_engine(f"sqlite:///{reference}"))

    database.open_store(db, create=True).close()
    assert schema(db, triggers=False) == schema(reference, triggers=False)


def test_rows_written_through_the_orm_are_read_by_the_queries(tmp_path):
    from sqlmodel import Session, SQLModel, create_engine

    from qtrack.store import schema as models

    path = tmp_path / "orm.db"
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        for name in MIGRATIONS:
            s.add(models.Migration(name=name, applied_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)))
        s.add(models.Plan(id="p", title="计划", path="p.yaml", imported_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)))
        s.add(models.Department(id=1, name="质量司"))
        s.add(models.Task(id=1, plan_id="p", code="1", title="任务", due=dt.date(2024, 3, 31), seq=0))
        s.commit()
        s.add(models.TaskDepartment(task_id=1, department_id=1, role="lead", seq=0))
        s.add(models.TaskUpdate(task_id=1, date=dt.date(2024, 2, 1), recorded_at=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc),
                                by="甲", status="doing", progress=30, command="test"))
        s.commit()
    conn = database.open_store(path)
    [row] = queries.tasks(conn, as_of="2024-04-10", late_only=True)
    assert (row["ref"], row["due"], row["status"], row["progress"], row["lead"], row["days_late"]) == (
        "p/1", "2024-03-31", "doing", 30, ["质量司"], 10)


def test_a_database_from_a_newer_qtrack_is_refused_untouched(db):
    database.open_store(db, create=True).execute(
        "INSERT INTO migration (name, applied_at) VALUES ('m999_future', '2030-01-01')")
    before = db.read_bytes()
    with pytest.raises(QtrackError, match="was made by a newer qtrack"):
        database.open_store(db)
    assert db.read_bytes() == before


def test_another_programs_database_is_refused(db):
    sqlite3.connect(db).execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(QtrackError, match="holds another program's tables"):
        database.open_store(db)


def test_default_path_is_in_the_user_data_directory(monkeypatch, tmp_path):
    assert database.resolve_path(None) == tmp_path / "xdg-data" / "qtrack" / "qtrack.db"
    monkeypatch.setenv("QTRACK_DB", str(tmp_path / "env.db"))
    assert database.resolve_path(None) == tmp_path / "env.db"
    assert database.resolve_path(tmp_path / "flag.db") == tmp_path / "flag.db"
