"""Recording what a returned ledger holds: only what the history does not already have, all in
one transaction, so that importing the same file twice adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack import updates
from qtrack.ledger.read import Entry
from qtrack.store import ledger as rows

if TYPE_CHECKING:
    from qtrack.store import Store




def _key(e: Entry) -> dict:
    return {"id": e.id, "status": e.status, "progress": e.progress, "value": e.value, "period": e.period,
            "note": e.note, "date": e.date.isoformat() if e.dated else None}


def new_entries(conn: Store, entries: list[Entry]) -> list[Entry]:
    """The entries not yet in the database (nor earlier in the same file)."""
    seen: set[tuple] = set()
    out = []
    for e in entries:
        key = (e.kind, *_key(e).values())
        if key not in seen and not rows.recorded(conn, e.kind, _key(e)):
            out.append(e)
        seen.add(key)
    return out


def record(conn: Store, entries: list[Entry], *, today: dt.date) -> list[Entry]:
    """Append the new entries as updates, measurements and occurrence reports, in one transaction;
    returns what was recorded."""
    with conn.transaction():
        fresh = new_entries(conn, entries)
        for e in fresh:
            common = {"date": e.date, "today": today, "note": e.note, "by": e.by, "command": "import-progress"}
            if e.kind == "task":
                updates.record_update(conn, e.id, status=e.status, progress=e.progress, **common)
            elif e.kind == "target":
                updates.record_measurement(conn, e.id, e.value, **common)
            else:
                updates.record_occurrence(conn, e.id, e.period, status=e.status, **common)
    return fresh


def describe(e: Entry) -> str:
    """What the entry records, in the words of the sheet: 进行中 40%, = 92.5, 已完成."""
    from qtrack.cli.views import OCCURRENCE
    from qtrack.status import CHINESE

    if e.kind == "target":
        return f"= {e.value:g}"
    if e.kind == "duty":
        return {"done": OCCURRENCE["met"], "todo": OCCURRENCE["missed"], "dropped": OCCURRENCE["waived"]}[e.status]
    return " ".join(x for x in (CHINESE.get(e.status or "", ""), "" if e.progress is None else f"{e.progress}%") if x)
