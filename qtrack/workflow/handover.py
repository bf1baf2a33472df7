"""签收, 退回 and 改派: the lead department acknowledges a task or says it is not theirs; the
office then reassigns it, an override of the plan file's departments that a re-import keeps
until the plan file itself changes that task's departments."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import workflow as stored
from qtrack.workflow import Step, lead_department, need_reason
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store


def acknowledge(conn: Store, task_id: int, *, dept: str | None, date: dt.date, today: dt.date) -> dict:
    """签收: the task's lead department (`dept`, or its only lead) received it on `date`."""
    with Step(conn, task_id, "ack", date=date, today=today) as step:
        dept_id, name = lead_department(conn, step.ref, task_id, dept)
        _open(step, _("acknowledged"))
        handed = step.state["handed_on"]
        if handed and date.isoformat() < handed:
            raise QtrackError(_("{ref} was handed over on {handed}: it cannot have been acknowledged on {date}").format(
                                  ref=step.ref, handed=handed, date=date))
        done = step.take(by=name, department_id=dept_id)
    late = stored.acknowledgement({**step.state, "handover": "ack", "handover_on": date.isoformat()},
                                  date.isoformat())["ack_late"]
    return {**done, "department": name, "late": late}


def decline(conn: Store, task_id: int, *, dept: str | None, reason: str, date: dt.date, today: dt.date) -> dict:
    """退回: the lead department says the task is not theirs; it shows declined until 改派."""
    reason = need_reason(reason, _("a decline"))
    with Step(conn, task_id, "decline", date=date, today=today) as step:
        dept_id, name = lead_department(conn, step.ref, task_id, dept)
        _open(step, _("declined"))
        return {**step.take(by=name, department_id=dept_id, detail=reason), "department": name}


def assign(conn: Store, task_id: int, *, lead: list[str], support: list[str], reason: str, office: str,
           date: dt.date, today: dt.date) -> dict:
    """改派: the office gives the task new departments, recorded with the plan file's ones it overrides."""
    from qtrack.refs import department

    reason = need_reason(reason, _("an assignment"))
    if not lead:
        raise QtrackError(_("give the new lead department with --lead"))
    with Step(conn, task_id, "assign", date=date, today=today) as step:
        new: list[tuple[int, str]] = []
        for name, role in [(n, "lead") for n in lead] + [(n, "support") for n in support]:
            dept_id = department(conn, name)[0]
            if all(dept_id != d for d, _ in new):
                new.append((dept_id, role))
        old = stored.links(conn, task_id)
        if new == old:
            raise QtrackError(_("{ref} already has these departments: nothing to assign").format(
                                  ref=step.ref))
        before = stored.in_force(conn, task_id)
        overrode = before["overrode"] if before else old  # the plan file's, however often reassigned
        stored.set_links(conn, task_id, new)
        done = step.take(by=office, departments=json.dumps(new), overrode=json.dumps(overrode), detail=reason)
    names = stored.names(conn, [d for d, _ in new])
    return {**done, "lead": [names[d] for d, r in new if r == "lead"],
            "support": [names[d] for d, r in new if r == "support"]}


def _open(step: Step, what: str) -> None:
    """Refuse a 签收 or 退回 of a task already acknowledged, declined, done or dropped."""
    state = step.state
    if state["handover"] == "ack":
        raise QtrackError(_("{ref} was already acknowledged on {handover_on}: it cannot be {what}").format(
                              ref=step.ref, handover_on=state['handover_on'], what=what))
    if state["handover"] == "decline":
        raise QtrackError(_("{ref} was declined on {handover_on}: it awaits the office's qtrack assign").format(
                              ref=step.ref, handover_on=state['handover_on']))
    if state["status"] in ("done", "dropped"):
        raise QtrackError(_("{ref} is {status}: it cannot be {what}").format(
                              ref=step.ref, status=state['status'], what=what))
