"""The whole database as JSON (`export --format json`) and back (`restore`): lossless, table-driven,
only into an empty database of the same schema."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import PLANS, absent, is_pg, raw, state
from conftest import (
    snapshot as table_contents,  # every table and every row, read with the bare driver
)
from typer.testing import CliRunner

from qtrack import dump
from qtrack import store as qdb
from qtrack.cli import app
from qtrack.store import dump as stored_dump
from qtrack.store.migrations import MIGRATIONS

AS_OF = "2016-12-15"


def on(path, *args: str):
    """`qtrack ARGS --db PATH` against another database than the test's own."""
    return CliRunner().invoke(app, [*args, "--db", str(path)])


@pytest.fixture
def history(cli):
    """The bundled plans with every kind of record: updates, measurements, duty reports."""
    assert cli("import", str(PLANS)).exit_code == 0
    for args in (("update", "2016/2", "--status", "已完成", "--note", "示范区建设完成", "--by", "检验司李四",
                  "--date", "2016-11-25"),
                 ("update", "gansu-2011/4.2", "--progress", "35", "--note", "见\"附件\"\n第二行"),
                 ("measure", "2016/T1", "92.5", "--date", "2016-12-10"),
                 ("measure", "gansu-2011/T21", "650.125"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-03-28")):
        assert cli(*args, "--as-of", AS_OF).exit_code == 0, args
    return cli


def test_export_restore_export_gives_identical_files_and_equal_tables(history, cli, db, tmp_path, new_db):
    first, second, copy = tmp_path / "first.json", tmp_path / "second.json", new_db("copy.db")
    result = cli("export", "-o", str(first))
    assert result.exit_code == 0, result.stderr
    tables = len(table_contents(db))  # however many the schema has: the dump does not list them
    assert result.stdout.startswith(f"wrote {first}: {tables} tables, ")
    restored = on(copy, "restore", str(first))
    assert restored.exit_code == 0, restored.stderr
    assert restored.stdout.startswith(f"restored {first}: {tables} tables, ")
    assert on(copy, "export", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    original, rebuilt = table_contents(db), table_contents(copy)
    assert list(original) == list(rebuilt)
    for name in original:
        assert rebuilt[name] == original[name], name
    assert [len(original[t]) for t in ("task_update", "measurement", "duty_report")] == [2, 2, 1]
    data = json.loads(first.read_text(encoding="utf-8"))  # plain JSON, Chinese as is
    assert "检验司李四" in first.read_text(encoding="utf-8")
    assert data["schema"] == list(MIGRATIONS)


@pytest.mark.sqlite_only  # the extra table and its trigger are written in SQLite's SQL
def test_a_table_added_by_a_later_migration_is_carried_without_a_code_change(history, db, tmp_path):
    # an audit log another engineer might add, kept by a trigger: restoring must not log the copy again
    extra = ["CREATE TABLE audit_log (id INTEGER PRIMARY KEY, task_id INTEGER REFERENCES task(id), "
             "at TEXT NOT NULL, what TEXT)",
             "CREATE TRIGGER log_update AFTER INSERT ON task_update BEGIN "
             "INSERT INTO audit_log (task_id, at, what) VALUES (new.task_id, new.date, 'update'); END"]
    conn = sqlite3.connect(db)
    for sql in extra:
        conn.execute(sql)
    conn.executemany("INSERT INTO audit_log (task_id, at, what) VALUES (?, ?, ?)",
                     [(1, "2016-12-01", "改了时限"), (None, "2016-12-02", None)])
    conn.execute("INSERT INTO task_update (task_id, date, recorded_at, by, progress, command) "
                 "VALUES (1, '2016-12-03', '2016-12-03 10:00:00.000000', 'x', 10, 'update')")
    conn.commit()
    conn.close()
    target = tmp_path / "copy.db"
    qdb.open_store(target, create=True).close()
    conn = sqlite3.connect(target)
    for sql in extra:
        conn.execute(sql)
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
    conn.close()
    source = qdb.open_store(db)
    data = dump.dump(source)
    source.close()
    names = [t["name"] for t in data["tables"]]
    assert names.index("task") < names.index("audit_log")  # parents first
    into = qdb.open_store(target)
    assert dump.restore(into, data, path=tmp_path / "x.json")["audit_log"] == 3
    into.close()
    assert table_contents(target) == table_contents(db)
    conn = sqlite3.connect(target)  # and the triggers are back
    assert conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall() == triggers
    conn.close()
    assert ("log_update",) in [t[:1] for t in triggers]


def test_tables_come_parents_first(history, db):
    conn = qdb.open_store(db)
    order = stored_dump.tables(conn)
    conn.close()
    cur = raw(db).cursor()  # the foreign keys as the engine's own catalogue lists them
    cur.execute("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                if is_pg(db) else "SELECT m.name, f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
                                  "WHERE m.type = 'table'")
    keys = [(child, parent) for child, parent in cur.fetchall() if child != parent]
    assert len(keys) > 10
    for child, parent in keys:
        assert order.index(parent) < order.index(child), (parent, child)
    assert "migration" in order


def test_restore_only_into_an_empty_database(history, cli, db, tmp_path):
    out = tmp_path / "all.json"
    assert cli("export", "-o", str(out)).exit_code == 0
    before = state(db)
    result = cli("restore", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the database is not empty (")
    assert "restore only into a new database" in result.stderr
    assert state(db) == before


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(schema=[*MIGRATIONS, "m999_future"]),
     f"the dump is of schema {'+'.join(MIGRATIONS)}+m999_future, this qtrack's is {'+'.join(MIGRATIONS)}"),
    (lambda d: d.update(format="something-else"), "not a qtrack dump"),
    (lambda d: d.update(version=2), "dump format version 2"),
])
def test_a_dump_of_another_schema_or_kind_is_refused_before_any_database_is_made(history, cli, tmp_path, change,
                                                                                  message, new_db):
    out = tmp_path / "all.json"
    assert cli("export", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    change(data)
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = new_db("new.db")
    result = on(target, "restore", str(out))
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert absent(target)


def test_restore_of_a_file_that_is_not_json(cli, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    result = cli("restore", str(bad))
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {bad}: not a qtrack dump (not JSON")


def test_json_export_is_the_whole_database(history, cli, tmp_path):
    result = cli("export", "-o", str(tmp_path / "x.json"), "--plan", "2016")
    assert result.exit_code == 1
    assert "writes the whole database" in result.stderr
    assert cli("export", "-o", str(tmp_path / "x.txt")).stderr == (
        "error: --format xlsx, ics, json or yaml: cannot tell from the name x.txt\n")


# Every command that answers, in JSON where it has a format: what "the same answers" compares.
ANSWERS = [("plans",), ("tasks", "--all"), ("tasks", "-q", "质量"), ("overdue",), ("status",),
           ("status", "--dept", "质量司"), ("depts",), ("targets",), ("show", "2016/2"), ("show", "2016/T1"),
           ("show", "2016/D1"), ("log",)]


def answers(where, folder) -> dict:
    """Every listing's JSON and CSV, and what export and report write (the ledger's cells, the
    calendar but for its time of writing, the bulletin in both kinds)."""
    from openpyxl import load_workbook

    out = {}
    for args in ANSWERS:
        for fmt in ("json", "csv") if args[0] != "show" else ("json",):
            result = on(where, *args, *(("--as-of", AS_OF) if args[0] != "log" else ()), "-f", fmt)
            assert result.exit_code == 0, (args, result.stderr)
            out[(*args, fmt)] = result.stdout
    folder.mkdir()
    for command, name in (("export", "ledger.xlsx"), ("export", "dates.ics"), ("report", "bulletin.html"),
                          ("report", "bulletin.md")):
        recording = ["--no-record"] if command == "report" else []  # reading answers records nothing
        result = on(where, command, "-o", str(folder / name), "--as-of", AS_OF, *recording)
        assert result.exit_code == 0, (name, result.stderr)
    book = load_workbook(folder / "ledger.xlsx")
    out["ledger"] = {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}
    out["calendar"] = [line for line in (folder / "dates.ics").read_text(encoding="utf-8").splitlines()
                       if not line.startswith("DTSTAMP")]
    out["bulletin"] = [(folder / f"bulletin.{kind}").read_text(encoding="utf-8") for kind in ("html", "md")]
    return out


@pytest.mark.postgresql
def test_an_office_moves_from_a_file_to_a_server_and_every_answer_is_the_same(tmp_path, pg_databases):
    """export --format json from SQLite, restore into an empty PostgreSQL database: identical
    answers, byte for byte, and the server's dump is the file's."""
    file, server = tmp_path / "office.db", pg_databases.create()
    assert on(file, "import", str(PLANS)).exit_code == 0
    for args in (("update", "2016/2", "--status", "已完成", "--note", "示范区建设完成", "--by", "检验司李四",
                  "--date", "2016-11-25"), ("update", "gansu-2011/4.2", "--progress", "35"),
                 ("measure", "2016/T1", "92.5", "--date", "2016-12-10"), ("measure", "gansu-2011/T21", "650.125"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-03-28")):
        assert on(file, *args, "--as-of", AS_OF).exit_code == 0, args
    moved, back = tmp_path / "office.json", tmp_path / "back.json"
    assert on(file, "export", "-o", str(moved)).exit_code == 0
    restored = on(server, "restore", str(moved))
    assert restored.exit_code == 0, restored.stderr
    assert answers(server, tmp_path / "server") == answers(file, tmp_path / "file")
    assert on(server, "export", "-o", str(back)).exit_code == 0
    assert back.read_bytes() == moved.read_bytes()
    # and the server goes on numbering after the moved rows, as the file would
    for where in (file, server):
        assert on(where, "update", "2016/3", "--note", "搬迁后", "--by", "甲", "--as-of", AS_OF).exit_code == 0
    for where in (file, server):
        assert json.loads(on(where, "log", "-f", "json").stdout)[0]["ref"] == "2016/3"
        assert on(where, "show", "2016/3", "-f", "json").stdout.count("搬迁后") == 1


def test_a_sub_task_before_its_parent_restores(history, cli, tmp_path, new_db):
    """References are checked as the rows are written, a batch at a time: one to a row further
    on in the dump (the first task's parent the last task) is checked once that row is read."""
    out, target = tmp_path / "all.json", new_db("new.db")
    assert cli("export", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    task = next(t for t in data["tables"] if t["name"] == "task")
    at, parent = task["columns"].index("parent_id"), task["rows"][-1][task["columns"].index("id")]
    task["rows"][0][at] = parent
    dump.write(data, out)
    result = on(target, "restore", str(out))
    assert result.exit_code == 0, result.stderr
    cur = raw(target).cursor()
    cur.execute("SELECT parent_id FROM task ORDER BY id LIMIT 1")
    assert cur.fetchone()[0] == parent


@pytest.mark.sqlite_only(reason="a new SQLite file is built beside its name")
def test_a_database_built_new_never_replaces_a_file_made_meanwhile(tmp_path):
    """The new file takes its name only if no file has it by then (another restore's, say):
    that one stays as it is, and the one built is thrown away."""
    target = tmp_path / "new.db"

    def fill(store, layouts):
        target.write_bytes(b"meanwhile")
        return "filled"
    assert stored_dump.build_new(target, fill) is None
    assert target.read_bytes() == b"meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


@pytest.mark.sqlite_only(reason="a new SQLite file is built beside its name")
def test_a_database_built_new_is_gone_when_its_filling_fails(tmp_path):
    target = tmp_path / "new.db"

    def fill(store, layouts):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        stored_dump.build_new(target, fill)
    assert list(tmp_path.iterdir()) == []
