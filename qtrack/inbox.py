"""The office's inbox (交办): items that are in no document — a leader's instruction (领导批示), a
meeting's decision (会议议定) — kept as the tasks of the office's own plan (id `inbox` unless given),
numbered in order (inbox/1, inbox/2, …) and tracked like any other task.

The inbox is a plan file that qtrack keeps: `add` writes the inbox as a plan file with one more
item and imports it, through the same importer as any file, so that what `export --format yaml`
writes is exactly what is stored, and importing it again changes nothing. Where an item came
from, and the day it was handed on, are kept in inbox_item (as of an earlier day it does not
exist) and said in the item's notes, which the file carries.

A plan is an inbox when its items were handed on by `add`. Its items change only through
qtrack's commands: a plan file that would change one is refused (store it under another id).
A plan that came from a file takes no item from `add`: its tasks come from its file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qtrack import dates
from qtrack.errors import QtrackError
from qtrack.store import inbox as stored
from qtrack.store import utc_now
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

DEFAULT_ID = "inbox"
TITLE = "交办事项"
NOTES = "督查室自行交办的事项(领导批示、会议议定等),不出自文件;由 qtrack add 登记"
SOURCE_PATH = "(qtrack add)"  # the plan's path: it came from no file


def to_yaml(plan_id: str, title: str, items: list[dict]) -> str:
    """The inbox as a format-1 plan file: one section, every item a task in order."""
    from qtrack.draft.writer import names, scalar

    lines = ["# The office's own items (交办), written by qtrack. Imported into this database again it changes",
             "# nothing; into another, it is a plan from this file there.",
             "qtrack: 1", "plan:", f"  id: {scalar(plan_id)}", f"  title: {scalar(title)}", f"  notes: {scalar(NOTES)}",
             "sections:" + ("" if items else " []")]
    if items:
        lines += ['  - code: "1"', f"    title: {scalar(title)}", "    tasks:"]
    for item in items:
        lines += [f"      - code: {scalar(str(item['code']))}", f"        title: {scalar(item['title'])}"]
        if item["text"]:
            lines.append(f"        text: {scalar(item['text'])}")
        lines += [f"        lead: {names(item['lead'])}", f"        support: {names(item['support'])}",
                  f"        due: {scalar(_day(item['due']))}", f"        notes: {scalar(item['notes'])}"]
    return "\n".join(lines) + "\n"


def _day(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def export_yaml(conn: Store, plan_id: str) -> tuple[str, int]:
    """(the inbox `plan_id` as a plan file, its number of items); a plan from a file is refused."""
    found = stored.plan(conn, plan_id)
    if found is None or not found["inbox"]:
        raise QtrackError(_("plan {plan_id} came from {path}: that file is its plan file already; --format yaml "
                             "writes an office's inbox (qtrack add)").format(
                              plan_id=plan_id, path=found['path']))
    items = stored.items(conn, plan_id)
    return to_yaml(plan_id, found["title"], items), len(items)


def add(conn: Store, *, title: str, lead: list[str], support: list[str], due: dt.date, date: dt.date,
        today: dt.date, by: str, source: str | None = None, text: str | None = None,
        plan_id: str = DEFAULT_ID) -> str:
    """Hand on one item: the next task of the inbox `plan_id` (made on the first item); its ref."""
    from qtrack import importer
    from qtrack.planfile import parse_plan

    dates.not_ahead(date, today=today, what=_("an item"))
    if due < date:
        raise QtrackError(_("--due {due} is before the day the item is handed on ({date})").format(
                              due=due, date=date))
    if not lead:
        raise QtrackError(_("--lead: name the department that leads the item"))
    both = sorted(set(lead) & set(support))
    if both:
        raise QtrackError(_("{both} cannot both lead and support the item").format(both='、'.join(both)))
    with conn.transaction():
        found = stored.plan(conn, plan_id)
        if found is not None and not found["inbox"]:
            raise QtrackError(_("plan {plan_id} came from {path}: its tasks come from its file; hand the item on in an "
                                 "inbox of its own (--plan ID)").format(
                                  plan_id=plan_id, path=found['path']))
        code = str(stored.task_count(conn, plan_id) + 1) if found else "1"
        notes = f"{source or '交办'}, {date} 交办 ({by})"
        item = {"code": code, "title": title, "text": text, "lead": lead, "support": support,
                "due": due, "notes": notes}
        items = stored.items(conn, plan_id) if found else []
        spec = parse_plan(to_yaml(plan_id, found["title"] if found else TITLE, [*items, item]),
                          f"{plan_id} {SOURCE_PATH}", default_id=plan_id)
        spec.path = SOURCE_PATH
        importer.import_plans(conn, [spec], by=by, command="add", strict=True, inbox=plan_id)
        stored.add_item(conn, {"task_id": stored.task_id(conn, plan_id, code), "source": source,
                               "date": date.isoformat(), "recorded_at": utc_now(), "by": by, "command": "add"})
    return f"{plan_id}/{code}"


def not_yet(conn: Store, task_id: int, ref: str, day: dt.date, what: str) -> None:
    """Refuse `what` on `day` when the task is an inbox item handed on after it."""
    handed = stored.handed_on(conn, task_id)
    if handed and handed > day.isoformat():
        raise QtrackError(_("{ref} was handed on on {handed}: {what} {day} is before it existed").format(
                              ref=ref, handed=handed, what=what, day=day))
