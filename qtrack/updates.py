"""Recording progress: every update is appended, dated and signed; nothing is rewritten."""

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
        retired = conn.execute("SELECT retired, plan_id || '/' || code FROM task WHERE id = ?", (task_id,)).fetchone()
        if retired[0]:
            raise QtrackError(f"task {retired[1]} is retired (it left its plan file); its history is kept read-only")
        cur = conn.execute(
            "INSERT INTO task_update (task_id, date, recorded_at, by, status, progress, note, command) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (task_id, date.isoformat(), db.utc_now(), by or default_author(),
             status, progress, note, command))
        return cur.lastrowid
