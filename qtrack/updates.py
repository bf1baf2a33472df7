"""Recording progress — task updates, duty occurrences, measurements: appended, dated, signed, never rewritten."""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3

from qtrack import dates, db, periods, queries, status as statuses
from qtrack.errors import QtrackError


def default_author() -> str:
    """Who records an update when --by is not given: the login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


def _append(conn: sqlite3.Connection, table: str, owner: str, owner_id: int, *, date: dt.date, today: dt.date,
            what: str, by: str | None, command: str, **values) -> int:
    """Insert one dated, signed record for a live task, duty or target; return its id."""
    dates.not_ahead(date, today=today, what=what)
    row = {f"{owner}_id": owner_id, "date": date.isoformat(), "recorded_at": db.utc_now(),
           "by": by or default_author(), "command": command, **values}
    with db.transaction(conn):
        retired, ref = conn.execute(f"SELECT retired, plan_id || '/' || code FROM {owner} WHERE id = ?",
                                    (owner_id,)).fetchone()
        if retired:
            raise QtrackError(f"{owner} {ref} is retired (it left its plan file); its history is kept read-only")
        cur = conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
        return cur.lastrowid


def record_update(conn: sqlite3.Connection, task_id: int, *, date: dt.date, today: dt.date,
                  status: str | None = None, progress: int | None = None, note: str | None = None,
                  by: str | None = None, command: str = "update") -> int:
    """Append one update to a task and return its id. Status and progress are settled against the
    task's state on the update's date by the rule of qtrack/status.py (done is 100%, …)."""
    if status is None and progress is None and not note:
        raise QtrackError("nothing to record: give --status, --progress or --note")
    with db.transaction(conn):  # the state read and the append are one step
        status, progress = statuses.settle(queries.task_state(conn, task_id, as_of=date)[0], status, progress)
        return _append(conn, "task_update", "task", task_id, date=date, today=today, what="progress", by=by,
                       command=command, status=status, progress=progress, note=note)


def record_occurrence(conn: sqlite3.Connection, duty_id: int, period: str, *, status: str | None,
                      date: dt.date, today: dt.date, note: str | None = None, by: str | None = None,
                      command: str = "update") -> int:
    """Record whether one occurrence of a duty was met: done, todo (not after all) or dropped (waived)."""
    if status not in ("done", "todo", "dropped"):
        raise QtrackError("a duty occurrence takes --status done (met), todo (not met after all) or dropped (waived)")
    every, day, ref = conn.execute("SELECT every, day, plan_id || '/' || code FROM duty WHERE id = ?",
                                   (duty_id,)).fetchone()
    begins = periods.occurrence(every, *periods.parse_period(every, period), day).start
    if status == "done" and date < begins:
        raise QtrackError(f"{ref}@{period} begins on {begins}: it cannot have been met on {date}")
    return _append(conn, "duty_report", "duty", duty_id, date=date, today=today, what="an occurrence", by=by,
                   command=command, period=period, status=status, note=note)


def record_measurement(conn: sqlite3.Connection, target_id: int, value: float, *, date: dt.date, today: dt.date,
                       note: str | None = None, by: str | None = None, command: str = "measure") -> int:
    """Append a measurement of a target; the latest (by date, then recording) is its current value."""
    return _append(conn, "measurement", "target", target_id, date=date, today=today, what="a measurement", by=by,
                   command=command, value=value, note=note)
