"""Schema migrations: a database of the first released schema is upgraded in place, losing nothing.

tests/data/migrations/m001_initial.sql is the schema qtrack 0.1.0 created, frozen. A database
is built with it and filled with every bundled plan and a history of progress; opening it with
this qtrack must upgrade it to exactly the schema a fresh database gets, every record intact.
On PostgreSQL (which qtrack 0.1.0 did not speak) the first schema is a copy of the current one
less what the later migrations add, so the same one list of migrations is run on the server.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import PLANS, ROOT, is_pg, raw, rows, schema, snapshot, state
from typer.testing import CliRunner

from qtrack import store as database
from qtrack.cli import app
from qtrack.errors import QtrackError
from qtrack.store import migrations
from qtrack.store.migrations import MIGRATIONS

M001 = ROOT / "tests" / "data" / "migrations" / "m001_initial.sql"


@pytest.fixture
def current(cli, db):
    """A database of the current schema with all bundled plans and some history in it."""
    assert cli("import", str(PLANS)).exit_code == 0
    for args in (("update", "2016/3", "--status", "doing", "--progress", "40", "--note", "已部署", "--by", "甲",
                  "--date", "2016-06-01"),
                 ("update", "2016/3", "--progress", "70", "--date", "2016-09-01"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-03-31"),
                 ("measure", "gansu-2011/T1", "85.5", "--date", "2011-12-31", "--note", "统计局")):
        result = cli(*args, "--as-of", "2016-12-01")
        assert result.exit_code == 0, result.stderr
    return db


# What m002_audit and later migrations add, undone on a copy of a current server database.
UNDO_M002 = [*(f"DROP INDEX ix_{t}_at" for t in ("task_update", "measurement", "duty_report")),  # m012's (the
             "DELETE FROM migration WHERE name = 'm012_log_order'",  # other tables go below, with their indexes)
             "DROP INDEX ix_task_department_task", "DROP INDEX ix_phase_plan",  # m011's
             "DELETE FROM migration WHERE name = 'm011_state_indexes'",
             "DROP INDEX ix_task_department_dept",  # m010's covering index, back to m001's
             "CREATE INDEX ix_task_department_dept ON task_department (department_id, role)",
             "DELETE FROM migration WHERE name = 'm010_links_cover'",
             "DROP TABLE task_link_past", "DELETE FROM migration WHERE name = 'm009_wfledger'",  # (before task_step)
             "DROP TABLE plan_source", "DELETE FROM migration WHERE name = 'm007_perf'",
             "DROP TABLE evidence", "DROP TABLE inbox_item", "DELETE FROM migration WHERE name = 'm006_evid'",
             "DROP TABLE audit", "DROP INDEX ix_task_parent", "DELETE FROM migration WHERE name = 'm002_audit'",
             *(f"DROP TRIGGER {t}_no_{verb} ON {t}" for t in ("task_update", "measurement", "duty_report")
               for verb in ("update", "delete", "truncate")),
             # …and what m003_score adds (the bulletin's triggers go with its table)
             "DROP TABLE bulletin", "ALTER TABLE target DROP COLUMN path", "DELETE FROM migration WHERE name = 'm003_score'",
             # …and what m004_workflow adds
             "DROP TABLE task_step", "ALTER TABLE plan DROP COLUMN review", "ALTER TABLE plan DROP COLUMN ack_within",
             "DELETE FROM migration WHERE name = 'm004_workflow'",
             # …and what m005_config adds: the departments' pinyin
             "ALTER TABLE department DROP COLUMN pinyin", "ALTER TABLE department DROP COLUMN initials",
             "DELETE FROM migration WHERE name = 'm005_config'",
             # …and what m008_chase adds (the chase tables' triggers go with them)
             "DROP TABLE chase_item", "DROP TABLE chase", "ALTER TABLE task DROP COLUMN report_every",
             "ALTER TABLE task DROP COLUMN report_day", "DELETE FROM migration WHERE name = 'm008_chase'"]


def server_schema(url: str) -> dict:
    """A server database's columns (with collation), constraints, indexes, triggers and functions."""
    conn = raw(url)
    cur = conn.cursor()
    out = {}
    for name, sql in {
        "columns": "SELECT table_name, column_name, data_type, collation_name, is_nullable, column_default "
                   "FROM information_schema.columns WHERE table_schema = 'public'",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE connamespace = 'public'::regnamespace",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        "triggers": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
        "functions": "SELECT proname, pg_get_function_identity_arguments(oid) FROM pg_proc "
                     "WHERE pronamespace = 'public'::regnamespace",
    }.items():
        cur.execute(sql)
        out[name] = sorted(cur.fetchall())
    conn.close()
    return out


