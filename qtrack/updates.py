"""Recording progress — task updates, duty occurrences, measurements: appended, dated, signed, never rewritten."""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3

from qtrack import db
from qtrack.errors import QtrackError


def default_author() -> str:
    """Who records an update when --by is not given: the login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


def _refuse_retired(conn: sqlite3.Connection, table: str, row_id: int) -> None:
    retired, ref = conn.execute(f"SELECT retired, plan_id || '/' || code FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if retired:
        raise QtrackError(f"{table} {ref} is retired (it left its plan file); its history is kept read-only")


def record_update(conn: sqlite3.Connection, task_id: int, *, date: dt.date, today: dt.date,
                  status: str | None = None, progress: int | None = None, note: str | None = None,
                  by: str | None = None, command: str = "update") -> int:
    """Append one update to a task and return its id. `done` implies 100%."""
    if status is None and progress is None and not note:
        raise QtrackError("nothing to record: give --status, --progress or --note")
    if progress is not None and not 0 <= progress <= 100:
        raise QtrackError(f"progress {progress} is outside 0–100")
    if status == "done":
        if progress is not None and progress != 100:
            raise QtrackError(f"--status done means 100% progress, not {progress}%")
        progress = 100
    if date > today:
        raise QtrackError(f"date {date} is after today ({today}); progress cannot be reported ahead")
    with db.transaction(conn):
        _refuse_retired(conn, "task", task_id)
        cur = conn.execute(
            "INSERT INTO task_update (task_id, date, recorded_at, by, status, progress, note, command) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (task_id, date.isoformat(), db.utc_now(), by or default_author(),
             status, progress, note, command))
        return cur.lastrowid


def record_occurrence(conn: sqlite3.Connection, duty_id: int, period: str, *, status: str | None,
                      date: dt.date, today: dt.date, note: str | None = None, by: str | None = None,
                      command: str = "update") -> int:
    """Record whether one occurrence of a duty was met: done, todo (not after all) or dropped (waived)."""
    if status not in ("done", "todo", "dropped"):
        raise QtrackError("a duty occurrence takes --status done (met), todo (not met after all) or dropped (waived)")
    if date > today:
        raise QtrackError(f"date {date} is after today ({today}); an occurrence cannot be met ahead")
    with db.transaction(conn):
        _refuse_retired(conn, "duty", duty_id)
        cur = conn.execute(
            "INSERT INTO duty_report (duty_id, period, date, recorded_at, by, status, note, command) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (duty_id, period, date.isoformat(), db.utc_now(), by or default_author(), status, note, command))
        return cur.lastrowid


def record_measurement(conn: sqlite3.Connection, target_id: int, value: float, *, date: dt.date, today: dt.date,
                       note: str | None = None, by: str | None = None, command: str = "measure") -> int:
    """Append a measurement of a target; the latest (by date, then recording) is its current value."""
    if date > today:
        raise QtrackError(f"date {date} is after today ({today}); a value cannot be measured ahead")
    with db.transaction(conn):
        _refuse_retired(conn, "target", target_id)
        cur = conn.execute(
            "INSERT INTO measurement (target_id, date, recorded_at, by, value, note, command) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (target_id, date.isoformat(), db.utc_now(), by or default_author(), value, note, command))
        return cur.lastrowid
