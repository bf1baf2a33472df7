"""What the supervision workflow (签收, 延期; qtrack/workflow/) adds to a department's notice.

- 待签收 (kind "ack"): a task its plan gives `ack_within` days to acknowledge, handed over (the
  plan's issue, or the latest 改派) longer ago than that, neither acknowledged nor declined by its
  lead as of the day, and not closed. Owed by each lead department, due on the last day allowed.
- 待答复 (kind "extension"): a request for extension (延期) the office has neither approved nor
  rejected as of the day. The answer is owed by the office, not by the department, so it never
  makes a notice by itself: it is listed on the notice of the department that asked when that
  notice is made for something the department owes, so that the department reads that the due
  date in force stands until the office answers. `due` is the date asked for.

Steps dated after the as-of day have not happened (store/workflow.py's rule). Neither kind
escalates: a notice's level is that of the things the department itself failed to answer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack.store import chase as stored_chase
from qtrack.store import cycles as stored_cycles
from qtrack.store import workflow as stored

if TYPE_CHECKING:
    from qtrack.store import Store


def pending(conn: Store, *, as_of: dt.date, plan: str | None = None) -> dict[str, list[dict]]:
    """Department name → the workflow items of it as of a day (of one plan, or all): each a dict
    with "kind" ("ack" or "extension"), "ref", "title", "due" and "task_id"; acks first."""
    day = as_of.isoformat()
    out: dict[str, list[dict]] = {}
    unacked = stored.unacknowledged(conn, as_of=day, plan=plan)
    leads = stored_cycles.departments_of(conn, [t["id"] for t in unacked])
    for t in unacked:
        for _, name in leads[t["id"]]["lead"]:
            out.setdefault(name, []).append({"kind": "ack", "ref": t["ref"], "title": t["title"],
                                             "due": t["ack_by"], "task_id": t["id"]})
    ids = stored_chase.ids_by_ref(conn, "task", plan=plan)
    for r in stored.requests(conn, as_of=day, plan=plan):
        if r["department"]:
            out.setdefault(r["department"], []).append({"kind": "extension", "ref": r["ref"], "title": r["title"],
                                                        "due": r["asked"], "task_id": ids.get(r["ref"])})
    return out
