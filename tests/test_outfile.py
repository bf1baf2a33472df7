"""Nothing is silently overwritten or destroyed: every file qtrack writes on request goes through
qtrack/outfile.py — refused over an existing file without --force, never over the database,
written beside the target and renamed, so a full disk or a kill leaves the old file whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCES, is_pg, state
from typer.testing import CliRunner

from qtrack.cli import app

AS_OF = "2016-12-15"
WRITERS = {  # each command that writes -o FILE, with a file name it takes
    "export-json": ("export", "-o", "{out}.json"),
    "export-xlsx": ("export", "-o", "{out}.xlsx"),
    "export-ics": ("export", "-o", "{out}.ics"),
    "report-html": ("report", "--as-of", AS_OF, "-o", "{out}.html"),
    "report-md": ("report", "--as-of", AS_OF, "-o", "{out}.md"),
}


def writer(name: str, out: Path, *extra: str) -> list[str]:
    return [a.format(out=out) for a in WRITERS[name]] + list(extra)


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "Traceback" not in result.stderr and "unexpected" not in line
    return line


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial") or ".partial-" in p.name)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_existing_file_is_kept_unless_force_is_given(loaded, tmp_path, name):
    args = writer(name, tmp_path / "out")
    target = Path(args[-1])
    target.write_text("a department's filled ledger")
    os.chmod(target, 0o640)
    assert "already exists; add --force" in one_error_line(loaded(*args))
    assert target.read_text() == "a department's filled ledger"
    result = loaded(*args, "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() != b"a department's filled ledger" and target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_draft_output_is_kept_unless_force_is_given(tmp_path):
    out = tmp_path / "2016.yaml"
    out.write_text("# my reviewed plan\n")
    source = str(SOURCES / "2016-quality-brand-action-plan.txt")
    assert "already exists; add --force" in one_error_line(CliRunner().invoke(app, ["draft", source, "-o", str(out)]))
    assert out.read_text() == "# my reviewed plan\n"
    assert CliRunner().invoke(app, ["draft", source, "-o", str(out), "--force"]).exit_code == 0
    assert "\nqtrack: 1\n" in "\n" + out.read_text()


@pytest.mark.sqlite_only(reason="the database's own files; a server's database has none here to write over")
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_database_and_its_companions_are_never_written_even_with_force(loaded, db, tmp_path, suffix):
    guarded = db.with_name(db.name + suffix)
    before = state(db)
    link, hard = tmp_path / "innocent.json", tmp_path / "hard.json"
    for target in (guarded, link, hard):
        if not guarded.exists():
            guarded.write_bytes(b"")  # as a live connection keeps it; the last close removes it again
        if target is link:
            link.symlink_to(guarded)
        elif target is hard:
            os.link(guarded, hard)
        line = one_error_line(loaded("export", "-f", "json", "-o", str(target), "--force"))
        assert "is the database" in line and "even with --force" in line
        assert state(db) == before
        target.unlink(missing_ok=True) if target is not guarded else None


def test_no_output_goes_over_any_sqlite_database(loaded, db, tmp_path):
    from qtrack.store import open_store

    other = tmp_path / "backup-2016.md"  # another office's qtrack file, whatever the engine of this one
    open_store(other, create=True).close()
    before = other.read_bytes()
    assert "is a SQLite database" in one_error_line(loaded("report", "-o", str(other), "--force", "--as-of", AS_OF))
    assert other.read_bytes() == before


def test_a_folder_is_one_line(loaded, tmp_path):
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    assert "is a folder" in one_error_line(loaded("export", "-o", str(folder), "--force"))
    assert "is not a folder" in one_error_line(loaded("export", "-o", str(tmp_path / "no" / "x.json")))


@pytest.mark.parametrize("kind", ["json", "xlsx", "ics"])
def test_a_full_device_is_one_line(loaded, kind):
    line = one_error_line(loaded("export", "-f", kind, "-o", "/dev/full"))
    assert line.startswith("error: cannot write /dev/full: ")


FULL_AFTER_OPENING = """
import resource, signal, sys
from qtrack.cli import main, options
def fill():  # files stop growing at {limit} bytes
    resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
opened = options.open_db
def open_db(*args, **kwargs):  # the disk fills up once the database is open
    conn = opened(*args, **kwargs)
    fill()
    return conn
options.open_db = open_db
if {at_once!r}:  # a command that opens no database (draft)
    fill()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG, as ENOSPC would
