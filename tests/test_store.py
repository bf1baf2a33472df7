"""The store's seams: one execute path that speaks qtrack's errors, one migration list, and no SQL
anywhere else in qtrack."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import PLANS, ROOT, is_pg, raw, state

from qtrack import store
from qtrack.errors import Busy, QtrackError, ReadOnly, Refused, StoreError
from qtrack.store import migrations, sqlite


@pytest.fixture
def filled(cli, db) -> Path:
    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    assert cli("update", "2016/3", "--progress", "40", "--as-of", "2016-12-01").exit_code == 0
    return db


@pytest.mark.parametrize("statement", ["UPDATE task_update SET progress = 100", "DELETE FROM audit"])
def test_the_append_only_trigger_is_refused_in_qtrack_words(filled, statement):
    s = store.open_store(filled)
    with pytest.raises(Refused, match=r"^database: \w+ is append-only: record a correction as a new entry$"):
        s.execute(statement)
    s.close()


def test_a_broken_constraint_is_refused(filled):
    s = store.open_store(filled)
    with pytest.raises(Refused, match='UNIQUE constraint failed: plan.id|violates unique constraint "plan_pkey"'):
        s.execute("INSERT INTO plan (id, title, path, imported_at, lead) SELECT id, title, path, imported_at, lead "
                  "FROM plan")
    s.close()


@pytest.mark.sqlite_only  # the server's lock: test_a_writer_held_up_past_the_lock_timeout_is_busy
def test_a_locked_database_is_busy_and_says_nothing_was_written(filled):
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    s = store.open_store(filled)
    s.execute("PRAGMA busy_timeout = 0")
    try:
        with pytest.raises(Busy, match=r"^database: database is locked \(nothing was written\)$"):
            with s.transaction():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        s.close()


@pytest.mark.sqlite_only  # a read-only server: test_a_read_only_server_database_says_so
def test_a_read_only_database_says_so(filled):
    conn = sqlite3.connect(f"file:{filled}?mode=ro", uri=True, isolation_level=None)
    s = store.Store(sqlite, conn, str(filled))
    with pytest.raises(ReadOnly, match="readonly database"):
        s.execute("INSERT INTO department (name) VALUES ('新部门')")
    s.close()


def test_any_other_failure_is_a_store_error_with_the_engine_words(filled):
    s = store.open_store(filled)
    words = 'relation "nothing_here" does not exist' if is_pg(filled) else "no such table: nothing_here"
    with pytest.raises(StoreError, match=words) as caught:
        s.execute("SELECT * FROM nothing_here")
    assert type(caught.value) is StoreError and caught.value.detail == words
    s.close()


@pytest.mark.sqlite_only  # a file's bytes
def test_a_file_that_is_not_a_database_is_refused_in_one_line(db):
    db.write_bytes(b"not a database, just bytes " * 100)
    with pytest.raises(QtrackError, match=r"is not a usable qtrack database \(file is not a database\)"):
        store.open_store(db)


@pytest.mark.sqlite_only  # the server's: test_a_writer_held_up_past_the_lock_timeout_is_busy
def test_the_cli_turns_a_busy_database_into_one_line(filled, cli, monkeypatch):
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_S", 0.0)
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    before = filled.read_bytes()
    try:
        result = cli("update", "2016/3", "--progress", "60", "--as-of", "2016-12-01")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == "error: database: database is locked (nothing was written)\n"
    assert filled.read_bytes() == before


def test_the_one_migration_list_is_what_a_new_database_records(db):
    s = store.open_store(db, create=True)
    order = "ctid" if is_pg(db) else "rowid"  # the order the rows were written in
    assert [r[0] for r in s.execute(f"SELECT name FROM migration ORDER BY {order}")] == list(migrations.MIGRATIONS)
    assert list(migrations.MIGRATIONS) == sorted(migrations.MIGRATIONS)  # recorded and read back by name
    s.close()


def test_a_step_added_to_the_list_is_run_once_and_recorded(filled, monkeypatch):
    ran = []

    def m900_probe(s):
        ran.append(1)
        s.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(migrations, "MIGRATIONS", dict(migrations.MIGRATIONS))
    migrations.migration(m900_probe)
    store.open_store(filled).close()
    s = store.open_store(filled)
    assert ran == [1]
    assert [r[0] for r in s.execute("SELECT name FROM migration ORDER BY name")] == list(migrations.MIGRATIONS)
    assert "probe" in s.engine.table_names(s)
    s.close()


@pytest.mark.postgresql_only
def test_a_writer_held_up_past_the_lock_timeout_is_busy_and_says_nothing_was_written(filled, cli, monkeypatch):
    """Another writer holds the server's write lock: the CLI waits LOCK_TIMEOUT, then says so in one line."""
    from qtrack.store import postgres

    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "50ms")
    holder = raw(filled)
    holder.autocommit = False
    holder.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (postgres.WRITE_LOCK,))
    before = state(filled)
    try:
        result = cli("update", "2016/3", "--progress", "60", "--as-of", "2016-12-01")
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == "error: database: canceling statement due to lock timeout (nothing was written)\n"
    assert state(filled) == before


@pytest.mark.postgresql_only
def test_a_read_only_server_database_says_so(filled):
    s = store.open_store(filled)
    s.execute("SET default_transaction_read_only = on")  # as a standby, or a role kept to reading
    with pytest.raises(ReadOnly, match="read-only transaction"):
        s.execute("INSERT INTO department (name) VALUES ('新部门')")
    s.close()


# Statements, by the words that begin them, and the driver itself: none belongs outside qtrack/store.
_SQL = re.compile(r"\.execute(many|script)?\(|\bimport sqlite3\b|\b(SELECT|INSERT INTO|DELETE FROM|PRAGMA|"
                  r"CREATE (TABLE|INDEX|TRIGGER)|DROP TRIGGER)\b|\bUPDATE \w+ SET\b|sqlite_master")


def test_no_module_outside_the_store_holds_sql():
    package = ROOT / "qtrack"
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted(package.rglob("*.py")) if package / "store" not in path.parents
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if _SQL.search(line)]
    assert found == []


def test_a_tasks_latest_update_is_written_in_one_place():
    store_dir = ROOT / "qtrack" / "store"
    holders = sorted(p.name for p in store_dir.glob("*.py") if "ORDER BY u.date DESC" in p.read_text(encoding="utf-8"))
    assert holders == ["state.py"]
