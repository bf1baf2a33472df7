"""Reporting cycles (报送周期): the progress reports an open task owes, and which were missed (漏报).

A plan, a section or a task declares `report_every` (month, quarter, half-year, year) and
`report_day`; the plan file's reader settles which cycle each task is under (planfile/validate.py).
The rules, as of a day D:

- Periods owed: every period of the cycle from the one holding the task's start (its due date's
  phase, else its plan's start, else the plan's issue date; a task with none of them owes
  nothing) while the task is open. A task closed (done or dropped, as of D) on day C owes the
  periods that ended before C: its closing update reports on the period it closes in. Only
  periods begun by D are listed; a task reopened owes again, from the start.
- Due: day `report_day` of the month after the period (clamped to that month's length, as duties'
  days are), else the period's last day.
- Which update reports on a period: one dated after the previous period's due day and on or
  before this period's, so that "每月5日前报送上月进展" reads an update of 3 August as July's and
  no update counts for two periods; the first period owed takes updates from its own first day.
- Whose update counts: the lead department's. qtrack knows departments by name, not people: an
  update signed (--by) with a department's name or alias is that department's, and counts only
  when it leads the task (a 配合 department's report is not the lead's); one signed by a person is
  taken as the lead's report recorded by the office, as every update is.
- State: reported, missed (its due day is before D and no update reports on it) or due.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from qtrack import periods
from qtrack.names import normalize
from qtrack.status import CLOSED
from qtrack.store import cycles as stored

if TYPE_CHECKING:
    from qtrack.store import Store

EVERY_ZH = {"month": "月报", "quarter": "季报", "half-year": "半年报", "year": "年报"}


class Owed(NamedTuple):
    period: str
    start: dt.date
    end: dt.date
    due: dt.date
    opens: dt.date  # the previous period's due day: an update must be dated after it


def due_day(end: dt.date, report_day: int | None) -> dt.date:
    """The day a period ending on `end` must be reported by: report_day of the month after, else `end`."""
    if report_day is None:
        return end
    first = end + dt.timedelta(days=1)
    length = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(report_day, length))


def owed(every: str, report_day: int | None, *, start: dt.date, closed: dt.date | None,
         as_of: dt.date) -> list[Owed]:
    """The periods a task starting on `start` (closed on `closed`, or open) owes, as of a day."""
    out: list[Owed] = []
    if start > as_of:
        return out
    # The first period owed takes every update from its own start: the period before it owes nothing.
    opens = periods.occurrence(every, *periods.period_of(every, start)).start - dt.timedelta(days=1)
    for occ in periods.each_occurrence(every, start, as_of):
        if closed is not None and occ.end >= closed:
            break
        due = due_day(occ.end, report_day)
        out.append(Owed(occ.period, occ.start, occ.end, due, opens))
        opens = due
    return out


def judge(period: Owed, reports: list[dt.date], as_of: dt.date) -> tuple[str, dt.date | None]:
    """(state, the day of the report that met it) of one owed period; `reports` sorted."""
    i = bisect.bisect_right(reports, period.opens)
    if i < len(reports) and reports[i] <= period.due:
        return "reported", reports[i]
    return ("missed" if period.due < as_of else "due"), None


def counts(by: str, lead_ids: set[int], signers: dict[str, int]) -> bool:
    """Whether an update signed `by` is the lead department's report (the module's rule)."""
    dept = signers.get(normalize(by))
    return dept is None or dept in lead_ids


def report_periods(conn: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None,
                   task_id: int | None = None) -> list[dict]:
    """Every period owed by the tasks with a reporting cycle (of a plan, led by a department, or one
    task) as of a day, oldest first per task: each a dict carrying its ref PLAN/CODE@PERIOD."""
    tasks = stored.cycle_tasks(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id, task_id=task_id)
    ids = [t["id"] for t in tasks]
    departments = stored.departments_of(conn, ids)
    updates = stored.updates_of(conn, ids, as_of=as_of.isoformat())
    signers = stored.signers(conn) if tasks else {}
    out = []
    for t in tasks:
        if t["start"] is None:
            continue
        names = departments[t["id"]]
        leads = {i for i, _ in names["lead"]}
        reports = sorted(dt.date.fromisoformat(d) for d, _, by in updates[t["id"]] if counts(by, leads, signers))
        closed = dt.date.fromisoformat(t["status_date"]) if t["status"] in CLOSED and t["status_date"] else None
        for p in owed(t["report_every"], t["report_day"], start=dt.date.fromisoformat(t["start"]),
                      closed=closed, as_of=as_of):
            state, on = judge(p, reports, as_of)
            out.append({
                "ref": f"{t['plan_id']}/{t['code']}@{p.period}", "kind": "report", "plan": t["plan_id"],
                "task": f"{t['plan_id']}/{t['code']}", "task_id": t["id"], "period": p.period,
                "title": t["title"], "every": t["report_every"], "due": p.due.isoformat(), "state": state,
                "days_late": (as_of - p.due).days if state == "missed" else None,
                "reported_on": on.isoformat() if on else None,
                "lead": [n for _, n in names["lead"]], "support": [n for _, n in names["support"]],
                "lead_ids": sorted(leads),
            })
    return out


def public(row: dict) -> dict:
    """A period as listings show it: without the ids the chase works with."""
    return {k: v for k, v in row.items() if k not in ("task_id", "lead_ids")}


def missed(conn: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None) -> list[dict]:
    """The reports missed (漏报) as of a day, by the tasks of a plan or those a department leads."""
    return [p for p in report_periods(conn, as_of=as_of, plan=plan, dept_id=dept_id) if p["state"] == "missed"]

