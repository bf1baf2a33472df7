"""Schema migrations: a database of the first released schema is upgraded in place, losing nothing.

tests/data/migrations/m001_initial.sql is the schema qtrack 0.1.0 created, frozen. A database
is built with it and filled with every bundled plan and a history of progress; opening it with
this qtrack must upgrade it to exactly the schema a fresh database gets, every record intact.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from typer.testing import CliRunner

from conftest import PLANS, ROOT, schema
from qtrack import store as database
from qtrack.store.migrations import MIGRATIONS
from qtrack.store import migrations
from qtrack.cli import app
from qtrack.errors import QtrackError

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


def first_schema_copy(source: Path, path: Path) -> Path:
    """A database made by qtrack 0.1.0 holding the records of `source`."""
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


def records(path: Path, tables: list[str]) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    out = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    conn.close()
    return out


def first_schema_tables() -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(M001.read_text())
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'migration'")]


def test_a_first_schema_database_is_upgraded_in_place_keeping_every_record(current, tmp_path):
    old = first_schema_copy(current, tmp_path / "old.db")
    tables = first_schema_tables()
    assert records(old, ["task_update"])["task_update"], "the copy must carry history to be a fair test"
    before = records(old, tables)

    database.open_store(old).close()

    assert records(old, tables) == before == records(current, tables)
    assert schema(old) == schema(current)
    conn = sqlite3.connect(old)
    assert [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")] == list(MIGRATIONS)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_upgraded_database_answers_like_the_original(current, tmp_path):
    old = first_schema_copy(current, tmp_path / "old.db")
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
    assert sqlite3.connect(old).execute("SELECT by, command, action FROM audit").fetchall() == [("乙", "import", "changed")]


def test_a_failing_upgrade_step_leaves_the_database_as_it_was(current, tmp_path, monkeypatch):
    old = first_schema_copy(current, tmp_path / "old.db")
    before = old.read_bytes()

    def half_done(conn):
        migrations.m002_audit(conn)  # creates the table and triggers, then fails as a disk might
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, "m002_audit", half_done)
    with pytest.raises(QtrackError, match="disk I/O error"):
        database.open_store(old)
    assert old.read_bytes() == before
    assert "audit" not in schema(old)


def test_a_database_from_a_newer_qtrack_is_refused_by_every_command(current, cli):
    conn = sqlite3.connect(current)
    conn.execute("INSERT INTO migration (name, applied_at) VALUES ('m099_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = current.read_bytes()
    for args in (("tasks",), ("import", str(PLANS / "2016.yaml")), ("update", "2016/3", "--progress", "50")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "was made by a newer qtrack (schema m099_future)" in result.stderr
    assert current.read_bytes() == before


@pytest.mark.parametrize("statement", [
    "UPDATE task_update SET progress = 100",
    "DELETE FROM task_update",
    "UPDATE measurement SET value = 0",
    "DELETE FROM duty_report",
    "DELETE FROM audit",
])
def test_history_is_append_only_in_the_database_itself(current, statement):
    conn = sqlite3.connect(current)
    with pytest.raises(sqlite3.IntegrityError, match="append-only: record a correction as a new entry"):
        conn.execute(statement)
