"""Due dates as a calendar (.ics): each dated task and each duty occurrence an all-day event.

An event's UID is the reference itself (2016/3, 2016/D1@2016-03) under a fixed domain, so a
calendar program that imports a re-exported file updates the events it has rather than adding
copies. Retired tasks and duties are left out: they are no longer owed.

The iCalendar text (RFC 5545) is written here directly, event by event, as the rows stream from
one query: building a library's object model of 100,000 events and folding it took a minute.
What the format asks of the text is kept here: every value escaped (backslash, `;`, `,`, a line
break as `\\n`, so no value can end its line and start a property of its own), lines of at most 75
octets folded without splitting a character, and CRLF line ends. The tests read the file back
with the icalendar library.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import periods
from qtrack.output import clean
from qtrack.status import CHINESE
from qtrack.store import ics as stored

if TYPE_CHECKING:
    from qtrack.store import Store

UID_DOMAIN = "qtrack"
_ROLES = {"lead": "牵头", "support": "配合"}
_DAY = dt.timedelta(days=1)
_OCTETS = 75  # the longest line, in octets, before it is folded (RFC 5545 3.1)


def _one_line(text: str) -> str:
    """A title as one line of plain text (its line breaks become spaces): escaping would keep a
    break inert anyway, but a calendar's one-line summary should not carry one."""
    return clean(" ".join(text.splitlines()))


def uid(ref: str) -> str:
    return f"{ref}@{UID_DOMAIN}"


def escape(text: str) -> str:
    """A TEXT value as RFC 5545 writes it: `\\`, `;`, `,` escaped, a line break as `\\n`."""
    # str.replace, each a pass in C: a translate table is ten times slower over 100,000 events.
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """One content line as UTF-8 with CRLF, folded at 75 octets (a continuation line starts with a
    space, which counts), never inside a character's bytes."""
    data = line.encode("utf-8")
    if len(data) <= _OCTETS:
        return data + b"\r\n"
    parts, start, room = [], 0, _OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character's first
            end -= 1
        parts.append(data[start:end])
        start, room = end, _OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _event(ref: str, summary: str, day: dt.date, description: str, stamp: str) -> bytes:
    start, end = day.isoformat().replace("-", ""), (day + _DAY).isoformat().replace("-", "")
    return b"".join((
        b"BEGIN:VEVENT\r\n",
        fold("SUMMARY:" + escape(_one_line(summary))),
        f"DTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\nDTSTAMP:{stamp}\r\n".encode(),
        fold("UID:" + escape(uid(ref))),
        fold("DESCRIPTION:" + escape(clean(description))),
        b"END:VEVENT\r\n"))


def _who(links: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """Each owner's departments as the description's lines (牵头: A、B, then 配合: C), from the
    links ordered by owner: one short string an owner is all that is held."""
    out = {}
    for owner, group in itertools.groupby(links, key=lambda link: link[0]):
        names: dict[str, list[str]] = {"lead": [], "support": []}
        for _, name, role in group:
            names[role].append(name)
        out[owner] = "\n".join(f"{_ROLES[role]}: {'、'.join(v)}" for role, v in names.items() if v)
    return out


def size(conn: Store, *, plan: str | None = None, dept_id: int | None = None) -> int:
    """About how many events write_calendar writes (its live tasks; a duty's occurrences are few): for a bar."""
    return stored.dated_count(conn, plan=plan, dept_id=dept_id)


def write_calendar(conn: Store, path: Path, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None,
                   step: Callable[[int], None] = lambda n: None) -> tuple[int, int]:
    """Write the .ics file of every dated task (its status as of the day) and duty occurrence, of
    one plan or department; returns (task events, duty occurrence events). `step` is told of each
    event written (a progress bar)."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = {"plan": plan, "dept_id": dept_id}
    tasks = occurrences = 0
    # An OSError is the caller's to report: it writes through qtrack/outfile.py.
    with path.open("wb") as out:
        out.write(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + fold("PRODID:-//qtrack//督查台帐//ZH")
                  + fold("X-WR-CALNAME:" + escape("qtrack" + (f" {plan}" if plan else ""))))
        who = _who(stored.departments(conn, "task", **scope))
        for task_id, ref, title, due, plan_title, status in stored.dated_tasks(conn, as_of=as_of.isoformat(), **scope):
            out.write(_event(ref, f"{ref} {title}", dt.date.fromisoformat(due),
                             f"{who.get(task_id, '')}\n状态: {CHINESE[status]}\n{plan_title}", stamp))
            tasks += 1
            step(1)
        del who
        duty_who = _who(stored.departments(conn, "duty", **scope))
        for d in stored.live_duties(conn, **scope):
            for occ in periods.occurrences(d["every"], dt.date.fromisoformat(d["start"]),
                                           dt.date.fromisoformat(d["end"]), d["day"]):
                ref = f"{d['ref']}@{occ.period}"
                out.write(_event(ref, f"{ref} {d['title']}", occ.due, f"{duty_who.get(d['id'], '')}\n{d['plan_title']}",
                                 stamp))
                occurrences += 1
        out.write(b"END:VCALENDAR\r\n")
    return tasks, occurrences
