"""The record itself: `log` (the audit trail), `backup` and `check`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import PLANS, is_pg, raw, rows, state, write


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


def _changes(cli, *args):
    return [(r["action"], r["ref"], r["by"]) for r in as_json(cli("log", *args, "-f", "json"))]


def _pages_agree(cli, args: tuple, every: list) -> None:
    """Each page of the log is the head of the whole list, and its foot counts the rest exactly:
    what a non-total order, or a per-table limit taken before a filter, would break."""
    assert _changes(cli, *args, "--limit", "0") == every
    for size in range(1, len(every) + 2):
        assert _changes(cli, *args, "--limit", str(size)) == every[:size], (args, size)
        table = cli("log", *args, "--limit", str(size)).stdout
        left = len(every) - size
        assert (f"… {left} more (use --limit 0 for all)" in table) == (left > 0) and (" more (" in table) == (left > 0)


def test_log_order_is_total_rows_sharing_a_time_and_an_id_by_table_then_a_chase_s_own_order(loaded, db):
    """One command's update, measurement and duty report can share a time and an id, and every
    item of a 催办单 has its time and id: they come in a fixed order (the tables in the log's order,
    a 催办单's items in its own), on either engine and whichever rows a filter or a page keeps."""
    assert loaded("import", str(PLANS / "2014.yaml")).exit_code == 0  # another plan, whose rows are not these
    task = dict(rows(db, "SELECT code, id FROM task WHERE plan_id = '2016'"))
    duty, target = rows(db, "SELECT id FROM duty WHERE plan_id = '2016' AND code = 'D1'")[0][0], \
        rows(db, "SELECT id FROM target WHERE plan_id = '2016' AND code = 'T1'")[0][0]
    dept = rows(db, "SELECT id FROM department WHERE name = '质量司'")[0][0]
    at = "2016-05-01 08:00:00.000000"
    write(db, "INSERT INTO task_update (id, task_id, date, recorded_at, by, progress, command) VALUES (?, ?, ?, ?, ?, ?, ?)",
          (6, task["1"], "2016-05-01", at, "甲", 10, "update"), (7, task["3"], "2016-05-01", at, "甲", 10, "update"),
          (8, task["5"], "2016-05-01", at, "甲", 10, "update"),
          (9, task["6"], "2016-07-01", at, "甲", 10, "update"))  # the newest, but dated after the day
    write(db, "INSERT INTO measurement (id, target_id, date, recorded_at, by, value, command) VALUES (?, ?, ?, ?, ?, ?, ?)",
          (7, target, "2016-05-01", at, "乙", 5, "measure"))
    write(db, "INSERT INTO duty_report (id, duty_id, period, date, recorded_at, by, status, command) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (7, duty, "2016-03", "2016-05-01", at, "丙", "done", "update"))
    write(db, "INSERT INTO chase (id, year, number, date, department_id, level, recorded_at, by, command) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (7, 2016, 1, "2016-05-01", dept, "blue", at, "丁", "chase"))
    # written out of their order, the first item naming the task of the larger id
    write(db, "INSERT INTO chase_item (chase_id, seq, kind, task_id, duty_id, period, level) VALUES (?, ?, ?, ?, ?, ?, ?)",
          (7, 3, "duty", None, duty, "2016-03", "blue"), (7, 2, "late", task["3"], None, None, "blue"),
          (7, 1, "late", task["10"], None, None, "blue"))
    every = [("update", "2016/5", "甲"), ("update", "2016/3", "甲"), ("measure", "2016/T1", "乙"),
             ("report", "2016/D1@2016-03", "丙"), ("chase", "2016/10", "丁"), ("chase", "2016/3", "丁"),
             ("chase", "2016/D1@2016-03", "丁"), ("update", "2016/1", "甲")]
    _pages_agree(loaded, ("--as-of", "2016-06-01"), every)
    _pages_agree(loaded, ("--as-of", "2016-06-01", "--dept", "质量司"), every)  # all of them are its
    _pages_agree(loaded, ("--as-of", "2016-06-01", "--dept", "卫生司"), [every[1], every[5]])
    _pages_agree(loaded, ("--as-of", "2016-06-01", "--by", "丁"), every[4:7])
    _pages_agree(loaded, ("--as-of", "2016-06-01", "--plan", "2016"), every)
    _pages_agree(loaded, ("--as-of", "2016-06-01", "--plan", "2014"), [])
    assert _changes(loaded, "--as-of", "2016-07-01", "--limit", "1") == [("update", "2016/6", "甲")]


def test_log_as_of_a_day_keeps_the_audit_rows_made_before_its_end_and_none_made_at_it(loaded, db):
    import datetime as dt

    from qtrack.history import utc_start_of

    end = utc_start_of(dt.date(2016, 6, 2))  # the user's midnight after 2016-06-01, as stored
    before = (dt.datetime.fromisoformat(end) - dt.timedelta(microseconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    write(db, "INSERT INTO audit (at, by, command, plan_id, kind, code, action, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          (before, "甲", "import", "2016", "task", "1", "changed", None),
          (end, "乙", "import", "2016", "task", "2", "changed", None))
    _pages_agree(loaded, ("--as-of", "2016-06-01"), [("changed", "2016/1", "甲")])
    _pages_agree(loaded, ("--as-of", "2016-06-02"), [("changed", "2016/2", "乙"), ("changed", "2016/1", "甲")])


@pytest.fixture
def dated(cli, plan2016):
    """Progress dated on several days, the last of it dated after 2016-06-01 though recorded last,
    then the plan edited (audit rows made today)."""
    assert cli("import", str(plan2016), "--by", "督查室").exit_code == 0
    for args in (("update", "2016/3", "--progress", "10", "--date", "2016-05-01", "--by", "张三"),
                 ("measure", "2016/T1", "91", "--date", "2016-05-02", "--by", "李四"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-05-03", "--by", "王五"),
                 ("update", "2016/5", "--progress", "20", "--date", "2016-05-04", "--by", "张三"),
                 ("update", "2016/3", "--progress", "50", "--date", "2016-07-01", "--by", "张三")):
        result = cli(*args, "--as-of", "2016-07-01")
        assert result.exit_code == 0, result.stderr
    plan2016.write_text(plan2016.read_text().replace("title: 开展消费品质量提升专项行动", "title: 开展消费品质量提升行动"))
    assert cli("import", str(plan2016), "--by", "督查室").exit_code == 0
    return cli


def test_log_pages_keep_the_newest_rows_each_filter_and_the_day_keep(dated):
    """Each table gives its newest rows only after the filters and --as-of have had their say: the
    newest update, dated after the day, and the audit rows made after it never take a place."""
    import datetime as dt

    u1, m, r = ("update", "2016/3", "张三"), ("measure", "2016/T1", "李四"), ("report", "2016/D1@2016-03", "王五")
    u2, u3 = ("update", "2016/5", "张三"), ("update", "2016/3", "张三")
    day = ("--as-of", "2016-06-01")
    _pages_agree(dated, day, [u2, r, m, u1])
    _pages_agree(dated, (*day, "--by", "张三"), [u2, u1])
    _pages_agree(dated, (*day, "--dept", "卫生司"), [u1])
    _pages_agree(dated, (*day, "--dept", "质量司"), [u2, r, m, u1])
    _pages_agree(dated, (*day, "--plan", "2016", "--by", "王五"), [r])
    _pages_agree(dated, (*day, "--since", dt.date.today().isoformat()), [u2, r, m, u1])
    _pages_agree(dated, (*day, "--since", (dt.date.today() + dt.timedelta(days=1)).isoformat()), [])
    today = ("--as-of", dt.date.today().isoformat())
    changed, added = ("changed", "2016/1", "督查室"), ("added", "2016", "督查室")
    _pages_agree(dated, today, [changed, u3, u2, r, m, u1, added])
    _pages_agree(dated, (*today, "--by", "督查室"), [changed, added])
    _pages_agree(dated, (*today, "--dept", "卫生司"), [u3, u1])


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


def test_the_routine_check_leaves_values_to_full(history, db, cli):
    """A value no command writes (a hand edit) passes the routine check, which reads pages and
    records, and fails --full, which checks every value as restore does."""
    conn = raw(db)
    conn.cursor().execute("UPDATE target SET op = '≈' WHERE code = 'T1'")
    conn.commit()
    conn.close()
    quick = cli("check", "-f", "json")
    assert quick.exit_code == 0, quick.stderr
    report = json.loads(quick.stdout)
    assert (report["ok"], report["full"], report["values"]) == (True, False, None)
    full = cli("check", "--full", "-f", "json")
    assert full.exit_code == 1
    report = json.loads(full.stdout)
    assert report["full"] is True and len(report["values"]) == 1 and "op '≈' is not one of" in report["values"][0]
    assert "op '≈' is not one of" in full.stderr


@pytest.mark.sqlite_only  # SQLite's own index check
def test_only_the_full_check_matches_every_index_against_its_table(history, db, cli):
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema = ON")  # the index now claims a column its entries are not of
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_task_due ON task (title)' WHERE name = 'ix_task_due'")
    conn.commit()
    conn.close()
    quick = cli("check")
    assert quick.exit_code == 0, quick.stderr
    assert "integrity ok (quick; --full checks more)\n" in quick.stdout
    full = cli("check", "--full")
    assert full.exit_code == 1
    assert "missing from index ix_task_due" in full.stderr and "Traceback" not in full.stderr


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
