"""The `unanswered_chase` event: a 催办 the department did not answer.

A chase (one notice, qtrack/chase/) asks a department for the things it lists. It is answered
when, after it was made and before the next chase sent to the same department, the department
answered any one of them: an update on a listed task that counts as that department's (signed
with its name or alias, or by a person: escalation's rule, after qtrack/cycles.py), a step of its own on the task (签收, 退回 or a
request for extension), or a report of a listed duty. "After" and "before" compare the day and
then the moment recorded, as escalation does (qtrack/chase/escalation.py).

A chase with no answer in that span is unanswered once the span is over: the next chase was made,
or the scored window ends after the chase's day (a chase made on the window's last day has had no
day to be answered yet, and counts in the next window). The event is dated the chase's day and
goes against the department it was sent to, with its number as the reference. As of a day D only
chases and answers dated by D count; with --plan, only the chase's items of that plan.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack import cycles
from qtrack.scoring.window import Window

if TYPE_CHECKING:
    from qtrack.chase.render import number_text
    from qtrack.scoring.events import Event
    from qtrack.store import Store


def events(store: Store, window: Window, plan: str | None) -> list[Event]:
    from qtrack.chase.render import number_text
    from qtrack.scoring.events import Event
    from qtrack.store import chase as stored
    from qtrack.store import cycles as stored_cycles

    end = window.end.isoformat()
    chases: dict[int, dict] = {}
    for r in stored.items_by_chase(store, as_of=end, plan=plan):
        c = chases.get(r["id"])
        if c is None:  # the chase's first item: the chase itself
            c = chases[r["id"]] = {**r, "tasks": set(), "duties": set(), "refs": []}
        c["tasks" if r["task_id"] else "duties"].add(r["task_id"] or r["duty_id"])
        c["refs"].append(r["ref"])
    tasks = sorted({t for c in chases.values() for t in c["tasks"]})
    duties = sorted({d for c in chases.values() for d in c["duties"]})
    updates = stored_cycles.updates_of(store, tasks, as_of=end)
    steps = stored.department_steps_of(store, tasks, as_of=end)
    reports = stored.duty_reports_of(store, duties, as_of=end)
    signers = stored_cycles.signers(store) if tasks else {}
    ordered = list(chases.values())
    out = []
    for n, c in enumerate(ordered):
        moment = (c["date"], c["recorded_at"])
        later = [(o["date"], o["recorded_at"]) for o in ordered[n + 1:] if o["department_id"] == c["department_id"]]
        until = min(later, default=None)
        if until is None and c["date"] >= end:
            continue  # made on the window's last day: not yet unanswered
        answers = [(d, at) for t in c["tasks"] for d, at, by in updates[t] if cycles.counts(by, {c["department_id"]}, signers)]
        answers += [(d, at) for t in c["tasks"] for d, at, dept in steps[t] if dept == c["department_id"]]
        answers += [a for u in c["duties"] for a in reports[u]]
        if any(moment < a and (until is None or a < until) for a in answers):
            continue
        day = dt.date.fromisoformat(c["date"])
        if window.holds(day):
            out.append(Event("unanswered_chase", c["department"], number_text(c["year"], c["number"]),
                             "、".join(dict.fromkeys(c["refs"])), day))
    return out
