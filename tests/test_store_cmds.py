"""The record itself: `log` (the audit trail), `backup` and `check`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import PLANS, is_pg, raw, rows, state


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def history(cli, plan2016):
    """The 2016 plan imported, progress recorded by three people, then the plan edited."""
    assert cli("import", str(plan2016), "--by", "督查室").exit_code == 0
    for args in (("update", "2016/3", "--progress", "40", "--note", "已部署", "--by", "张三"),
                 ("measure", "2016/T1", "91", "--by", "李四"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--by", "王五")):
        assert cli(*args, "--as-of", "2016-06-01").exit_code == 0
    plan2016.write_text(plan2016.read_text().replace("title: 开展消费品质量提升专项行动", "title: 开展消费品质量提升行动"))
    assert cli("import", str(plan2016), "--by", "督查室").exit_code == 0
    return cli


def test_log_lists_every_change_newest_first_with_who_and_which_command(history):
    rows = as_json(history("log", "-f", "json"))
    assert [(r["by"], r["command"], r["ref"], r["action"]) for r in rows] == [
        ("督查室", "import", "2016/1", "changed"),
        ("王五", "update", "2016/D1@2016-03", "report"),
        ("李四", "measure", "2016/T1", "measure"),
        ("张三", "update", "2016/3", "update"),
        ("督查室", "import", "2016", "added"),
    ]
    assert rows[0]["detail"] == "title 开展消费品质量提升专项行动 → 开展消费品质量提升行动"
    assert rows[3]["what"] == "进行中 40% 已部署 (2016-06-01)"  # progress on a task not started starts it
    assert all(r["at"].endswith("+00:00") for r in rows)


def test_log_filters_by_department_plan_author_and_day(history, cli):
    assert [r["ref"] for r in as_json(history("log", "--dept", "卫生司", "-f", "json"))] == ["2016/3"]
    assert [r["ref"] for r in as_json(history("log", "--by", "李四", "-f", "json"))] == ["2016/T1"]
    assert as_json(history("log", "--since", "2999-01-01", "-f", "json")) == []
    assert len(as_json(history("log", "--since", "2000-01-01", "-f", "json"))) == 5
    assert len(as_json(history("log", "--limit", "2", "-f", "json"))) == 2
    paged = history("log", "--limit", "2").stdout
    assert "… 3 more (use --limit 0 for all)" in paged and paged.count("督查室") == 1  # the newest two only
    assert cli("import", str(PLANS / "2014.yaml")).exit_code == 0
    assert {r["ref"] for r in as_json(history("log", "--plan", "2014", "-f", "json"))} == {"2014"}


def test_import_is_signed_with_the_login_name_by_default_and_a_dry_run_leaves_no_trace(cli, db):
    import getpass

    assert cli("import", str(PLANS / "2014.yaml"), "--dry-run").exit_code == 0
    assert cli("import", str(PLANS / "2014.yaml")).exit_code == 0
    assert rows(db, "SELECT by, command, plan_id, action FROM audit") == [(getpass.getuser(), "import", "2014", "added")]


def test_log_table_shows_local_times_and_the_change(history):
    out = history("log").stdout
    assert "changes, newest first" in out and "张三" in out and "task changed: title" in out


def test_backup_is_a_checked_copy_holding_every_record(history, db, tmp_path, cli):
    copy = tmp_path / "copy.db"
    result = cli("backup", str(copy))
    assert result.exit_code == 0, result.stderr
    assert f"backed up to {copy}" in result.stdout and "check ok" in result.stdout
    if is_pg(db):  # a server's backup is qtrack's JSON dump, taken from one snapshot
        assert cli("export", "-o", str(tmp_path / "now.json")).exit_code == 0
        assert copy.read_bytes() == (tmp_path / "now.json").read_bytes()
        return

    def dump(path):
        return list(sqlite3.connect(path).iterdump())

    assert dump(copy) == dump(db)


def test_backup_never_overwrites_and_says_why(history, tmp_path, cli):
    target = tmp_path / "exists.db"
    target.write_text("precious")
    result = cli("backup", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"error: {target} already exists; a backup never overwrites a file\n"
    assert target.read_text() == "precious"
    result = cli("backup", str(tmp_path / "no" / "such" / "x.db"))
    assert result.exit_code == 1 and "is not a folder" in result.stderr


def test_check_reports_version_path_size_and_counts(history, db):
    from typer.testing import CliRunner

    from qtrack.cli import app
    from qtrack.store.migrations import MIGRATIONS

    result = CliRunner().invoke(app, ["check", "--db", str(db), "-f", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["ok"] and report["problems"] == [] and report["integrity"] == ["ok"] and report["foreign_keys"] == []
    assert report["schema"] == list(MIGRATIONS)[-1] and report["path"] == str(db)
    assert report["size"] == (db.stat().st_size if not is_pg(db) else rows(db, "SELECT pg_database_size(current_database())")[0][0]) > 0
    assert report["counts"]["task"] == 10 and report["counts"]["task_update"] == 1
    assert report["counts"]["audit"] == 2


def test_check_fails_on_a_broken_foreign_key(history, db, cli):
    conn = raw(db)
    cur = conn.cursor()  # keys unchecked, as SQLite without its PRAGMA or a superuser's replica mode leaves them
    cur.execute("SET session_replication_role = replica" if is_pg(db) else "PRAGMA foreign_keys = OFF")
    cur.execute("INSERT INTO task_department (task_id, department_id, role, seq) VALUES (9999, 1, 'lead', 0)")
    conn.commit()
    conn.close()
    result = cli("check")
    assert result.exit_code == 1
    assert "task_department row" in result.stdout and "points at a missing task" in result.stdout
    assert result.stderr.startswith("error: ") and "failed its check (task_department row" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.sqlite_only  # a file's pages
def test_check_of_a_damaged_file_is_a_clear_error(history, db, cli):
    data = bytearray(state(db))
    data[4096:8192] = b"\xff" * 4096  # overwrite the second page
    db.write_bytes(bytes(data))
    result = cli("check")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "malformed" in result.stdout + result.stderr


def _damage(db, request, relation: str, block: int) -> None:
    """Overwrite one page of `relation`'s file under the suite's own server, with its buffers
    emptied first so that the next read comes from the file."""
    databases = request.getfixturevalue("pg_databases")
    if databases.cluster is None:
        pytest.skip("damages a file of the suite's own cluster (not of QTRACK_TEST_PG_URL's server)")
    conn = raw(db)
    cur = conn.cursor()
    cur.execute("SELECT current_setting('data_directory'), pg_relation_filepath(%s)", (relation,))
    folder, file = cur.fetchone()
    conn.close()
    databases.restart()
    with open(f"{folder}/{file}", "r+b") as pages:
        pages.seek(block * 8192)
        pages.write(b"\xff" * 8192)


def _install_amcheck(db) -> None:
    conn = raw(db)
    conn.cursor().execute("CREATE EXTENSION amcheck")
    conn.close()


@pytest.mark.postgresql_only
def test_check_on_a_server_with_amcheck_finds_a_sound_database_sound(history, db, cli):
    _install_amcheck(db)
    result = cli("check", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["integrity"] == ["ok"]


@pytest.mark.postgresql_only
def test_check_on_a_server_with_amcheck_finds_a_damaged_index(history, db, cli, request):
    _install_amcheck(db)
    _damage(db, request, "task_pkey", 1)  # block 0 is the index's metapage; 1 holds its keys
    result = cli("check", "-f", "json")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "failed its check (index task_pkey: " in result.stderr
    assert json.loads(result.stdout)["integrity"][0].startswith("index task_pkey: ")


@pytest.mark.postgresql_only
def test_check_on_a_server_reads_every_value_and_names_a_damaged_table(history, db, cli, request):
    import random

    rng = random.Random(14)  # a long note that does not compress: kept out of line, in the table's TOAST
    long = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(4000))
    conn = raw(db)
    cur = conn.cursor()
    cur.execute("UPDATE task SET notes = %s WHERE code = '1'", (long,))
    cur.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'task'::regclass")
    [toast] = cur.fetchone()
    conn.close()
    _damage(db, request, toast, 0)
    result = cli("check")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "integrity table task cannot be read: " in result.stdout
    assert result.stderr.startswith("error: ") and "failed its check (table task cannot be read: " in result.stderr
