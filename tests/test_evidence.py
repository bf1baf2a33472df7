"""Evidence (佐证材料): `update --evidence` keeps files by SHA-256 in the evidence store, `show` lists
them, `evidence REF -o DIR` copies them out, `check` verifies them; hostile files record nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import is_pg, raw, rows, state

from qtrack import evidence

DAY = "2016-06-01"


@pytest.fixture
def store_dir(db, tmp_path, monkeypatch) -> Path:
    """The evidence store: beside a SQLite file; on a server, the folder $QTRACK_EVIDENCE names."""
    if is_pg(db):
        monkeypatch.setenv("QTRACK_EVIDENCE", str(tmp_path / "shared-evidence"))
        return tmp_path / "shared-evidence"
    monkeypatch.delenv("QTRACK_EVIDENCE", raising=False)
    return Path(str(db) + ".evidence")


@pytest.fixture
def files(tmp_path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "部署通知.pdf").write_bytes(b"%PDF-1.4 notice")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8 a photograph")
    return folder


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def shown(cli, ref, *extra):
    return json.loads(ok(cli("show", ref, "-f", "json", "--as-of", DAY, *extra)).stdout)


def refused(result, *words):
    """One clean error line, exit 1, no traceback."""
    assert result.exit_code == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "unexpected" not in lines[0] and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_update_attaches_files_kept_by_hash_and_show_lists_them(loaded, files, store_dir):
    notice, photo = files / "部署通知.pdf", files / "photo.jpg"
    result = ok(loaded("update", "2016/3", "--progress", "30", "--evidence", str(notice), "-e", str(photo),
                       "--by", "监督司", "--as-of", DAY))
    assert "部署通知.pdf" in result.stdout and "photo.jpg" in result.stdout
    listed = shown(loaded, "2016/3")["evidence"]
    digest = hashlib.sha256(notice.read_bytes()).hexdigest()
    assert [(e["name"], e["size"], e["sha256"], e["date"], e["by"]) for e in listed] == [
        ("部署通知.pdf", 15, digest, DAY, "监督司"),
        ("photo.jpg", 15, hashlib.sha256(photo.read_bytes()).hexdigest(), DAY, "监督司")]
    assert (store_dir / digest[:2] / digest[2:]).read_bytes() == notice.read_bytes()
    assert listed[0]["update_id"] == listed[1]["update_id"] is not None
    table = ok(loaded("show", "2016/3", "--as-of", DAY)).stdout
    assert "佐证材料" in table and "部署通知.pdf" in table and digest[:20] in table


def test_the_same_content_is_stored_once_and_evidence_alone_is_an_update(loaded, files, store_dir):
    for _ in range(2):
        ok(loaded("update", "2016/3", "--evidence", str(files / "photo.jpg"), "--as-of", DAY))
    assert len(shown(loaded, "2016/3")["evidence"]) == 2
    assert len(shown(loaded, "2016/3")["updates"]) == 2
    assert len([p for p in store_dir.rglob("*") if p.is_file()]) == 1


def test_evidence_dated_after_the_as_of_day_is_not_listed_nor_exported(loaded, files, store_dir, tmp_path):
    ok(loaded("update", "2016/3", "--note", "通知", "--evidence", str(files / "photo.jpg"), "--date", DAY,
              "--as-of", DAY))
    assert shown(loaded, "2016/3", "--as-of", "2016-05-31")["evidence"] == []
    assert len(shown(loaded, "2016/3", "--as-of", DAY)["evidence"]) == 1
    refused(loaded("evidence", "2016/3", "-o", str(tmp_path / "out"), "--as-of", "2016-05-31"),
            "no attached evidence as of 2016-05-31")
    assert not (tmp_path / "out").exists()


def test_evidence_copies_the_files_out_and_never_over_a_file_without_force(loaded, files, store_dir, tmp_path):
    ok(loaded("update", "2016/3", "--note", "a", "-e", str(files / "部署通知.pdf"), "-e", str(files / "photo.jpg"),
              "--as-of", DAY))
    out = tmp_path / "out"
    ok(loaded("evidence", "2016/3", "-o", str(out), "--as-of", DAY))
    assert sorted(p.name for p in out.iterdir()) == ["photo.jpg", "部署通知.pdf"]
    assert (out / "photo.jpg").read_bytes() == (files / "photo.jpg").read_bytes()
    (out / "photo.jpg").write_bytes(b"mine")
    (out / "部署通知.pdf").unlink()
    refused(loaded("evidence", "2016/3", "-o", str(out), "--as-of", DAY), "photo.jpg already exists", "--force")
    assert sorted(p.name for p in out.iterdir()) == ["photo.jpg"]  # nothing written, not even the other file
    assert (out / "photo.jpg").read_bytes() == b"mine"
    ok(loaded("evidence", "2016/3", "-o", str(out), "--force", "--as-of", DAY))
    assert (out / "photo.jpg").read_bytes() == (files / "photo.jpg").read_bytes()


def test_two_different_files_of_one_name_are_both_exported(loaded, files, store_dir, tmp_path):
    other = tmp_path / "other" / "photo.jpg"
    other.parent.mkdir()
    other.write_bytes(b"another photograph")
    ok(loaded("update", "2016/3", "--note", "a", "-e", str(files / "photo.jpg"), "-e", str(other), "--as-of", DAY))
    out = tmp_path / "out"
    ok(loaded("evidence", "2016/3", "-o", str(out), "--as-of", DAY))
    second = f"photo-{hashlib.sha256(other.read_bytes()).hexdigest()[:8]}.jpg"
    assert sorted(p.name for p in out.iterdir()) == sorted(["photo.jpg", second])
    assert (out / second).read_bytes() == other.read_bytes()


def _fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _huge(tmp_path):
    path = tmp_path / "huge.bin"
    with open(path, "wb") as f:
        f.truncate(evidence.MAX_FILE + 1)  # sparse: no disk spent
    return path


def _named(name):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(b"content")
        return path
    return make


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "missing.pdf", ("missing.pdf", "cannot read")),
    (lambda tmp: tmp, ("is a folder",)),
    (lambda tmp: Path("/dev/zero"), ("/dev/zero", "not a regular file")),
    (_fifo, ("pipe", "not a regular file")),
    (_huge, ("huge.bin", "at most 50 MB")),
    (_named("back\\slash.pdf"), ("path separator",)),
    (_named("esc\x1b[31m.pdf"), ("esc\\x1b[31m.pdf", "control character")),
    (_named("line\nbreak.pdf"), ("control character",)),
    (lambda tmp: (tmp / "empty.pdf").write_bytes(b"") and None or tmp / "empty.pdf", ("is empty",)),
], ids=["missing", "folder", "dev-zero", "fifo", "huge", "backslash", "escape", "newline", "empty"])
def test_a_hostile_file_is_one_error_line_and_records_nothing(loaded, db, files, store_dir, tmp_path, make, words):
    bad = make(tmp_path)
    before = state(db)
    line = refused(loaded("update", "2016/3", "--progress", "30", "-e", str(files / "photo.jpg"), "-e", str(bad),
                          "--as-of", DAY), *words, "nothing was recorded")
    assert "\x1b" not in line
    assert state(db) == before
    assert not store_dir.exists()  # not even the good file's content was stored


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_records_nothing(loaded, db, files, store_dir):
    locked = files / "photo.jpg"
    locked.chmod(0)
    before = state(db)
    refused(loaded("update", "2016/3", "-e", str(locked), "--as-of", DAY), "Permission denied")
    assert state(db) == before


def test_a_duty_occurrence_takes_no_evidence(loaded, db, files, store_dir):
    before = state(db)
    refused(loaded("update", "2016/D1@2016-03", "--status", "done", "-e", str(files / "photo.jpg"), "--as-of", DAY),
            "duty occurrence")
    assert state(db) == before


def _refuse_evidence_rows(db) -> None:
    """Make the database itself refuse every evidence row (a constraint another tool added, a full disk)."""
    conn = raw(db)
    if is_pg(db):
        conn.cursor().execute("CREATE FUNCTION no_rows() RETURNS trigger LANGUAGE plpgsql AS "
                              "$$ BEGIN RAISE EXCEPTION 'no evidence today'; END $$")
        conn.cursor().execute("CREATE TRIGGER no_evidence BEFORE INSERT ON evidence FOR EACH ROW "
                              "EXECUTE FUNCTION no_rows()")
    else:
        conn.execute("CREATE TRIGGER no_evidence BEFORE INSERT ON evidence BEGIN SELECT RAISE(ABORT, 'no'); END")
    conn.close()


def _allow_evidence_rows(db) -> None:
    conn = raw(db)
    conn.cursor().execute("DROP TRIGGER no_evidence" + (" ON evidence" if is_pg(db) else ""))
    conn.close()


def test_a_failed_database_write_leaves_an_orphan_that_check_counts_as_harmless(loaded, db, files, store_dir):
    _refuse_evidence_rows(db)
    before = rows(db, "SELECT * FROM task_update")
    result = loaded("update", "2016/3", "--progress", "30", "-e", str(files / "photo.jpg"), "--as-of", DAY)
    assert result.exit_code == 1 and result.stderr.startswith("error: database:"), result.stderr
    assert rows(db, "SELECT * FROM task_update") == before  # the update went with it
    assert rows(db, "SELECT count(*) FROM evidence") == [(0,)]
    assert len([p for p in store_dir.rglob("*") if p.is_file()]) == 1  # the content was stored first
    _allow_evidence_rows(db)
    report = json.loads(ok(loaded("check", "-f", "json")).stdout)
    assert report["ok"] and report["evidence"] == {"folder": str(store_dir), "files": 0, "orphans": 1,
                                                   "problems": []}
    assert "1 stored files no record names" in ok(loaded("check")).stdout
    # The same file attached again finds its content there and is counted.
    ok(loaded("update", "2016/3", "--progress", "30", "-e", str(files / "photo.jpg"), "--as-of", DAY))
    assert json.loads(ok(loaded("check", "-f", "json")).stdout)["evidence"]["orphans"] == 0


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_check_reports_a_changed_or_missing_file_and_fails(loaded, files, store_dir, damage):
    ok(loaded("update", "2016/3", "--note", "a", "-e", str(files / "photo.jpg"), "--as-of", DAY))
    ok(loaded("check"))
    [kept] = [p for p in store_dir.rglob("*") if p.is_file()]
    kept.chmod(0o644)
    kept.write_bytes(b"edited") if damage == "changed" else kept.unlink()
    result = loaded("check", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["ok"]
    assert report["evidence"]["problems"] == [
        f"evidence 2016/3 'photo.jpg' (sha256 {kept.parent.name + kept.name[:10]}…) is "
        f"{'changed in' if damage == 'changed' else 'missing from'} {store_dir}"]
    assert "photo.jpg" in result.stderr
    refused(loaded("evidence", "2016/3", "-o", str(store_dir.parent / "out"), "--as-of", DAY), "missing or changed")


def test_the_dump_carries_evidence_rows_and_restore_needs_the_store_copied(loaded, db, new_db, files, store_dir,
                                                                         tmp_path):
    ok(loaded("update", "2016/3", "--note", "a", "-e", str(files / "photo.jpg"), "--as-of", DAY))
    dump = tmp_path / "all.json"
    ok(loaded("export", "--format", "json", "-o", str(dump)))
    other = new_db("restored.db")
    from typer.testing import CliRunner

    from qtrack.cli import app

    def run(*args):
        return CliRunner().invoke(app, [*args, "--db", str(other)])

    ok(run("restore", str(dump)))
    assert rows(other, "SELECT name, size, sha256, date FROM evidence") == rows(
        db, "SELECT name, size, sha256, date FROM evidence")
    if is_pg(db):  # one store for every database of the server's users
        ok(run("check"))
        return
    assert run("check").exit_code == 1  # the content did not travel in the dump
    shutil.copytree(store_dir, Path(str(other) + ".evidence"))
    ok(run("check"))


@pytest.mark.postgresql_only
def test_a_server_database_needs_a_configured_evidence_folder(loaded, db, files, monkeypatch):
    monkeypatch.delenv("QTRACK_EVIDENCE", raising=False)
    before = state(db)
    refused(loaded("update", "2016/3", "--note", "a", "-e", str(files / "photo.jpg"), "--as-of", DAY), "QTRACK_EVIDENCE")
    assert state(db) == before


def test_named_only_evidence_is_listed_without_a_hash_and_not_exported(loaded, db, tmp_path):
    from qtrack.store import open_store

    store = open_store(db)
    try:
        import datetime as dt

        task_id = store.one("SELECT id FROM task WHERE plan_id = '2016' AND code = '3'")[0]
        evidence.name_only(store, task_id, ["汇报材料.docx"], update_id=None, date=dt.date(2016, 6, 1),
                           by="监督司", command="import-progress")
    finally:
        store.close()
    [listed] = shown(loaded, "2016/3")["evidence"]
    assert (listed["name"], listed["size"], listed["sha256"]) == ("汇报材料.docx", None, None)
    assert "named only" in ok(loaded("show", "2016/3", "--as-of", DAY)).stdout
    refused(loaded("evidence", "2016/3", "-o", str(tmp_path / "out"), "--as-of", DAY), "no attached evidence")


def test_attaching_a_file_again_repairs_its_changed_content_in_the_store(loaded, files, store_dir):
    ok(loaded("update", "2016/3", "--note", "a", "-e", str(files / "photo.jpg"), "--as-of", DAY))
    [kept] = [p for p in store_dir.rglob("*") if p.is_file()]
    kept.chmod(0o644)
    kept.write_bytes(b"edited")
    assert loaded("check").exit_code == 1
    ok(loaded("update", "2016/3", "--note", "b", "-e", str(files / "photo.jpg"), "--as-of", DAY))
    assert kept.read_bytes() == (files / "photo.jpg").read_bytes()
    ok(loaded("check"))
