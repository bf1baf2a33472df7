"""The supervision workflow between the office (督查室) and the departments, one module per stage:

    workflow/handover.py   签收 (ack), 退回 (decline), 改派 (assign): who holds a task
    workflow/extension.py  延期: a department's request (extend), the office's approve / reject
    workflow/review.py     办结 and 销号: a claimed done awaits the office's close, or reopen (退办)

Every step is a row of task_step (store/workflow.py), dated, signed and never rewritten, taken in
one transaction with the checks that allow it, so a refused step leaves the database as it was.
A step is not dated before the task's latest one: the steps of a task read in order.

Roles: the office's steps (assign, approve, reject, close, reopen) are signed with its name
(--office, else $QTRACK_OFFICE, else 督查室); a department's (ack, decline, extend; update is its
progress) with the department. There is no authentication: anyone who can write the database can
sign as anyone; the log shows who signed what, so a department's step signed as the office shows.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from qtrack import dates
from qtrack.errors import QtrackError
from qtrack.store import updates as stored_updates
from qtrack.store import utc_now
from qtrack.store import workflow as stored
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

OFFICE_DEFAULT = "督查室"
OFFICE_ACTIONS = ("assign", "approve", "reject", "close", "reopen")
DEPARTMENT_ACTIONS = ("ack", "decline", "extend")


def office_name(given: str | None = None) -> str:
    """The office's name: --office, else $QTRACK_OFFICE, else 督查室."""
    return (given or os.environ.get("QTRACK_OFFICE") or OFFICE_DEFAULT).strip() or OFFICE_DEFAULT


class Step:
    """One step about to be taken on a task: its checks read `state` (the task as of the step's
    day), then `take` appends it. Open it with `with Step(...) as step:` — one transaction."""

    def __init__(self, conn: Store, task_id: int, action: str, *, date: dt.date, today: dt.date):
        dates.not_ahead(date, today=today, what=_("a step ({action})").format(action=action))
        self.conn, self.task_id, self.action, self.date = conn, task_id, action, date
        self._transaction = conn.transaction()

    def __enter__(self) -> Step:
        self._transaction.__enter__()
        try:
            return self._check()
        except BaseException as exc:  # a refusal here must roll the transaction back too
            self._transaction.__exit__(type(exc), exc, exc.__traceback__)
            raise

    def _check(self) -> Step:
        retired, self.ref = stored_updates.owner(self.conn, "task_update", self.task_id)
        if retired:
            raise QtrackError(_("task {ref} is retired (it left its plan file); its history is kept read-only").format(
                                  ref=self.ref))
        day = self.date.isoformat()
        latest = stored.latest_date(self.conn, self.task_id)
        if latest and latest > day:
            raise QtrackError(_("{ref} has a step dated {latest}: a later one cannot be dated {day}").format(
                                  ref=self.ref, latest=latest, day=day))
        self.state = stored.task_state(self.conn, self.task_id, as_of=day)
        return self

    def __exit__(self, *exc) -> bool | None:
        return self._transaction.__exit__(*exc)

    def take(self, *, by: str, department_id: int | None = None, **values) -> dict:
        role = "office" if self.action in OFFICE_ACTIONS else "department"
        row = {"task_id": self.task_id, "date": self.date.isoformat(), "recorded_at": utc_now(), "by": by,
               "role": role, "action": self.action, "department_id": department_id, **values,
               "command": self.action}
        step_id = stored.append(self.conn, row)  # evidence will hang on this id (update --evidence's seam)
        return {"id": step_id, "ref": self.ref, **row}


def lead_department(conn: Store, ref: str, task_id: int, dept: str | None) -> tuple[int, str]:
    """(id, name) of the lead department acting (`dept`, or the task's only lead); any other is refused."""
    from qtrack.refs import department

    ordered = [d for d, role in stored.links(conn, task_id) if role == "lead"]
    names = stored.names(conn, ordered)
    shown = "、".join(names[d] for d in ordered)
    if not ordered:
        raise QtrackError(_("{ref} has no lead department: the office assigns one first (qtrack assign)").format(
                              ref=ref))
    if dept is None:
        if len(ordered) > 1:
            raise QtrackError(_("{ref} has several leads ({shown}): say which with --by").format(
                                  ref=ref, shown=shown))
        return ordered[0], names[ordered[0]]
    found = department(conn, dept)
    if found[0] not in names:
        raise QtrackError(_("{found} is not a lead of {ref} (lead: {shown}); only a lead department may do "
                            "this").format(
                              found=found[1], ref=ref, shown=shown))
    return found


def need_reason(reason: str | None, what: str) -> str:
    """The reason given, trimmed; refused when there is none."""
    if not (reason or "").strip():
        raise QtrackError(_("{what} needs a reason: give --reason").format(what=what))
    return reason.strip()