def first_schema_copy(source, path: Path, new_db):
    """A database made by qtrack 0.1.0 holding the records of `source`."""
    if is_pg(source):
        copy = new_db(template=source)
        conn = raw(copy)
        for statement in UNDO_M002:
            conn.cursor().execute(statement)
        conn.close()
        return copy
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")  # as every qtrack connection sets it
    conn.executescript(M001.read_text())
    conn.execute("INSERT INTO migration (name, applied_at) VALUES ('m001_initial', '2026-01-01 00:00:00.000000')")
    conn.execute("ATTACH DATABASE ? AS source", (str(source),))
    tables = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table != "migration":
            columns = ", ".join(f'"{r[1]}"' for r in conn.execute(f'PRAGMA main.table_info("{table}")'))
            conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM source."{table}"')
    conn.execute("DETACH DATABASE source")
    conn.close()
    return path


def raw_records(db, tables: list[str], first_schema: bool = True) -> dict[str, list[tuple]]:
    """The rows of `tables`, read with the bare driver: in the first schema's columns (a later
    migration adds some), or in all the columns they have."""
    conn = raw(db)
    cur = conn.cursor()
    out = {}
    for t in tables:
        cur.execute(f'SELECT {first_columns(t) if first_schema else "*"} FROM "{t}"')
        out[t] = sorted(cur.fetchall(), key=repr)
    conn.close()
    return out


def records(db, tables: list[str]) -> dict[str, list[tuple]]:
    return {t: sorted(rows(db, f'SELECT {first_columns(t)} FROM "{t}"'), key=repr) for t in tables}


def first_columns(table: str) -> str:
    """The columns `table` has in the first schema, quoted, in order."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(M001.read_text())
    names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    conn.close()
    return ", ".join(f'"{n}"' for n in names)


def first_schema_tables() -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(M001.read_text())
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'migration'")]


def test_a_first_schema_database_is_upgraded_in_place_keeping_every_record(current, tmp_path, new_db):
    old = first_schema_copy(current, tmp_path / "old.db", new_db)
    tables = first_schema_tables()
    assert state(old) != state(current), "the copy must be of the first schema to be a fair test"
    if is_pg(old):
        assert server_schema(old) != server_schema(current)
    read = raw_records if is_pg(old) else records  # (opening it through qtrack would upgrade it)
    before = read(old, tables)
    assert before["task_update"], "the copy must carry history to be a fair test"

    store = database.open_store(old)
    assert store.engine.integrity_problems(store) == ["ok"] and store.engine.foreign_key_problems(store) == []
    store.close()

    after = read(old, tables)
    assert after == read(current, tables)
    # What the records were, in the columns they had (an upgrade adds columns at the end: the pinyin of m003)
    assert {t: sorted((r[:len(before[t][0])] for r in after[t]), key=repr) if before[t] else after[t]
            for t in tables} == before
    assert (server_schema(old) == server_schema(current)) if is_pg(old) else (schema(old) == schema(current))
    assert [r[0] for r in rows(old, "SELECT name FROM migration ORDER BY name")] == list(MIGRATIONS)


def test_an_upgraded_database_answers_like_the_original(current, tmp_path, new_db):
    old = first_schema_copy(current, tmp_path / "old.db", new_db)
    runner = CliRunner()
    for args in (("overdue", "--as-of", "2016-12-15", "-f", "json"), ("show", "2016/3", "-f", "json"),
                 ("targets", "--plan", "gansu-2011", "-f", "json")):
        a = runner.invoke(app, [*args, "--db", str(current)])
        b = runner.invoke(app, [*args, "--db", str(old)])
        assert a.exit_code == b.exit_code == 0, b.stderr
        assert a.stdout == b.stdout
    # …and takes new writes, which the new audit table records.
    edited = tmp_path / "2016.yaml"
    edited.write_text((PLANS / "2016.yaml").read_text().replace("title: 开展消费品质量提升专项行动", "title: 开展消费品质量提升行动"))
    result = runner.invoke(app, ["import", str(edited), "--db", str(old), "--by", "乙"])
    assert result.exit_code == 0, result.stderr
    assert rows(old, "SELECT by, command, action FROM audit") == [("乙", "import", "changed")]


def test_a_failing_upgrade_step_leaves_the_database_as_it_was(current, tmp_path, monkeypatch, new_db):
    old = first_schema_copy(current, tmp_path / "old.db", new_db)
    before = state(old)
    if is_pg(old):
        before_schema = server_schema(old)

    def half_done(conn):
        migrations.m002_audit(conn)  # creates the table and triggers, then fails as a disk might
        raise conn.engine.ERROR("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, "m002_audit", half_done)
    with pytest.raises(QtrackError, match="disk I/O error"):
        database.open_store(old)
    assert state(old) == before
    if is_pg(old):
        assert server_schema(old) == before_schema
    else:
        assert "audit" not in schema(old)


def test_a_database_from_a_newer_qtrack_is_refused_by_every_command(current, cli):
    conn = raw(current)
    conn.cursor().execute("INSERT INTO migration (name, applied_at) VALUES ('m099_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = state(current)
    for args in (("tasks",), ("import", str(PLANS / "2016.yaml")), ("update", "2016/3", "--progress", "50")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "was made by a newer qtrack (schema m099_future)" in result.stderr
    assert state(current) == before


@pytest.mark.parametrize("statement", [
    "UPDATE task_update SET progress = 100",
    "DELETE FROM task_update",
    "UPDATE measurement SET value = 0",
    "DELETE FROM duty_report",
    "DELETE FROM audit",
])
def test_history_is_append_only_in_the_database_itself(current, statement):
    """Plain SQL from the database's owner, outside qtrack: refused by the database itself."""
    refuses(current, statement)


