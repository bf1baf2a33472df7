"""What each department owes as of a day, gathered into one notice per department.

A department owes what it leads (牵头; each of joint leads owes it whole): its red tasks (late, not
closed), its amber tasks due within the warning window, the progress reports it missed (漏报,
qtrack/cycles.py), the duty occurrences it missed, and what the workflow has it owe
(chase/workflow.py). A task nobody leads is chased to nobody. Departments come in the order of
their names, and so take their numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack import cycles
from qtrack.chase import escalation, workflow
from qtrack.lights import LightRule
from qtrack.store import chase as stored
from qtrack.store import cycles as stored_cycles
from qtrack.store import queries

if TYPE_CHECKING:
    from qtrack.store import Store

KINDS = ("late", "soon", "report", "duty", "workflow")  # the order a notice lists them in


def owed(conn: Store, *, as_of: dt.date, rule: LightRule, plan: str | None = None) -> dict[str, list[dict]]:
    """Department name → the items it owes, each {kind, ref, title, due, days_late, days_left,
    period, task_id, duty_id}."""
    day = as_of.isoformat()
    duty_ids = stored.ids_by_ref(conn, "duty", plan=plan)
    out: dict[str, list[dict]] = {}

    def add(names: list[str], kind: str, row: dict, **extra) -> None:
        item = {"kind": kind, "ref": row["ref"], "title": row["title"], "due": row["due"],
                "days_late": row.get("days_late"), "days_left": row.get("days_left"), "period": None,
                "task_id": None, "duty_id": None, **extra}
        for name in names:
            out.setdefault(name, []).append(dict(item))

    # One pass over every task's state for both kinds (a red task is late: lights.py, and its due
    # date is before the day); notices() orders the items, so the order they are found in does not
    # matter. An amber task is soon when its date in force is within the warning window.
    for name, task_id, ref, title, due, light in queries.late_and_amber(conn, as_of=day, rule=rule, plan=plan):
        days = (dt.date.fromisoformat(due) - as_of).days
        if light == "red":
            add([name], "late", {"ref": ref, "title": title, "due": due, "days_late": -days}, task_id=task_id)
        elif 0 <= days <= rule.warn_days:
            add([name], "soon", {"ref": ref, "title": title, "due": due, "days_left": days}, task_id=task_id)
    for p in cycles.missed(conn, as_of=as_of, plan=plan):
        add(p["lead"], "report", p, period=p["period"], task_id=p["task_id"])
    for o in queries.duty_occurrences(conn, as_of=day, plan=plan):
        if o["state"] == "missed":
            add(o["lead"], "duty", o, period=o["period"], duty_id=duty_ids[o["duty"]])
    for name, items in workflow.pending(conn, as_of=as_of, plan=plan).items():
        for w in items:
            if w["kind"] == "extension" and name not in out:
                continue  # the office owes the answer: it rides on a notice, never makes one
            out.setdefault(name, []).append({"days_late": None, "days_left": None, "period": None, "task_id": None,
                                             "duty_id": None, **w, "workflow": w["kind"], "kind": "workflow"})
    return out


def notices(conn: Store, *, as_of: dt.date, rule: LightRule, thresholds: escalation.Thresholds,
            plan: str | None = None, dept: str | None = None) -> list[dict]:
    """One notice per department that owes anything (or only `dept`'s), each with its items in
    KINDS order, every item with how often it was chased before and its level, and the notice's level."""
    items_of = owed(conn, as_of=as_of, rule=rule, plan=plan)
    if dept is not None:
        items_of = {dept: items_of[dept]} if dept in items_of else {}
    dept_ids = stored.department_ids(conn)
    _escalate(conn, items_of, dept_ids, as_of=as_of, thresholds=thresholds)
    out = []
    for name in sorted(items_of):
        items = sorted(items_of[name], key=lambda i: (KINDS.index(i["kind"]), -(i["days_late"] or 0),
                                                      i["days_left"] if i["days_left"] is not None else 0, i["ref"]))
        out.append({"department": name, "department_id": dept_ids[name], "date": as_of.isoformat(),
                    "level": escalation.highest(i["level"] for i in items if i["kind"] != "workflow"),
                    "items": items})
    return out


def _escalate(conn: Store, items_of: dict[str, list[dict]], dept_ids: dict[str, int], *, as_of: dt.date,
              thresholds: escalation.Thresholds) -> None:
    """Give every item `chased` (times chased to this department before) and `level`."""
    chased: dict[tuple, set] = {}  # (department id, "task"|"duty", id) → the chases, as (date, recorded_at)
    for dept, task, duty, date, at in stored.earlier(conn, as_of=as_of.isoformat()):
        key = (dept, "task", task) if task is not None else (dept, "duty", duty)
        chased.setdefault(key, set()).add((date, at))
    tasks = sorted({i["task_id"] for items in items_of.values() for i in items if i["task_id"]})
    duties = sorted({i["duty_id"] for items in items_of.values() for i in items if i["duty_id"]})
    updates = stored_cycles.updates_of(conn, tasks, as_of=as_of.isoformat())
    reports = stored.duty_reports_of(conn, duties, as_of=as_of.isoformat())
    signers = stored_cycles.signers(conn) if tasks else {}
    for name, items in items_of.items():
        dept = dept_ids[name]
        for item in items:
            if item["task_id"]:
                before = chased.get((dept, "task", item["task_id"]), set())
                answers = [(d, at) for d, at, by in updates[item["task_id"]] if cycles.counts(by, {dept}, signers)]
            elif item["duty_id"]:
                before = chased.get((dept, "duty", item["duty_id"]), set())
                answers = reports[item["duty_id"]]
            else:
                before, answers = set(), []
            item["chased"] = len(before)
            item["unanswered"] = escalation.unanswered(before, answers)
            item["level"] = escalation.level(item["unanswered"], thresholds)
