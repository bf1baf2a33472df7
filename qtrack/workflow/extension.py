"""延期: a lead department asks, on or before the due date in force, for a later one, with a reason;
the office approves (the date asked, or one it sets) or rejects it. The plan's own due date is
never touched: store/state.py reads the latest approval as the date in force."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.store import workflow as stored
from qtrack.workflow import Step, lead_department, need_reason
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store


def request(conn: Store, task_id: int, *, dept: str | None, to: dt.date, reason: str,
            date: dt.date, today: dt.date) -> dict:
    """A department's request to move the task's due date to `to`."""
    reason = need_reason(reason, _("a request for extension"))
    with Step(conn, task_id, "extend", date=date, today=today) as step:
        dept_id, name = lead_department(conn, step.ref, task_id, dept)
        state = step.state
        if state["status"] in ("done", "dropped"):
            raise QtrackError(_("{ref} is {status}: there is nothing to extend").format(
                                  ref=step.ref, status=state['status']))
        if state["due"] is None:
            raise QtrackError(_("{ref} has no due date to extend").format(ref=step.ref))
        if date.isoformat() > state["due"]:
            raise QtrackError(_("{ref} was due on {due}: an extension is asked for on or before the due date, not on "
                                 "{date}").format(ref=step.ref, due=state['due'], date=date))
        _later(step.ref, to, state["due"])
        waiting = stored.pending(conn, task_id, as_of=date.isoformat())
        if waiting:
            raise QtrackError(_("{ref} already has a request (to {due}, asked on {date}) awaiting the office's approve "
                                 "or reject").format(
                                  ref=step.ref, due=waiting['due'], date=waiting['date']))
        done = step.take(by=name, department_id=dept_id, due=to.isoformat(), detail=reason)
    return {**done, "department": name, "current": state["due"]}


def approve(conn: Store, task_id: int, *, to: dt.date | None, note: str | None, office: str,
            date: dt.date, today: dt.date) -> dict:
    """The office grants the pending request: the date asked, or `to`."""
    with Step(conn, task_id, "approve", date=date, today=today) as step:
        waiting = _waiting(conn, step, "approve")
        granted = to or dt.date.fromisoformat(waiting["due"])
        _later(step.ref, granted, step.state["due"])
        done = step.take(by=office, due=granted.isoformat(), detail=note)
    return {**done, "asked": waiting["due"], "before": step.state["due"]}


def reject(conn: Store, task_id: int, *, reason: str, office: str, date: dt.date, today: dt.date) -> dict:
    """The office refuses the pending request; the due date stays."""
    reason = need_reason(reason, _("a rejection"))
    with Step(conn, task_id, "reject", date=date, today=today) as step:
        waiting = _waiting(conn, step, "reject")
        done = step.take(by=office, detail=reason)
    return {**done, "asked": waiting["due"], "due": step.state["due"]}


def _waiting(conn: Store, step: Step, verb: str) -> dict:
    waiting = stored.pending(conn, step.task_id, as_of=step.date.isoformat())
    if waiting is None:
        raise QtrackError(_("{ref} has no request for extension pending: nothing to {verb}").format(
                              ref=step.ref, verb=verb))
    return waiting


def _later(ref: str, to: dt.date, due: str) -> None:
    if to.isoformat() <= due:
        raise QtrackError(_("{ref} is due on {due}: an extension must be to a later date, not {to}").format(
                              ref=ref, due=due, to=to))
