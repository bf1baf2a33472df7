"""The database under hostile conditions: another program's tables, an empty file, a dry run with
no database, a write-ahead log deleted under a live connection, and a database qtrack may read
but not write (a read-only file, folder or copy; on a server, a database kept to reading)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from conftest import PLANS, absent, is_pg, raw, state

from qtrack.store import open_store


def run(*args: str):
    """qtrack ARGS as typed, with the --db the test gives (the cli fixture adds its own)."""
    from typer.testing import CliRunner

    from qtrack.cli import app

    return CliRunner(env={"COLUMNS": "160", "QTRACK_DEBUG": None}).invoke(app, list(args))


def _side_files(path) -> list[str]:
    """The -wal, -shm or -journal files beside a SQLite file (a server's database has none)."""
    if is_pg(path):
        return []
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_another_programs_database_is_refused_untouched(cli, db):
    conn = raw(db)
    conn.cursor().execute("CREATE TABLE contacts (name TEXT)")
    conn.cursor().execute("INSERT INTO contacts VALUES ('质量司')")
    conn.close()
    before = state(db)
    for args in (["import", str(PLANS / "2016.yaml")], ["plans"], ["check"], ["update", "2016/1", "-s", "done"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr == f"error: {db} holds another program's tables, not a qtrack database\n"
    assert state(db) == before  # not even switched to WAL
    assert _side_files(db) == []


@pytest.mark.sqlite_only(reason="a file of no bytes; an empty server database: test_cli's missing-database test")
@pytest.mark.parametrize("command", [["check"], ["plans"], ["tasks"], ["log"], ["update", "2016/1", "-s", "done"]])
def test_an_empty_file_is_not_turned_into_a_database(cli, db, command):
    db.write_bytes(b"")
    result = cli(*command)
    assert result.exit_code == 1 and f"{db} is empty, not a qtrack database" in result.stderr
    assert state(db) == b"" and _side_files(db) == []


@pytest.mark.sqlite_only(reason="a file of no bytes; every server test imports into an empty database")
def test_importing_into_an_empty_file_makes_it_a_database(cli, db):
    db.write_bytes(b"")
    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    assert cli("check").exit_code == 0


def test_a_dry_run_creates_no_database(cli, db):
    result = cli("import", "--dry-run", str(PLANS / "2016.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "dry run: nothing written"  # after the summary
    assert "new plan: 10 tasks" in result.stdout
    assert absent(db) and _side_files(db) == []


@pytest.mark.sqlite_only(reason="SQLite's write-ahead log file; a server keeps its own")
def test_a_deleted_write_ahead_log_is_named_as_the_cause(loaded, db):
    live = open_store(db)  # another program still has the database open, with records in its log
    with live.transaction():
        live.execute("INSERT INTO task_update (task_id, date, recorded_at, by, status, command) "
                     "SELECT id, '2016-05-01', '2016-05-01 00:00:00', 'x', 'doing', 'test' FROM task")
    os.unlink(f"{db}-wal")
    try:
        for args in (["plans"], ["update", "2016/1", "-s", "done", "--date", "2016-06-01"], ["check"]):
            proc = subprocess.run([sys.executable, "-m", "qtrack", *args, "--db", str(db)], capture_output=True,
                                  text=True, env={**os.environ, "QTRACK_DEBUG": ""})
            assert proc.returncode == 1, proc.stdout
            assert proc.stderr.startswith(f"error: {db.name}-wal, the write-ahead log of {db}, was deleted"), proc.stderr
            assert len(proc.stderr.splitlines()) == 1
    finally:
        live.close()


def _make_read_only(*paths) -> None:
    """Read-only for this process: chmod, and where that does not bind (root) the immutable flag."""
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if all(not os.access(p, os.W_OK) for p in paths):
        return
    for path in paths:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            _writable(*paths)
            pytest.skip("cannot make a file read-only here (root on a file system without chattr +i)")


def _writable(*paths) -> None:
    for path in paths:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(params=["file", "folder"])
def read_only(request, loaded, db, tmp_path):
    """The loaded database with an update, as a read-only file or in a read-only folder."""
    assert loaded("update", "2016/1", "-s", "doing", "-p", "30", "--date", "2016-05-01").exit_code == 0
    folder = tmp_path / "sent"
    folder.mkdir()
    copy = folder / "copy.db"
    shutil.copy(db, copy)  # a copy another office sent: no -wal, no -shm
    paths = [copy] if request.param == "file" else [folder]
    _make_read_only(*paths)
    yield copy
    _writable(*paths)


@pytest.mark.sqlite_only(reason="a read-only file; on a server: test_a_server_database_kept_to_reading_*")
@pytest.mark.parametrize("args", [
    ["plans"], ["tasks", "--plan", "2016"], ["show", "2016/1"], ["status"], ["overdue", "--as-of", "2016-12-01"],
    ["targets"], ["depts"], ["log"], ["check"], ["export", "-o", "{out}/ledger.xlsx"], ["report", "-o", "{out}/r.md"],
    ["export", "--format", "json", "-o", "{out}/dump.json"], ["backup", "{out}/backup.db"],
], ids=lambda a: " ".join(a[:2]))
def test_a_read_only_database_can_be_read(read_only, tmp_path, args):
    before = read_only.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    result = run(*[a.format(out=out) for a in args], "--db", str(read_only))
    assert result.exit_code == 0, result.stderr
    assert read_only.read_bytes() == before
    assert _side_files(read_only) == []  # no -wal, no -shm left beside it


@pytest.mark.sqlite_only(reason="a read-only file; on a server: test_a_server_database_kept_to_reading_*")
def test_a_read_only_database_shows_what_it_holds(read_only):
    result = run("show", "2016/1", "--format", "json", "--db", str(read_only))
    assert result.exit_code == 0 and '"progress": 30' in result.stdout


@pytest.mark.sqlite_only(reason="a read-only file; on a server: test_a_server_database_kept_to_reading_*")
@pytest.mark.parametrize("args", [
    ["update", "2016/1", "-s", "done", "--date", "2016-06-01"], ["measure", "2016/T1", "91", "--date", "2016-06-01"],
    ["update", "2016/D1@2016-03", "-s", "done", "--date", "2016-04-01"], ["import", str(PLANS / "gansu-2011.yaml")],
    ["import", "--dry-run", str(PLANS / "gansu-2011.yaml")],
], ids=lambda a: " ".join(a[:2]))
def test_a_write_to_a_read_only_database_fails_in_one_line(read_only, args):
    before = read_only.read_bytes()
    result = run(*args, "--db", str(read_only))
    if args[1] == "--dry-run":  # a dry run rehearses on a copy in memory: it works, and writes nothing
        assert result.exit_code == 0 and "gansu-2011" in result.stdout, result.stderr
    else:
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {read_only} cannot be changed: "), result.stderr
        assert "read-only" in result.stderr and len(result.stderr.splitlines()) == 1
    assert read_only.read_bytes() == before and _side_files(read_only) == []


@pytest.mark.sqlite_only(reason="SQLite keeps any bytes as text; a server refuses text that is not UTF-8 itself")
def test_text_that_is_not_utf8_is_found_by_check_and_named_by_every_command(loaded, db, tmp_path):
    # SQLite keeps whatever bytes it is given as text; a damaged page or another program's write
    # can leave bytes that are not UTF-8, which Python cannot read back.
    conn = sqlite3.connect(db)
    conn.execute("UPDATE task SET title = CAST(X'E8B4A8DEADBEEF' AS TEXT) WHERE code = '1'")
    conn.commit()
    conn.close()
    result = loaded("check")
    assert result.exit_code == 1 and ": title is not UTF-8 text (the file is damaged)" in result.stderr
    for args in (["tasks", "--format", "json"], ["export", "--format", "json", "-o", str(tmp_path / "d.json")]):
        result = loaded(*args)
        assert result.exit_code == 1
        assert result.stderr == "error: the database holds text that is not UTF-8: the file is damaged; " \
                                "run qtrack check to find where\n"


@pytest.fixture
def kept_to_reading(loaded, db):
    """The loaded server database, with an update, kept to reading (as a standby, or a database an
    administrator set read-only): every new session's transactions are read-only."""
    assert loaded("update", "2016/1", "-s", "doing", "-p", "30", "--date", "2016-05-01").exit_code == 0
    conn = raw(db)
    cur = conn.cursor()
    cur.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', "
                "current_database()); END $$")
    conn.close()
    yield db
    conn = raw(db)
    cur = conn.cursor()
    cur.execute("SET default_transaction_read_only = off")
    cur.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET default_transaction_read_only', "
                "current_database()); END $$")
    conn.close()


@pytest.mark.postgresql_only
@pytest.mark.parametrize("args", [
    ["plans"], ["tasks", "--plan", "2016"], ["show", "2016/1", "--format", "json"], ["status"],
    ["overdue", "--as-of", "2016-12-01"], ["targets"], ["depts"], ["log"], ["check"],
    ["export", "-o", "{out}/ledger.xlsx"], ["report", "-o", "{out}/r.md"],
    ["export", "--format", "json", "-o", "{out}/dump.json"], ["backup", "{out}/backup.json"],
], ids=lambda a: " ".join(a[:2]))
def test_a_server_database_kept_to_reading_can_be_read(kept_to_reading, tmp_path, args):
    before = state(kept_to_reading)
    result = run(*[a.format(out=tmp_path) for a in args], "--db", kept_to_reading)
    assert result.exit_code == 0, result.stderr
    assert args[0] != "show" or '"progress": 30' in result.stdout
    assert state(kept_to_reading) == before


@pytest.mark.postgresql_only
@pytest.mark.parametrize("args", [
    ["update", "2016/1", "-s", "done", "--date", "2016-06-01"], ["measure", "2016/T1", "91", "--date", "2016-06-01"],
    ["update", "2016/D1@2016-03", "-s", "done", "--date", "2016-04-01"], ["import", str(PLANS / "gansu-2011.yaml")],
    ["import", "--dry-run", str(PLANS / "gansu-2011.yaml")],  # it rehearses on the server (see the README)
], ids=lambda a: " ".join(a[:2]))
def test_a_server_database_kept_to_reading_refuses_a_write_in_one_line(kept_to_reading, args):
    before = state(kept_to_reading)
    result = run(*args, "--db", kept_to_reading)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "read-only" in line and "nothing was written" in line, line
    assert state(kept_to_reading) == before
