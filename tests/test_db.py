"""The database file: connection settings, the schema's version record, and what it refuses."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, is_pg, raw, schema, state

from qtrack import store as database
from qtrack.errors import QtrackError, Refused
from qtrack.store import queries, sqlite
from qtrack.store.migrations import MIGRATIONS


def test_every_connection_enforces_foreign_keys_and_waits_for_another_writer(db):
    conn = database.open_store(db, create=True)
    if is_pg(db):
        assert conn.one("SHOW lock_timeout")[0] == "30s"
    else:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == int(sqlite.BUSY_TIMEOUT_S * 1000)
    with pytest.raises(Refused, match="(?i)foreign key"):
        conn.execute("INSERT INTO task_update (task_id, date, recorded_at, by, command) "
                     "VALUES (999, '2016-01-01', '2016-01-01', 'x', 'test')")


def test_schema_is_versioned_from_the_first_migration(db):
    conn = database.open_store(db, create=True)
    assert [r[0] for r in conn.execute("SELECT name FROM migration")] == list(MIGRATIONS)


@pytest.mark.sqlite_only  # the server's schema: test_the_server_schema_has_the_same_names_and_types
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
    conn = database.open_store(db, create=True)
    conn.execute("INSERT INTO migration (name, applied_at) VALUES ('m999_future', '2030-01-01')")
    # Closed here, not whenever the collector gets to it (Python 3.11's sqlite3 connection is in a
    # reference cycle with its statement cache): its close writes the WAL into the file.
    conn.close()
    before = state(db)
    with pytest.raises(QtrackError, match="was made by a newer qtrack"):
        database.open_store(db)
    assert state(db) == before


def test_another_programs_database_is_refused(db):
    conn = raw(db)
    conn.cursor().execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(QtrackError, match="holds another program's tables"):
        database.open_store(db)


def test_default_path_is_in_the_user_data_directory(monkeypatch, tmp_path):
    assert database.resolve_path(None) == tmp_path / "xdg-data" / "qtrack" / "qtrack.db"
    monkeypatch.setenv("QTRACK_DB", str(tmp_path / "env.db"))
    assert database.resolve_path(None) == tmp_path / "env.db"
    assert database.resolve_path(tmp_path / "flag.db") == tmp_path / "flag.db"


def test_a_postgresql_url_names_a_server_and_any_other_value_a_file(monkeypatch, tmp_path):
    url = "postgresql://office@db.example:5433/qtrack?sslmode=require"
    assert database.resolve_path(url) == url
    assert database.resolve_path("postgres:///qtrack?host=/run/postgresql&port=5433") == (
        "postgres:///qtrack?host=/run/postgresql&port=5433")
    monkeypatch.setenv("QTRACK_DB", "POSTGRESQL://office@db/qtrack")  # a scheme is case-blind
    assert database.resolve_path(None) == "POSTGRESQL://office@db/qtrack"
    assert database.resolve_path("postgresql.db") == Path("postgresql.db")  # a file that merely starts so
    with pytest.raises(QtrackError, match="not a mysql:// URL"):
        database.resolve_path("mysql://office@db/qtrack")


def test_a_url_never_becomes_a_folder_and_a_password_is_never_shown(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from qtrack.cli import app

    monkeypatch.chdir(tmp_path)  # port 1 on this machine: refused at once
    result = CliRunner().invoke(app, ["import", str(PLANS / "2016.yaml"), "--db",
                                      "postgresql://office:s3cret@127.0.0.1:1/qtrack"])
    assert result.exit_code == 1 and list(tmp_path.iterdir()) == []
    assert result.stderr.startswith("error: cannot open database postgresql://office:***@127.0.0.1:1/qtrack: ")
    assert "s3cret" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_without_the_driver_a_url_says_what_to_install(tmp_path):
    """The driver is imported only for a URL; when it is missing, the error names the extra."""
    code = ("import sys; sys.modules['psycopg2'] = None\n"
            "from qtrack.cli import main; sys.argv = ['qtrack', 'plans', '--db', 'postgresql:///x']; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("error: a postgresql:// database needs the PostgreSQL driver: "
                           "pip install 'qtrack[postgres]' (psycopg2-binary)\n")


@pytest.mark.postgresql
def test_the_server_schema_has_the_same_names_and_types(tmp_path, pg_databases):
    """Tables, columns (in order, with their kind and nullability) and index names are SQLite's."""
    server = pg_databases.create()
    database.open_store(server, create=True).close()
    file = tmp_path / "file.db"
    database.open_store(file, create=True).close()
    kinds = {"character varying": "VARCHAR", "integer": "INTEGER", "boolean": "BOOLEAN", "date": "DATE",
             "double precision": "FLOAT", "timestamp with time zone": "DATETIME"}
    conn = raw(server)
    cur = conn.cursor()
    cur.execute("SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")
    served = [(t, c, kinds[k], n) for t, c, k, n in cur.fetchall()]
    cur.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix%'")
    served_indexes = sorted(r[0] for r in cur.fetchall())
    conn.close()
    filed = schema(file, triggers=False)
    assert served == [(t, c[1], c[2], bool(c[3] or c[5])) for t in sorted(filed) for c in filed[t][0]]
    assert served_indexes == sorted(i[0] for t in filed.values() for i in t[1] if i[0].startswith("ix"))


def test_a_file_database_never_imports_the_postgresql_driver(tmp_path):
    file = tmp_path / "file.db"
    database.open_store(file, create=True).close()
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "qtrack", "plans", "--db", str(file)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "qtrack.store.sqlite" in done.stderr
    assert "psycopg2" not in done.stderr and "qtrack.store.postgres" not in done.stderr
