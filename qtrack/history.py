"""The audit trail read back: every change to the database, who made it, when, with which command.

Progress is its own record (every update, measurement and duty report is signed and stamped
when written, and never rewritten); changes to definitions are the audit rows an import
writes. `qtrack log` reads them as one list, newest first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack.store import history as stored
from qtrack.store.queries import Page
from qtrack.status import CHINESE
from qtrack.store.workflow import named
from qtrack.workflow.words import ACTIONS, ROLES

if TYPE_CHECKING:
    from qtrack.store import Store

def utc_start_of(day: dt.date) -> str:
    """Local midnight of `day` as a stored (UTC) timestamp, so --since means the user's day."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _end_of(day: dt.date) -> str:
    """The stored timestamp at which `day` ends for the user (the last representable day never does)."""
    return utc_start_of(day + dt.timedelta(days=1)) if day < dt.date.max else "9999-12-31 23:59:59.999999"


def entries(conn: Store, *, as_of: dt.date, since: dt.date | None = None, plan: str | None = None,
            dept_id: int | None = None, by: str | None = None, limit: int | None = None) -> Page:
    """Changes newest first, optionally since a day, for one plan, department or author: a page
    of `limit` (None: all) and how many matched in all.

    As of a date, as everywhere: updates, measurements and duty reports dated after it are left
    out, and so are the changes imports made after its end (the audit rows, which carry no date
    but the moment they were made)."""
    total, rows = stored.entries(conn, as_of=as_of.isoformat(), until=_end_of(as_of),
                                 since=utc_start_of(since) if since else None, plan=plan,
                                 dept_id=dept_id, by=by, limit=limit)
    return Page((_entry(r, conn) for r in rows), total, {})


def _entry(r, conn: Store) -> dict:
    ref = r["plan"] + (f"/{r['code']}" if r["code"] else "") + (f"@{r['period']}" if r["period"] else "")
    at = dt.datetime.fromisoformat(r["at"]).replace(tzinfo=dt.timezone.utc)
    return {"at": at.isoformat(timespec="seconds"), "by": r["by"], "command": r["command"], "ref": ref,
            "kind": r["kind"], "action": r["action"], "date": r["date"], "status": r["status"],
            "progress": r["progress"], "value": r["value"], "detail": r["detail"], "role": r["role"],
            "due": r["due"], "assigned": named(conn, r["departments"]), "what": _what(r, conn)}


def _what(r, conn: Store) -> str:
    """The change in a few words, as the log's table shows it."""
    if r["action"] == "update":
        parts = [CHINESE[r["status"]] if r["status"] else None,
                 f"{r['progress']}%" if r["progress"] is not None else None, r["detail"]]
        return " ".join(p for p in parts if p) + f" ({r['date']})"
    if r["action"] == "measure":
        return f"测得 {r['value']:g} ({r['date']})" + (f" {r['detail']}" if r["detail"] else "")
    if r["action"] == "report":
        met = {"done": "已完成", "todo": "未完成", "dropped": "免除"}[r["status"]]
        return f"{met} ({r['date']})" + (f" {r['detail']}" if r["detail"] else "")
    if r["action"] == "chase":  # its level is in `status`
        from qtrack.chase.escalation import TITLE

        return f"{r['detail']} {TITLE[r['status']]} ({r['date']})"
    if r["action"] in ACTIONS:  # a workflow step, marked with whose it is (督办 the office's, 承办 a department's)
        given = named(conn, r["departments"])
        return (f"[{ROLES[r['role']]}] {ACTIONS[r['action']]}" + (f" 至 {r['due']}" if r["due"] else "")
                + (f" 牵头 {'、'.join(given['lead'])}" + (f" 配合 {'、'.join(given['support'])}" if given["support"] else "")
                   if given else "")
                + (f" {r['detail']}" if r["detail"] else "") + f" ({r['date']})")
    return f"{r['kind']} {r['action']}" + (f": {r['detail']}" if r["detail"] else "")
