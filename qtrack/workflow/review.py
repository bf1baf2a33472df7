"""办结 and 销号: where a plan says `review: true`, a department's `update --status done` is a claim
(待销号): green, not late, but not closed. The office closes it (销号) or reopens it (退办),
which sends it back to doing with the reason. A plan without review closes on the done itself."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack.errors import QtrackError
from qtrack.workflow import Step, need_reason
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store


def close(conn: Store, task_id: int, *, note: str | None, office: str, date: dt.date, today: dt.date) -> dict:
    """销号: the office accepts the department's claim that the task is done."""
    with Step(conn, task_id, "close", date=date, today=today) as step:
        state = step.state
        if not state["review"]:
            raise QtrackError(_("{ref}'s plan does not ask for 销号 (review: false): its done closes it").format(
                                  ref=step.ref))
        _claimed(step)
        if state["closed_on"]:
            raise QtrackError(_("{ref} was already closed on {closed_on}").format(
                                  ref=step.ref, closed_on=state['closed_on']))
        done = step.take(by=office, detail=note)
    return {**done, "claimed": state["status_on"]}


def reopen(conn: Store, task_id: int, *, reason: str, office: str, date: dt.date, today: dt.date) -> dict:
    """退办: the office sends a done task (claimed or closed) back to doing, with the reason."""
    from qtrack.updates import record_update

    reason = need_reason(reason, _("a reopening"))
    with Step(conn, task_id, "reopen", date=date, today=today) as step:
        _claimed(step)
        record_update(conn, task_id, date=date, today=today, status="doing", by=office, command="reopen")
        done = step.take(by=office, detail=reason)
    return {**done, "claimed": step.state["status_on"]}


def _claimed(step: Step) -> None:
    if step.state["status"] != "done":
        raise QtrackError(_("{ref} is {status}: nobody has claimed it done").format(
                              ref=step.ref, status=step.state['status']))
