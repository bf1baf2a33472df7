"""Under load and faults: many writers at once, an import killed mid-write, a backup taken live.

These run real processes on real database files; each proves a property a shared ledger must
keep, and would fail if it were broken (a lost or doubled record, a half-written import).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PLANS, is_pg, raw, rows, snapshot

from qtrack import store as database
from qtrack.importer import import_plans
from qtrack.planfile import load_plan_file
from qtrack.updates import record_measurement, record_update

WRITERS, RECORDS = 8, 200
DAY = dt.date(2016, 6, 1)


def big_plan(path: Path, tasks: int, *, plan_id: str = "big") -> Path:
    """A valid plan file of `tasks` tasks in sections of 50, each led by one of 40 departments."""
    lines = ["qtrack: 1", "plan:", f"  id: {plan_id}", "  title: 大型测试计划", "  start: 2016-01-01",
             "  end: 2016-12-31", "sections:"]
    for s in range(0, tasks, 50):
        lines += [f'  - code: "S{s // 50}"', f"    title: 第{s // 50 + 1}部分", "    tasks:"]
        for t in range(s, min(s + 50, tasks)):
            lines += [f'      - code: "{t}"', f"        title: 推进第{t}项质量提升工作，加强监督抽查和标准化建设",
                      f"        lead: [部门{t % 40}]", f"        support: [部门{(t + 1) % 40}, 部门{(t + 7) % 40}]",
                      f"        due: 2016-{t % 12 + 1:02d}-28"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _writer(path: str, worker: int) -> None:
    """Record RECORDS things, alternating task updates and target measurements, one transaction each."""
    conn = database.open_store(path)
    tasks = [r[0] for r in conn.execute("SELECT id FROM task WHERE plan_id = '2016' ORDER BY id")]
    targets = [r[0] for r in conn.execute("SELECT id FROM target WHERE plan_id = '2016' ORDER BY id")]
    for i in range(RECORDS):
        note = f"w{worker}-{i}"
        if i % 2:
            record_measurement(conn, targets[(worker + i) % len(targets)], float(i), date=DAY, today=DAY,
                               note=note, by=f"worker{worker}", command="test")
        else:
            record_update(conn, tasks[(worker + i) % len(tasks)], date=DAY, today=DAY, progress=i % 101,
                          note=note, by=f"worker{worker}", command="test")
    conn.close()


def _importer(path: str, plan_file: str) -> None:
    conn = database.open_store(path)
    import_plans(conn, [load_plan_file(plan_file)], by="importer")
    conn.close()


def test_eight_writers_and_an_import_at_once_lose_and_double_nothing(db, tmp_path):
    conn = database.open_store(db, create=True)
    import_plans(conn, [load_plan_file(PLANS / "2016.yaml")])
    conn.close()
    plan = big_plan(tmp_path / "big.yaml", 3000)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_importer, args=(str(db), str(plan)))]
    procs += [ctx.Process(target=_writer, args=(str(db), w)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0] * (WRITERS + 1)  # none died of "database is locked"

    notes = [r[0] for r in rows(db, "SELECT note FROM task_update UNION ALL SELECT note FROM measurement")]
    expected = [f"w{w}-{i}" for w in range(WRITERS) for i in range(RECORDS)]
    assert len(notes) == WRITERS * RECORDS == 1600
    assert sorted(notes) == sorted(expected)  # every record there, none twice
    assert rows(db, "SELECT count(*) FROM task WHERE plan_id = 'big'") == [(3000,)]
    store = database.open_store(db)
    assert store.engine.integrity_problems(store) == ["ok"] and store.engine.foreign_key_problems(store) == []
    store.close()


def _busy_writer(path: str, stop_at: float) -> None:
    conn = database.open_store(path)
    task = conn.execute("SELECT id FROM task LIMIT 1").fetchone()[0]
    i = 0
    while time.time() < stop_at:
        record_update(conn, task, date=DAY, today=DAY, progress=i % 101, note=f"live-{i}", by="live", command="test")
        i += 1


def test_a_backup_taken_while_others_write_passes_check(db, tmp_path, cli, new_db):
    assert cli("import", str(PLANS)).exit_code == 0
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_busy_writer, args=(str(db), time.time() + 6)) for _ in range(2)]
    for p in procs:
        p.start()
    time.sleep(1.5)  # let the writers get going
    copy = tmp_path / "backup.db"
    result = subprocess.run([sys.executable, "-m", "qtrack", "backup", str(copy), "--db", str(db)],
                            capture_output=True, text=True)
    for p in procs:
        p.join(60)
    assert result.returncode == 0, result.stderr
    if is_pg(db):  # a server's backup is the JSON dump: it must restore whole
        opened = new_db()
        restored = subprocess.run([sys.executable, "-m", "qtrack", "restore", str(copy), "--db", opened],
                                  capture_output=True, text=True)
        assert restored.returncode == 0, restored.stderr
    else:
        opened = copy
    checked = subprocess.run([sys.executable, "-m", "qtrack", "check", "--db", str(opened), "-f", "json"],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    [(copied,)] = rows(opened, "SELECT count(*) FROM task_update")
    [(written,)] = rows(db, "SELECT count(*) FROM task_update")
    assert 0 < copied <= written  # a moment in the middle of the writing, whole


# -- crash safety ---------------------------------------------------------------------------

TIMESTAMPS = frozenset({"imported_at", "recorded_at", "applied_at", "at"})


def content(db) -> dict[str, list[tuple]]:
    """Every table's rows, with the clock's columns blanked so two runs of one import compare equal."""
    return snapshot(db, blank=TIMESTAMPS)


def wal_size(db: Path) -> int:
    try:  # (the WAL may go between a look and a stat, as the import's last connection closes)
        return db.with_name(db.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


@pytest.fixture(scope="module")
def crash_scene(tmp_path_factory):  # SQLite's: the kill points are measured in WAL bytes
    """A database before the import, the same after it, and how big the import's WAL grows."""
    root = tmp_path_factory.mktemp("crash")
    before = root / "before.db"
    conn = database.open_store(before, create=True)
    import_plans(conn, [load_plan_file(PLANS / "2016.yaml")])
    record_update(conn, 1, date=DAY, today=DAY, progress=30, note="before the crash", by="t", command="test")
    conn.close()
    plan = big_plan(root / "big.yaml", 10_000)
    after = root / "after.db"
    after.write_bytes(before.read_bytes())
    peak = 0
    proc = subprocess.Popen([sys.executable, "-m", "qtrack", "import", str(plan), "--db", str(after)],
                            stdout=subprocess.DEVNULL)
    while proc.poll() is None:
        peak = max(peak, wal_size(after))
        time.sleep(0.002)
    assert proc.returncode == 0 and peak > 0
    return before, after, plan, peak


