"""Recording what a returned ledger holds: only what the history does not already have, all in
one transaction, so that importing the same file twice adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack import updates
from qtrack.errors import QtrackError
from qtrack.ledger.read import Entry, refusal
from qtrack.store import ledger as rows

if TYPE_CHECKING:
    from qtrack.store import Store




def _key(e: Entry) -> dict:
    return {"id": e.id, "status": e.status, "progress": e.progress, "value": e.value, "period": e.period,
            "note": e.note, "date": e.date.isoformat() if e.dated else None}


def _steps_new(conn: Store, e: Entry) -> list[str]:
    """The workflow's parts of a task row not yet recorded: ack, extend, evidence."""
    if e.kind != "task":
        return []
    out = []
    if e.ack and not rows.step_recorded(conn, e.id, "ack", date=e.ack.isoformat()):
        out.append("ack")
    if e.extend_to and not rows.step_recorded(conn, e.id, "extend", due=e.extend_to.isoformat(),
                                              detail=e.extend_reason):
        out.append("extend")
    if set(e.evidence) - rows.evidence_named(conn, e.id):
        out.append("evidence")
    return out


def new_entries(conn: Store, entries: list[Entry]) -> list[Entry]:
    """The entries not yet in the database (nor earlier in the same file): a row whose update, or
    one of whose workflow steps, the history does not hold."""
    seen: set[tuple] = set()
    out = []
    for e in entries:
        key = (e.kind, *_key(e).values())
        fresh_update = e.update and key not in seen and not rows.recorded(conn, e.kind, _key(e))
        if fresh_update or _steps_new(conn, e):
            out.append(e)
        seen.add(key)
    return out


class _Rehearsal(Exception):
    """Raised to roll back a dry run's records."""


def record(conn: Store, entries: list[Entry], *, today: dt.date, source: str = "the ledger",
           dry_run: bool = False) -> list[Entry]:
    """Append the new entries as updates, measurements, occurrence reports and workflow steps, in
    one transaction, through the functions the commands use (their rules, their refusals); returns
    what was recorded. A refused step is reported at its cell, every one, and nothing is written.
    A dry run records and rolls back, so that it refuses what the real import would."""
    problems: list[str] = []
    try:
        with conn.transaction():
            fresh = new_entries(conn, entries)
            recorded: set[tuple] = set()
            for e in fresh:
                _record_one(conn, e, today, problems, recorded)
            if problems or dry_run:
                raise _Rehearsal
    except _Rehearsal:
        pass
    if problems:
        raise refusal(problems, source)
    return fresh


def _record_one(conn: Store, e: Entry, today: dt.date, problems: list[str], recorded: set[tuple]) -> None:
    """One row: 签收 (dated its 签收日期), the request for extension, the update, the evidence named
    (dated its 填报日期); each refusal is added to `problems` at the cell that asked for it."""
    from qtrack.workflow import extension, handover

    common = {"date": e.date, "today": today, "note": e.note, "by": e.by, "command": "import-progress"}
    steps = _steps_new(conn, e)
    update_id, part = None, "ack"
    try:
        if "ack" in steps:
            handover.acknowledge(conn, e.id, dept=e.department, date=e.ack, today=today)
        part = "extend"
        if "extend" in steps:
            extension.request(conn, e.id, dept=e.department, to=e.extend_to, reason=e.extend_reason,
                              date=e.date, today=today)
        part = "update"
        key = (e.kind, *_key(e).values())
        if e.update and key not in recorded and not rows.recorded(conn, e.kind, _key(e)):
            recorded.add(key)
            if e.kind == "task":
                update_id = updates.record_update(conn, e.id, status=e.status, progress=e.progress, **common)
            elif e.kind == "target":
                updates.record_measurement(conn, e.id, e.value, **common)
            else:
                updates.record_occurrence(conn, e.id, e.period, status=e.status, **common)
        part = "evidence"
        if "evidence" in steps:
            from qtrack import evidence

            named = rows.evidence_named(conn, e.id)
            evidence.name_only(conn, e.id, [n for n in e.evidence if n not in named], update_id=update_id,
                               date=e.date, by=e.by, command="import-progress")
    except QtrackError as exc:
        where = e.cells.get(part, e.where)
        problems.append(f"{where}: {exc}")


def describe(e: Entry) -> str:
    """What the entry records, in the words of the sheet: 进行中 40%, = 92.5, 已完成."""
    from qtrack.cli.views import OCCURRENCE
    from qtrack.status import CHINESE

    if e.kind == "target":
        return f"= {e.value:g}"
    if e.kind == "duty":
        return {"done": OCCURRENCE["met"], "todo": OCCURRENCE["missed"], "dropped": OCCURRENCE["waived"]}[e.status]
    steps = [f"签收 {e.ack}" if e.ack else "", f"申请延期至 {e.extend_to}" if e.extend_to else "",
             f"佐证 {len(e.evidence)} 件" if e.evidence else ""]
    return " ".join(x for x in (CHINESE.get(e.status or "", ""), "" if e.progress is None else f"{e.progress}%",
                                *steps) if x)