sys.argv = ["qtrack", *{args!r}]
main()
"""
DRAFT = ("draft", str(SOURCES / "2016-quality-brand-action-plan.txt"), "-o", "{out}.yaml")
OUTPUTS = {**WRITERS, "draft": DRAFT}  # every output written on request, the plan file of `draft` too


def _under_a_size_limit(db: Path, args: list[str], limit: int) -> subprocess.CompletedProcess:
    """Run qtrack with a disk that is full once the database is open (at once for draft)."""
    code = FULL_AFTER_OPENING.format(limit=limit, at_once=args[0] == "draft",
                                     args=[*args] if args[0] == "draft" else [*args, "--db", str(db)])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def output(name: str, out: Path, *extra: str) -> tuple[list[str], Path]:
    """The arguments of one output command writing next to `out`, and the file it writes."""
    args = [a.format(out=out) for a in OUTPUTS[name]] + list(extra)
    return args, Path(args[args.index("-o") + 1])


def assert_one_clean_line(stderr: str, target: Path) -> str:
    """One `error: cannot write TARGET: …` line: no traceback, no 'Exception ignored' at exit."""
    assert len(stderr.splitlines()) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "unexpected" not in stderr
    assert stderr.startswith(f"error: cannot write {target}: "), stderr
    return stderr.rstrip("\n")


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_full_disk_leaves_the_old_file_whole(loaded, db, tmp_path, name):
    args, target = output(name, tmp_path / "out", "--force")
    target.write_bytes(b"old")
    result = _under_a_size_limit(db, args, 512)
    assert result.returncode == 1, result.stdout
    assert assert_one_clean_line(result.stderr, target).endswith("is as it was")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_read_only_folder_is_one_line_and_the_old_file_stays(loaded, tmp_path, name):
    from test_db_files import _make_read_only, _writable

    folder = tmp_path / "sent"
    folder.mkdir()
    args, target = output(name, folder / "out", "--force")
    target.write_bytes(b"old")
    _make_read_only(folder)
    try:
        result = loaded(*args) if name != "draft" else CliRunner().invoke(app, args)
    finally:
        _writable(folder)
    assert result.exit_code == 1, result.stdout
    assert_one_clean_line(result.stderr, target)
    assert target.read_bytes() == b"old" and leftovers(folder) == []


def test_a_partial_file_a_killed_run_left_is_cleaned_by_the_next(loaded, tmp_path):
    target = tmp_path / "ledger.xlsx"
    stale = tmp_path / ".ledger.xlsx.partial"
    stale.write_bytes(b"half a workbook")
    assert loaded("export", "-o", str(target), "--as-of", AS_OF).exit_code == 0
    assert leftovers(tmp_path) == [] and target.read_bytes()[:2] == b"PK"


def test_a_partial_file_another_live_qtrack_writes_is_left_alone(loaded, tmp_path):
    target = tmp_path / "ledger.xlsx"
    partial = tmp_path / ".ledger.xlsx.partial"
    partial.write_bytes(b"being written")
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'rb'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(partial)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        assert "being written by another qtrack" in one_error_line(loaded("export", "-o", str(target)))
        assert partial.read_bytes() == b"being written" and not target.exists()
    finally:
        holder.kill()
        holder.wait()


def is_backup(path: Path, db) -> bool:
    """A backup as the engine makes it: a SQLite file, or a server's JSON dump."""
    return path.read_bytes().startswith(b'{\n"format": "qtrack-dump"' if is_pg(db) else b"SQLite format 3\x00")


def test_a_killed_backup_leaves_nothing_the_next_backup_does_not_clean(loaded, db, tmp_path):
    target = tmp_path / "copy.db"
    for leftover in (".copy.db.partial", ".copy.db.partial-journal"):
        (tmp_path / leftover).write_bytes(b"a backup killed half-way")
    result = loaded("backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / ".copy.db.partial").exists() and not (tmp_path / ".copy.db.partial-journal").exists()
    assert is_backup(target, db)


def test_a_backup_cleans_what_a_killed_backup_of_another_name_left(loaded, db, tmp_path):
    import shutil

    killed = tmp_path / ".qtrack-2016-12-14.db.partial"  # what a backup killed half-way leaves
    if is_pg(db):
        assert loaded("backup", str(tmp_path / "whole.db")).exit_code == 0
        killed.write_bytes((tmp_path / "whole.db").read_bytes()[:200])
    else:
        shutil.copy(db, killed)
    other = tmp_path / ".download.partial"
    other.write_bytes(b"not ours")
    assert loaded("backup", str(tmp_path / "qtrack-2016-12-15.db")).exit_code == 0
    assert not killed.exists() and other.read_bytes() == b"not ours"


def test_force_on_a_link_replaces_the_file_it_points_to_and_keeps_the_link(loaded, tmp_path):
    real = tmp_path / "shared" / "ledger.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "ledger.json"
    link.symlink_to(real)
    assert loaded("export", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("{")


def test_writing_to_stdout_keeps_the_message_off_it(loaded, db):
    result = subprocess.run([sys.executable, "-m", "qtrack", "export", "-f", "ics", "-o", "/dev/stdout",
                             "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR") and result.stdout.rstrip().endswith("END:VCALENDAR")
    assert result.stderr.startswith("wrote /dev/stdout: ")


@pytest.mark.parametrize("fmt, head", [("json", b'{\n"format": "qtrack-dump"'), ("xlsx", b"PK\x03\x04"),
                                       ("ics", b"BEGIN:VCALENDAR")])
def test_dash_is_standard_output_and_no_file_named_dash_is_made(loaded, db, tmp_path, fmt, head):
    result = subprocess.run([sys.executable, "-m", "qtrack", "export", "-f", fmt, "-o", "-", "--db", str(db)],
                            capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(head)
    assert result.stderr.decode().startswith("wrote -: ")  # the message stays off the data
    assert not (tmp_path / "-").exists()


def test_draft_to_dash_is_standard_output(tmp_path):
    source = str(SOURCES / "2016-quality-brand-action-plan.txt")
    result = subprocess.run([sys.executable, "-m", "qtrack", "draft", source, "-o", "-"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\nqtrack: 1\n" in result.stdout and "tasks:" in result.stdout
    assert not (tmp_path / "-").exists()


def test_a_reader_that_stops_early_is_no_error(loaded, db, tmp_path):
    """`qtrack export -o - | file -` reads a few bytes and goes: that is the reader's choice. Here
    the reader has gone before the first byte, so every write meets a closed pipe."""
    export = subprocess.Popen([sys.executable, "-m", "qtrack", "export", "-f", "xlsx", "-o", "-", "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    export.stdout.close()
    err = export.stderr.read().decode()
    assert export.wait(timeout=120) == 0, err
    assert "error" not in err and "Traceback" not in err
