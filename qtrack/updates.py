"""Recording progress — task updates, duty occurrences, measurements: appended, dated, signed, never rewritten."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import updates as stored
from qtrack.store import utc_now

if TYPE_CHECKING:
    from qtrack.store import Store


def default_author() -> str:
    """Who records an update when --by is not given: the login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


def _append(conn: Store, table: str, owner_id: int, *, date: dt.date, today: dt.date,
            what: str, by: str | None, command: str, **values) -> int:
    """Insert one dated, signed record for a live task, duty or target; return its id."""
    if date > today:
        raise QtrackError(f"date {date} is after today ({today}); {what} cannot be recorded ahead")
    owner = stored.OWNERS[table]
    row = {f"{owner}_id": owner_id, "date": date.isoformat(), "recorded_at": utc_now(),
           "by": by or default_author(), "command": command, **values}
    with conn.transaction():
        retired, ref = stored.owner(conn, table, owner_id)
        if retired:
            raise QtrackError(f"{owner} {ref} is retired (it left its plan file); its history is kept read-only")
        return stored.append(conn, table, row)


def record_update(conn: Store, task_id: int, *, date: dt.date, today: dt.date,
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
    return _append(conn, "task_update", task_id, date=date, today=today, what="progress", by=by,
                   command=command, status=status, progress=progress, note=note)


def record_occurrence(conn: Store, duty_id: int, period: str, *, status: str | None,
                      date: dt.date, today: dt.date, note: str | None = None, by: str | None = None,
                      command: str = "update") -> int:
    """Record whether one occurrence of a duty was met: done, todo (not after all) or dropped (waived)."""
    if status not in ("done", "todo", "dropped"):
        raise QtrackError("a duty occurrence takes --status done (met), todo (not met after all) or dropped (waived)")
    return _append(conn, "duty_report", duty_id, date=date, today=today, what="an occurrence", by=by,
                   command=command, period=period, status=status, note=note)


def record_measurement(conn: Store, target_id: int, value: float, *, date: dt.date, today: dt.date,
                       note: str | None = None, by: str | None = None, command: str = "measure") -> int:
    """Append a measurement of a target; the latest (by date, then recording) is its current value."""
    return _append(conn, "measurement", target_id, date=date, today=today, what="a measurement", by=by,
                   command=command, value=value, note=note)