@pytest.mark.postgresql_only  # SQLite has no TRUNCATE
@pytest.mark.parametrize("table", ["task_update", "measurement", "duty_report", "audit"])
def test_history_cannot_be_emptied_by_truncate_on_the_server(current, table):
    refuses(current, f"TRUNCATE {table} CASCADE")


def refuses(db, statement: str) -> None:
    before = state(db)
    conn = raw(db)
    if is_pg(db):
        import psycopg2

        refused = psycopg2.errors.RaiseException
    else:
        refused = sqlite3.IntegrityError
    with pytest.raises(refused, match="append-only: record a correction as a new entry"):
        conn.cursor().execute(statement)
    conn.close()
    assert state(db) == before


# What m004_workflow adds, undone: a database of the schema before the workflow.
UNDO_M004 = [*(f"DROP INDEX ix_{t}_at" for t in ("task_update", "measurement", "duty_report", "chase")),  # m012 comes
             "DROP INDEX ix_audit_at", "CREATE INDEX ix_audit_at ON audit (at)",  # again, for task_step's index
             "DELETE FROM migration WHERE name = 'm012_log_order'",
             "DROP TABLE task_link_past", "DELETE FROM migration WHERE name = 'm009_wfledger'",  # it refers to task_step
             "DROP TABLE task_step", "ALTER TABLE plan DROP COLUMN review", "ALTER TABLE plan DROP COLUMN ack_within",
             "DELETE FROM migration WHERE name = 'm004_workflow'"]


def test_a_database_before_the_workflow_is_upgraded_in_place_keeping_every_record(current, tmp_path, new_db, cli):
    if is_pg(current):
        old = new_db(template=current)
    else:
        old = tmp_path / "m002.db"
        old.write_bytes(Path(current).read_bytes())
    conn = raw(old)
    for statement in UNDO_M004:
        conn.cursor().execute(statement)
    conn.commit()
    conn.close()
    tables = [t for t in snapshot(current) if t not in ("migration", "task_step", "task_link_past")]
    before = raw_records(old, [t for t in tables if t != "plan"], first_schema=False)
    plans_before = rows(old, "SELECT id, title, path FROM plan ORDER BY id")

    runner = CliRunner()
    result = runner.invoke(app, ["ack", "2016/3", "--as-of", "2016-06-01", "--db", str(old)])
    assert result.exit_code == 0, result.stderr  # the upgrade, then the new step in the new table

    assert raw_records(old, [t for t in tables if t != "plan"], first_schema=False) == before
    assert rows(old, "SELECT id, title, path FROM plan ORDER BY id") == plans_before
    assert rows(old, "SELECT ack_within, review FROM plan") == [(None, 0)] * len(plans_before)
    assert (server_schema(old) == server_schema(current)) if is_pg(old) else (schema(old) == schema(current))
    assert [r[0] for r in rows(old, "SELECT name FROM migration ORDER BY name")] == list(MIGRATIONS)
    assert rows(old, "SELECT action, by FROM task_step") == [("ack", "质量司")]
