"""Commands about tasks: `tasks` (a filtered listing), `show` (one task whole) and `update`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtrack.cli.options import AsOfOpt, DbOpt, DeptOpt, Format, FormatOpt, PlanOpt, open_db

app = typer.Typer()


def task_columns(*, role: bool = False) -> list:
    """The columns of a task listing; shared by tasks, status --dept and overdue."""
    from qtrack.output import Column, names
    from qtrack.status import CHINESE

    def days(_, row: dict) -> str:
        if row["days_late"]:
            return f"逾期{row['days_late']}天"
        if row["days_left"] is not None:
            return "今天到期" if row["days_left"] == 0 else f"剩{row['days_left']}天"
        return ""

    columns = [Column("ref", "任务", no_wrap=True), Column("title", "标题")]
    if role:
        columns.append(Column("role", "角色", show=lambda v, r: {"lead": "牵头", "support": "配合"}[v], no_wrap=True))
    columns += [
        Column("lead", "牵头", show=names),
        Column("due", "时限", no_wrap=True),
        Column("days", "逾期/剩余", "right", days, no_wrap=True),
        Column("status", "状态", show=lambda v, r: CHINESE[v], no_wrap=True),
        Column("progress", "进度", "right", lambda v, r: f"{v}%", no_wrap=True),
    ]
    return columns


def dept_filter(conn, dept: str | None) -> tuple[int | None, str | None]:
    from qtrack import refs

    return refs.department(conn, dept) if dept else (None, None)


@app.command("tasks")
def tasks(
    plan: PlanOpt = None,
    dept: DeptOpt = None,
    role: Annotated[Optional[str], typer.Option(
        "--role", metavar="lead|support", help="With --dept: only tasks it leads, or supports.")] = None,
    status: Annotated[Optional[list[str]], typer.Option(
        "--status", "-s", metavar="STATUS", help="Only these statuses (repeat, or comma-separate; 中文 too).")] = None,
    due_before: Annotated[Optional[str], typer.Option("--due-before", metavar="DATE", help="Due before DATE.")] = None,
    due_after: Annotated[Optional[str], typer.Option("--due-after", metavar="DATE", help="Due after DATE.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", metavar="TEXT", help="Text in the title or the task's text.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include retired tasks (no longer in their plan file).")] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    as_of: AsOfOpt = None,
) -> None:
    """Tasks, in document order, filtered by plan, department, role, status, due date or text."""
    from qtrack import dates, queries, refs
    from qtrack.errors import QtrackError
    from qtrack.output import emit
    from qtrack.status import parse_status

    if role and role not in ("lead", "support"):
        raise QtrackError(f"--role {role!r}: use lead or support")
    if role and not dept:
        raise QtrackError("--role needs --dept: whose role?")
    statuses = [parse_status(s) for given in status or [] for s in given.replace("，", ",").split(",") if s.strip()]
    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, dept_name = dept_filter(conn, dept)
    rows = queries.tasks(
        conn, as_of=today, plan=refs.plan_id(conn, plan) if plan else None, dept_id=dept_id, role=role,
        statuses=statuses, search=search, include_retired=all_,
        due_before=dates.parse_date(due_before, what="--due-before") if due_before else None,
        due_after=dates.parse_date(due_after, what="--due-after") if due_after else None)
    title = "tasks" + (f" of {dept_name}" if dept_name else "") + (f" in {plan}" if plan else "")
    emit(rows, task_columns(role=dept_id is not None), fmt.value, title=title, empty="no tasks match",
         caption=f"{len(rows)} tasks as of {today}", row_style=lambda r: "dim" if r.get("retired") else None)


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A task: PLAN/CODE, e.g. 2016/3.")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    as_of: AsOfOpt = None,
) -> None:
    """One task whole: its text, departments by role, dates, phase, targets and every update."""
    from qtrack import dates, queries, refs
    from qtrack.output import console, write_csv, write_json

    conn = open_db(db)
    detail = queries.task_detail(conn, refs.task_id(conn, ref), as_of=dates.today(as_of))
    if fmt is Format.json:
        return write_json(detail)
    if fmt is Format.csv:
        return write_csv(detail["updates"])
    from qtrack.cli.task_view import render_task

    console().print(render_task(detail))


@app.command("update")
def update(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A task: PLAN/CODE, e.g. 2016/3.")],
    status: Annotated[Optional[str], typer.Option("--status", "-s", help="todo, doing, done, blocked, dropped (or 未开始, 进行中, 已完成, 受阻, 已取消).")] = None,
    progress: Annotated[Optional[int], typer.Option("--progress", "-p", metavar="0-100", help="Per cent done.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="What happened (最新进展).")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who reports it [default: your login name].")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="The day it is reported for [default: today].")] = None,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record progress on a task. Appended, dated and signed; `done` implies 100%."""
    from qtrack import dates, refs
    from qtrack.output import console
    from qtrack.status import CHINESE, parse_status
    from qtrack.updates import record_update

    today = dates.today(as_of)
    parsed = parse_status(status) if status is not None else None
    when = dates.parse_date(date, what="--date") if date else today
    conn = open_db(db)
    task = refs.task_id(conn, ref)
    update_id = record_update(conn, task, date=when, today=today, status=parsed, progress=progress, note=note, by=by)
    row = conn.execute("SELECT by, status, progress FROM task_update WHERE id = ?", (update_id,)).fetchone()
    what = ", ".join(x for x in (CHINESE.get(row["status"] or ""), f"{row['progress']}%" if row["progress"] is not None else "",
                                 "note" if note else "") if x)
    console().print(f"recorded {ref.strip()} on {when}: {what} (by {row['by']})", markup=False, soft_wrap=True)