KILL_AT = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99)  # of the WAL the whole import writes


def test_an_import_killed_mid_write_leaves_the_database_as_before_or_after(crash_scene, tmp_path):
    """SQLite: killed at points measured in the WAL the import writes."""
    before, after, plan, peak = crash_scene
    states = {"before": content(before), "after": content(after)}
    outcomes = []
    for share in KILL_AT:
        db = tmp_path / f"victim-{share}.db"
        db.write_bytes(before.read_bytes())
        proc = subprocess.Popen([sys.executable, "-m", "qtrack", "import", str(plan), "--db", str(db)],
                                stdout=subprocess.DEVNULL)
        # Wait until the import has written this share of its pages (0: as soon as it writes at all).
        while proc.poll() is None and wal_size(db) <= share * peak:
            time.sleep(0.0005)
        written = wal_size(db)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = content(db)  # opening the file replays or discards the WAL, as SQLite's recovery does
        found = [name for name, rows in states.items() if rows == state]
        assert found, f"killed at {share:.0%} of the write, the database is neither as before nor as after"
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        outcomes.append((share, written, proc.returncode, found[0]))
    print("kill points (share, WAL bytes, exit, state):", outcomes)
    # The kills must really have landed inside the write for the test to prove anything.
    assert sum(1 for _, written, code, state in outcomes if code == -signal.SIGKILL and written and state == "before") >= 4


def writing(url: str) -> bool:
    """Whether a qtrack process has a transaction open that has written on this database."""
    conn = raw(url)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = 'qtrack' AND backend_xid IS NOT NULL")
    busy = cur.fetchone()[0] > 0
    conn.close()
    return busy


@pytest.mark.postgresql
def test_an_import_killed_mid_write_leaves_the_server_database_as_before_or_after(pg_databases, tmp_path):
    """PostgreSQL: the import process killed at points through its write transaction (measured
    from the moment it first writes); the server rolls the transaction back, or it had committed."""
    before = pg_databases.create()
    conn = database.open_store(before, create=True)
    import_plans(conn, [load_plan_file(PLANS / "2016.yaml")])
    record_update(conn, 1, date=DAY, today=DAY, progress=30, note="before the crash", by="t", command="test")
    conn.close()
    plan = big_plan(tmp_path / "big.yaml", 3000)
    after = pg_databases.create(template=before)
    proc = subprocess.Popen([sys.executable, "-m", "qtrack", "import", str(plan), "--db", after],
                            stdout=subprocess.DEVNULL)
    while proc.poll() is None and not writing(after):
        time.sleep(0.002)
    began = time.monotonic()
    assert proc.wait() == 0
    span = time.monotonic() - began  # how long the import writes (and commits) for
    states = {"before": content(before), "after": content(after)}
    outcomes = []
    for share in (0.0, 0.2, 0.5, 0.8, 1.5):
        victim = pg_databases.create(template=before)
        proc = subprocess.Popen([sys.executable, "-m", "qtrack", "import", str(plan), "--db", victim],
                                stdout=subprocess.DEVNULL)
        while proc.poll() is None and not writing(victim):
            time.sleep(0.001)
        time.sleep(share * span)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 30
        while writing(victim) and time.monotonic() < deadline:  # the server notices the lost client
            time.sleep(0.01)
        found = [name for name, rows_ in states.items() if rows_ == content(victim)]
        assert found, f"killed {share:.0%} into the write, the database is neither as before nor as after"
        outcomes.append((share, proc.returncode, found[0]))
    print("kill points (share of the write, exit, state):", outcomes)
    assert sum(1 for _, code, state in outcomes if code == -signal.SIGKILL and state == "before") >= 3
