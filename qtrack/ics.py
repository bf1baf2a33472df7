"""Due dates as a calendar (.ics): each dated task and each duty occurrence an all-day event.

An event's UID is the reference itself (2016/3, 2016/D1@2016-03) under a fixed domain, so a
calendar program that imports a re-exported file updates the events it has rather than adding
copies. Retired tasks and duties are left out: they are no longer owed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import periods
from qtrack.errors import QtrackError
from qtrack.status import CHINESE
from qtrack.store import ics as stored

if TYPE_CHECKING:
    from qtrack.store import Store

UID_DOMAIN = "qtrack"
_ROLES = {"lead": "牵头", "support": "配合"}


def uid(ref: str) -> str:
    return f"{ref}@{UID_DOMAIN}"


def _departments(conn: Store, table: str, owner_id: int) -> str:
    names: dict[str, list[str]] = {"lead": [], "support": []}
    for name, role in stored.departments(conn, table, owner_id):
        names[role].append(name)
    return "\n".join(f"{_ROLES[role]}: {'、'.join(v)}" for role, v in names.items() if v)


def calendar(conn: Store, *, plan: str | None = None, dept_id: int | None = None):
    """The icalendar.Calendar of every dated task and duty occurrence (of one plan or department)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//qtrack//督查台帐//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "qtrack" + (f" {plan}" if plan else ""))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    def event(ref: str, summary: str, day: dt.date, description: str) -> None:
        e = Event()
        e.add("uid", uid(ref))
        e.add("dtstamp", stamp)
        e.add("summary", summary)
        e.add("dtstart", day)  # a date, not a datetime: an all-day event
        e.add("dtend", day + dt.timedelta(days=1))
        e.add("description", description)
        cal.add_component(e)

    tasks = stored.dated_tasks(conn, plan=plan, dept_id=dept_id)
    for t in tasks:
        event(t["ref"], f"{t['ref']} {t['title']}", dt.date.fromisoformat(t["due"]),
              f"{_departments(conn, 'task', t['id'])}\n状态: {CHINESE[t['status']]}\n{t['plan_title']}")
    duties = stored.live_duties(conn, plan=plan, dept_id=dept_id)
    occurrences = 0
    for d in duties:
        who = _departments(conn, "duty", d["id"])
        for occ in periods.occurrences(d["every"], dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]),
                                       d["day"]):
            ref = f"{d['ref']}@{occ.period}"
            event(ref, f"{ref} {d['title']}", occ.due, f"{who}\n{d['plan_title']}")
            occurrences += 1
    return cal, len(tasks), occurrences


def write_calendar(conn: Store, path: Path, *, plan: str | None = None,
                   dept_id: int | None = None) -> tuple[int, int]:
    """Write the .ics file; returns (task events, duty occurrence events)."""
    cal, tasks, occurrences = calendar(conn, plan=plan, dept_id=dept_id)
    try:
        path.write_bytes(cal.to_ical())
    except OSError as exc:
        raise QtrackError(f"cannot write {path}: {exc.strerror}") from None
    return tasks, occurrences
