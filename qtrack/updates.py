"""Recording progress — task updates, duty occurrences, measurements: appended, dated, signed, never rewritten."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import dates, periods
from qtrack import status as statuses
from qtrack.errors import QtrackError
from qtrack.store import queries
from qtrack.store import refs as stored_refs
from qtrack.store import updates as stored
from qtrack.store import utc_now
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store


def default_author() -> str:
    """Who records an update when --by is not given: $QTRACK_BY, the config's `by`, else the login name."""
    from qtrack.config import resolve

    configured = resolve("by").value
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


def _append(conn: Store, table: str, owner_id: int, *, date: dt.date, today: dt.date,
            what: str, by: str | None, command: str, **values) -> int:
    """Insert one dated, signed record for a live task, duty or target; return its id."""
    dates.not_ahead(date, today=today, what=what)
    owner = stored.OWNERS[table]
    row = {f"{owner}_id": owner_id, "date": date.isoformat(), "recorded_at": utc_now(),
           "by": by or default_author(), "command": command, **values}
    with conn.transaction():
        retired, ref = stored.owner(conn, table, owner_id)
        if retired:
            raise QtrackError(_("{owner} {ref} is retired (it left its plan file); its history is kept "
                                "read-only").format(
                                  owner=owner, ref=ref))
        return stored.append(conn, table, row)


def record_update(conn: Store, task_id: int, *, date: dt.date, today: dt.date,
                  status: str | None = None, progress: int | None = None, note: str | None = None,
                  by: str | None = None, command: str = "update", evidence: Iterable[Path] = ()) -> int:
    """Append one update to a task and return its id. Status and progress are settled against the
    task's state on the update's date by the rule of qtrack/status.py (done is 100%, …). The files
    of `evidence` are attached to it (qtrack/evidence.py) in the same transaction."""
    from qtrack import evidence as attached

    evidence = list(evidence)
    if status is None and progress is None and not note and not evidence:
        raise QtrackError(_("nothing to record: give --status, --progress, --note or --evidence"))
    by = by or default_author()
    with conn.transaction():  # the state read and the append are one step
        current = queries.task_state(conn, task_id, as_of=date.isoformat())[0]
        status, progress = statuses.settle(current, status, progress)
        update_id = _append(conn, "task_update", task_id, date=date, today=today, what=_("progress"), by=by,
                            command=command, status=status, progress=progress, note=note)
        attached.attach(conn, task_id, evidence, update_id=update_id, date=date, by=by, command=command)
        return update_id


def record_occurrence(conn: Store, duty_id: int, period: str, *, status: str | None,
                      date: dt.date, today: dt.date, note: str | None = None, by: str | None = None,
                      command: str = "update") -> int:
    """Record whether one occurrence of a duty was met: done, todo (not after all) or dropped (waived)."""
    if status not in ("done", "todo", "dropped"):
        raise QtrackError(_("a duty occurrence takes --status done (met), todo (not met after all) or dropped "
                             "(waived)"))
    duty = stored_refs.duty_schedule(conn, duty_id)
    begins = periods.occurrence(duty["every"], *periods.parse_period(duty["every"], period), duty["day"]).start
    ref = stored.owner(conn, "duty_report", duty_id)[1]
    if status == "done" and date < begins:
        raise QtrackError(_("{ref}@{period} begins on {begins}: it cannot have been met on {date}").format(
                              ref=ref, period=period, begins=begins, date=date))
    return _append(conn, "duty_report", duty_id, date=date, today=today, what=_("an occurrence"), by=by,
                   command=command, period=period, status=status, note=note)


def record_measurement(conn: Store, target_id: int, value: float, *, date: dt.date, today: dt.date,
                       note: str | None = None, by: str | None = None, command: str = "measure") -> int:
    """Append a measurement of a target; the latest (by date, then recording) is its current value."""
    return _append(conn, "measurement", target_id, date=date, today=today, what=_("a measurement"), by=by,
                   command=command, value=value, note=note)
