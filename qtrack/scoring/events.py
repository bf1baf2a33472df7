"""The event kinds a score is made of: each a rule key (its category in the rules file) and a
source, a function from the store and a window to the dated events of each department.

    kind              rule key          facts (what the event is)
    on_time           on_time           a task done on or before its due date (dated the day it was done)
    late              late              a task not closed by its due date: still open at the window's
                                        end, or closed after it (dated the first day late; days late
                                        counted to the close, else to the window's end)
    missed_duty       missed_duty       a duty occurrence not met by its due date (dated the day after)
    extension         extension         an approved 延期 (dated its approval; against the department
                                        that asked for it)
    declined          declined          a task 退回 by its lead (dated the 退回)
    missed_report     missed_report     漏报: a period of a reporting cycle (qtrack/cycles.py) whose
                                        report was due before the window's end and never came
                                        (dated the day after it was due)
    unanswered_chase  unanswered_chase  a 催办 the department did not answer before its next chase
                                        or the window's end (scoring/unanswered.py; dated the chase)

`late` and `on_time` with the workflow's extensions: `on_time` is measured against the plan's due
date (按期, as every listing counts it); `late` against the due date in force at the window's end,
the latest extension approved by then, else the plan's. A task done after the plan's date but by
its approved extension is neither: it counts once, as its `extension`. Done after the extended
date, it is late by the days since that date (the extension counts too: it was granted and missed).

A task's events go to each of its lead departments (牵头), a duty's to each of its leads. Every
event carries the reference it comes from, so a score can be recomputed by hand from the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from qtrack.scoring.window import Window
from qtrack.status import CLOSED

if TYPE_CHECKING:
    from qtrack.store import Store


class Event(NamedTuple):
    kind: str
    department: str
    ref: str
    title: str
    date: dt.date
    days_late: int | None = None


Source = Callable[["Store", Window, "str | None"], list[Event]]


class Kind(NamedTuple):
    key: str  # the rule key in the rules file (scoring/rules.py CATEGORIES)
    label: str  # its Chinese name in a breakdown
    source: Source  # its events (a source may give several kinds: gather calls each source once)


def closed_on(statuses: list[tuple[str, str]]) -> tuple[str | None, dt.date | None]:
    """(the closing status, the day it was closed) from a task's status updates in order (date,
    status); (None, None) when the last one leaves it open. A close reopened and closed again
    counts from the last closing."""
    status, since = None, None
    for date, value in statuses:
        if value in CLOSED and status not in CLOSED:
            since = dt.date.fromisoformat(date)
        status = value
    return (status, since) if status in CLOSED else (None, None)


def _task_events(store: Store, window: Window, plan: str | None) -> list[tuple[str, dict, str, dt.date | None]]:
    """(kind, task, closing status, closed on) for every task's on-time close or lateness."""
    from qtrack.store import score as stored

    out = []
    for task in stored.task_closes(store, as_of=window.end.isoformat(), plan=plan):
        status, when = closed_on(task["statuses"])
        planned = dt.date.fromisoformat(task["original_due"]) if task["original_due"] else None
        due = dt.date.fromisoformat(task["due"]) if task["due"] else None  # in force: extended, else planned
        if status == "done" and (planned is None or when <= planned):
            out.append(("on_time", task, when, None))
        elif due is not None and due < window.end and (when is None or when > due):
            out.append(("late", task, due + dt.timedelta(days=1), ((when or window.end) - due).days))
    return out


def closing(store: Store, window: Window, plan: str | None) -> list[Event]:
    """Both kinds a task's closing gives, on_time and late, from one reading of every task's history."""
    return [Event(kind, name, t["ref"], t["title"], date, days)
            for kind, t, date, days in _task_events(store, window, plan) if window.holds(date)
            for name in t["lead"]]


def missed_duty(store: Store, window: Window, plan: str | None) -> list[Event]:
    from qtrack.store import queries

    out = []
    for o in queries.duty_occurrences(store, as_of=window.end.isoformat(), plan=plan):
        day = dt.date.fromisoformat(o["due"]) + dt.timedelta(days=1)
        if o["state"] == "missed" and window.holds(day):
            out += [Event("missed_duty", name, o["ref"], o["title"], day, o["days_late"]) for name in o["lead"]]
    return out


def _steps(kind: str, action: str) -> Source:
    def source(store: Store, window: Window, plan: str | None) -> list[Event]:
        from qtrack.store import score as stored

        steps = stored.workflow_steps(store, actions=(action,), as_of=window.end.isoformat(), plan=plan)
        return [Event(kind, s["department"], f"{s['plan_id']}/{s['code']}", s["title"], dt.date.fromisoformat(s["date"]))
                for s in steps if s["department"] and window.holds(dt.date.fromisoformat(s["date"]))]
    return source


def missed_report(store: Store, window: Window, plan: str | None) -> list[Event]:
    from qtrack import cycles

    out = []
    for p in cycles.missed(store, as_of=window.end, plan=plan):
        day = dt.date.fromisoformat(p["due"]) + dt.timedelta(days=1)
        if window.holds(day):
            out += [Event("missed_report", name, p["ref"], p["title"], day, p["days_late"]) for name in p["lead"]]
    return out


def unanswered_chase(store: Store, window: Window, plan: str | None) -> list[Event]:
    from qtrack.scoring import unanswered

    return unanswered.events(store, window, plan)


# The one list of kinds, in the order a breakdown shows them.
KINDS: tuple[Kind, ...] = (
    Kind("on_time", "按期办结", closing),  # one source for both: gather reads it once
    Kind("late", "逾期", closing),
    Kind("missed_duty", "定期任务未完成", missed_duty),
    Kind("missed_report", "漏报", missed_report),
    Kind("extension", "延期", _steps("extension", "approve")),
    Kind("unanswered_chase", "催办未复", unanswered_chase),
    Kind("declined", "退回", _steps("declined", "decline")),
)


def gather(store: Store, window: Window, plan: str | None) -> list[Event]:
    """Every event of every kind in the window, by date."""
    events = [e for source in dict.fromkeys(kind.source for kind in KINDS) for e in source(store, window, plan)]
    return sorted(events, key=lambda e: (e.date, e.kind, e.ref, e.department))
