"""The event kinds a score is made of: each a rule key (its category in the rules file) and a
source, a function from the store and a window to the dated events of each department.

    kind              rule key          facts (what the event is)
    on_time           on_time           a task done on or before its due date (dated the day it was done)
    late              late              a task not closed by its due date: still open at the window's
                                        end, or closed after it (dated the first day late; days late
                                        counted to the close, else to the window's end)
    missed_duty       missed_duty       a duty occurrence not met by its due date (dated the day after)
    missed_report     missed_report     漏报 of a reporting cycle          } facts other branches add:
    extension         extension         an approved 延期                   } each source yields nothing
    unanswered_chase  unanswered_chase  a 催办 not answered               } until wired to them
    declined          declined          a task 退回 by its lead            } (see KINDS below)

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
    source: Source


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
        due = dt.date.fromisoformat(task["due"]) if task["due"] else None
        if status == "done" and (due is None or when <= due):
            out.append(("on_time", task, when, None))
        elif due is not None and due < window.end and (when is None or when > due):
            out.append(("late", task, due + dt.timedelta(days=1), ((when or window.end) - due).days))
    return out


def on_time(store: Store, window: Window, plan: str | None) -> list[Event]:
    return _of_kind("on_time", store, window, plan)


def late(store: Store, window: Window, plan: str | None) -> list[Event]:
    return _of_kind("late", store, window, plan)


def _of_kind(kind: str, store: Store, window: Window, plan: str | None) -> list[Event]:
    return [Event(kind, name, t["ref"], t["title"], date, days)
            for k, t, date, days in _task_events(store, window, plan) if k == kind and window.holds(date)
            for name in t["lead"]]


def missed_duty(store: Store, window: Window, plan: str | None) -> list[Event]:
    from qtrack.store import queries

    out = []
    for o in queries.duty_occurrences(store, as_of=window.end.isoformat(), plan=plan):
        day = dt.date.fromisoformat(o["due"]) + dt.timedelta(days=1)
        if o["state"] == "missed" and window.holds(day):
            out += [Event("missed_duty", name, o["ref"], o["title"], day, o["days_late"]) for name in o["lead"]]
    return out


def not_yet_recorded(store: Store, window: Window, plan: str | None) -> list[Event]:
    """The source of a kind whose facts this database does not record yet: no events."""
    return []


# The one list of kinds, in the order a breakdown shows them. The last four are wired by the lead
# when their facts land: replace `not_yet_recorded` with a function of the same signature that
# reads them (missed_report: the reporting cycles' 漏报; extension: approved extension requests;
# unanswered_chase: chases with no answer; declined: declines by a lead department).
KINDS: tuple[Kind, ...] = (
    Kind("on_time", "按期办结", on_time),
    Kind("late", "逾期", late),
    Kind("missed_duty", "定期任务未完成", missed_duty),
    Kind("missed_report", "漏报", not_yet_recorded),
    Kind("extension", "延期", not_yet_recorded),
    Kind("unanswered_chase", "催办未复", not_yet_recorded),
    Kind("declined", "退回", not_yet_recorded),
)


def gather(store: Store, window: Window, plan: str | None) -> list[Event]:
    """Every event of every kind in the window, by date."""
    events = [e for kind in KINDS for e in kind.source(store, window, plan)]
    return sorted(events, key=lambda e: (e.date, e.kind, e.ref, e.department))
