"""Hostile dumps are refused whole before anything is written, and `check` catches what a bad
restore would leave. The cases are edits of a real dump (tests/hostile_dumps.py)."""

from __future__ import annotations

import pytest
from conftest import absent, is_pg, raw, state
from hostile_dumps import EDITS, TEXTS, spoil


@pytest.fixture(scope="module")
def dump_text(tmp_path_factory) -> str:
    """A dump of the bundled plans with an update, a duty report and a measurement recorded."""
    from conftest import PLANS
    from typer.testing import CliRunner

    from qtrack.cli import app

    folder = tmp_path_factory.mktemp("dump")
    db, out = folder / "q.db", folder / "dump.json"
    runner = CliRunner()
    for args in (["import", str(PLANS)], ["update", "2016/1", "-s", "doing", "-p", "20", "--date", "2016-05-01"],
                 ["update", "2016/D1@2016-03", "-s", "done", "--date", "2016-04-01"],
                 ["measure", "2016/T1", "91", "--date", "2016-06-01"],
                 ["export", "--format", "json", "-o", str(out)]):
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_base_dump_restores(cli, db, tmp_path, dump_text):
    path = tmp_path / "dump.json"
    path.write_text(dump_text, encoding="utf-8")
    result = cli("restore", str(path))
    assert result.exit_code == 0, result.stderr
    assert cli("check").exit_code == 0


@pytest.mark.parametrize("name", sorted(EDITS) + sorted(TEXTS))
def test_a_hostile_dump_is_refused_before_anything_is_written(cli, db, tmp_path, dump_text, name):
    path = tmp_path / "bad.json"
    path.write_bytes(spoil(dump_text, name))
    result = cli("restore", str(path))
    words = (EDITS.get(name) or TEXTS[name])[1]
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), result.stderr
    assert words in lines[0], lines[0]
    assert absent(db)  # not even an empty database (no file, no table on a server) is left behind
    assert is_pg(db) or not list(db.parent.glob(f".{db.name}.*"))  # nor the file it was being built in


@pytest.mark.parametrize("name", ["foreign-key-dangling", "status-unknown", "progress-150", "period-not-a-month",
                                  "date-impossible", "migration-from-the-future"])
def test_a_hostile_dump_is_refused_by_an_empty_database_too(cli, db, tmp_path, dump_text, name):
    # Restoring into an existing empty database validates against that database's own tables.
    assert cli("import", "--help").exit_code == 0
    path = tmp_path / "good.json"
    path.write_text(dump_text, encoding="utf-8")
    from qtrack.store import open_store

    open_store(db, create=True).close()
    before = state(db)
    bad = tmp_path / "bad.json"
    bad.write_bytes(spoil(dump_text, name))
    result = cli("restore", str(bad))
    assert result.exit_code == 1 and (EDITS.get(name) or TEXTS[name])[1] in result.stderr
    assert state(db) == before


@pytest.mark.parametrize("table, column, value, words", [
    ("task_update", "status", "finished", "table task_update id 1: status 'finished' is not one of"),
    ("task_update", "progress", 150, "progress 150 is not from 0 to 100"),
    ("duty_report", "period", "2016-13", "period '2016-13' is not a month"),
    pytest.param("task", "due", "2016-02-30", "due '2016-02-30' is not a date", marks=pytest.mark.sqlite_only(
        reason="a server's date column refuses an impossible date itself")),
    ("target", "op", "≈", "op '≈' is not one of"),
    ("duty", "start", "0001-01-01", "start 0001-01-01 is outside the years 1900–2100"),
])
def test_check_catches_what_a_bad_restore_would_leave(cli, db, tmp_path, dump_text, table, column, value, words):
    path = tmp_path / "dump.json"
    path.write_text(dump_text, encoding="utf-8")
    assert cli("restore", str(path)).exit_code == 0
    conn = raw(db)
    cur = conn.cursor()
    if is_pg(db):  # a hand edit past the append-only guard, as the tables' owner can
        cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        cur.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}'")
        for (trigger,) in cur.fetchall():
            cur.execute(f"DROP TRIGGER {trigger}")
    mark = "%s" if is_pg(db) else "?"
    cur.execute(f"UPDATE {table} SET {column} = {mark} WHERE id = (SELECT min(id) FROM {table})", (value,))
    conn.close()
    result = cli("check", "--full")
    assert result.exit_code == 1
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


@pytest.mark.parametrize("column, good, bad", [("retired", 0, 0.0), ("retired", 0, False), ("due", "2016-11-30", "2016-11-31"),
                                                ("seq", 1, True), ("title", "标题", 1)])
def test_a_bad_value_after_good_ones_of_its_column_is_still_found(dump_text, column, good, bad):
    """The rules run fast (each column's check made once, a value that repeats checked once):
    a value equal to one already passed but of another type, or a new one, is still refused."""
    import json

    from qtrack import integrity
    from qtrack.store.dump import fresh_layouts

    task = next(t for t in json.loads(dump_text)["tables"] if t["name"] == "task")
    at = task["columns"].index(column)
    rows = [list(r) for r in task["rows"]]
    rows[0][at] = good
    rows[1][at] = bad
    problems = list(integrity.row_problems(fresh_layouts(), [("task", task["columns"], rows)], references=False))
    assert problems and problems[0].startswith(f"table task row 2: {column} ")


@pytest.mark.parametrize("parent, sound", [("last", True), (424242, False)])
def test_loading_checks_a_reference_to_a_row_further_on_at_the_end(dump_text, parent, sound):
    """Restore's one pass (integrity.Loading) passes the rows a batch at a time: a sub-task whose
    parent comes later in the dump passes, once the parent is read; one pointing at no row is
    Unsure at the end (and the dump goes to row_problems, which names it)."""
    import json

    from qtrack import integrity
    from qtrack.store.dump import fresh_layouts

    tables = json.loads(dump_text)["tables"]
    task = next(t for t in tables if t["name"] == "task")
    task["rows"][0][task["columns"].index("parent_id")] = (
        task["rows"][-1][task["columns"].index("id")] if parent == "last" else parent)
    loading = integrity.Loading(fresh_layouts())
    for table in tables:
        passed = [row for batch in loading.batches(table["name"], table["columns"], table["rows"]) for row in batch]
        assert passed == table["rows"]
    if sound:
        loading.finish()
    else:
        with pytest.raises(integrity.Unsure):
            loading.finish()
