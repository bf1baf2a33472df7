"""Commands that answer "where do things stand": `status`, `overdue` and `depts`."""

from __future__ import annotations

import typer

from qtrack.cli.options import (AsOfOpt, DbOpt, DeptOpt, Format, FormatOpt, LimitOpt, PlanOpt, ToleranceOpt,
                                WarnOpt, left_out, open_db, page_size)

app = typer.Typer()


@app.command("status")
def status(dept: DeptOpt = None, plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None,
           fmt: FormatOpt = Format.table, as_of: AsOfOpt = None, warn_days: WarnOpt = None,
           tolerance: ToleranceOpt = None) -> None:
    """Where things stand: a scoreboard per department (worst first) and per plan, or one
    department's tasks, lead ones first, with their lights.

    Per department the counts are over the tasks it leads; 达成率 is the share done of what
    was due by the as-of date. --limit pages one department's tasks; the scoreboard is whole.
    """
    from qtrack import dates, refs
    from qtrack.store import queries
    from qtrack.cli.task_cmds import dept_filter, task_columns
    from qtrack.lights import LightRule
    from qtrack.output import Column, console, emit, percent, table, write_csv, write_json

    today = dates.today(as_of)
    rule = LightRule.from_settings(warn_days, tolerance)
    conn = open_db(db)
    plan_id = refs.plan_id(conn, plan) if plan else None
    if dept:
        dept_id, name = dept_filter(conn, dept)
        size = page_size(limit, fmt)
        page = queries.task_page(conn, as_of=today.isoformat(), rule=rule, plan=plan_id, dept_id=dept_id, limit=size,
                                 tally=True)
        n = page.counts
        emit(page.rows, task_columns(role=True), fmt.value, title=f"{name} as of {today}", empty="no tasks",
             caption=f"leads {n['lead']}, supports {page.total - n['lead']}; {n['red']} red, {n['amber']} amber",
             more=left_out(page.total, size), keys=queries.task_keys(role=True))
        return
    board = queries.scoreboard(conn, as_of=today.isoformat(), rule=rule, plan=plan_id)
    if fmt is Format.json:
        return write_json(board)
    if fmt is Format.csv:
        return write_csv([{"scope": "plan", **p} for p in board["plans"]] +
                         [{"scope": "department", **d} for d in board["departments"]])
    score = [Column("done", "完成", "right"), Column("red", "红", "right", style="red"),
             Column("amber", "黄", "right", style="yellow"), Column("due_now", "已到期", "right"),
             Column("rate", "达成率", "right", percent)]
    out = console()
    out.print(table(board["plans"], [
        Column("plan", "计划", no_wrap=True), Column("tasks", "任务", "right"), *score,
        Column("targets_met", "指标达标", "right"), Column("targets_not_met", "未达标", "right"),
        Column("duties_missed", "漏报", "right")], title=f"plans as of {today}"))
    out.print(table(board["departments"], [
        Column("department", "部门", no_wrap=True), Column("lead", "牵头", "right"),
        Column("support", "配合", "right"), *score],
        title="departments, worst first (counts over the tasks each leads)"))


@app.command("overdue")
def overdue(dept: DeptOpt = None, plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None,
            fmt: FormatOpt = Format.table, as_of: AsOfOpt = None) -> None:
    """What is late as of a date, worst first: tasks not done by their due date, and duty
    occurrences (reports, meetings) not met by theirs, each with its lead department."""
    import heapq
    import itertools

    from qtrack import dates, refs
    from qtrack.store import queries
    from qtrack.cli.task_cmds import dept_filter, task_columns
    from qtrack.output import emit

    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, name = dept_filter(conn, dept)
    plan_id = refs.plan_id(conn, plan) if plan else None
    size = page_size(limit, fmt)
    late = queries.task_page(conn, as_of=today.isoformat(), plan=plan_id, dept_id=dept_id, late_only=True, limit=size)
    missed = [o for o in queries.duty_occurrences(conn, as_of=today.isoformat(), plan=plan_id, dept_id=dept_id)
              if o["state"] == "missed"]
    for o in missed:
        o.update(status="missed", light="red", progress=None)
    # Late tasks come from SQL already worst first (earliest due); the few missed occurrences
    # are sorted here and merged in, so only the page of tasks is ever fetched.
    rows = heapq.merge(late.rows, sorted(missed, key=_worst_first), key=_worst_first)
    emit(itertools.islice(rows, size), task_columns(), fmt.value,
         title=f"overdue as of {today}" + (f": {name}" if name else ""), empty="nothing is overdue",
         caption=f"{late.total} tasks late, {len(missed)} duty occurrences missed",
         more=left_out(late.total + len(missed), size))


def _worst_first(row: dict) -> tuple:
    return -row["days_late"], row["plan"]


@app.command("depts")
def depts(plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None, fmt: FormatOpt = Format.table,
          as_of: AsOfOpt = None) -> None:
    """Every department with its load: tasks led and supported, open, done and overdue."""
    from qtrack import dates, refs
    from qtrack.store import queries
    from qtrack.output import Column, emit, names

    today = dates.today(as_of)
    conn = open_db(db)
    size = page_size(limit, fmt)
    page = queries.department_page(conn, as_of=today.isoformat(), plan=refs.plan_id(conn, plan) if plan else None,
                                   limit=size)
    emit(page.rows, [Column("department", "部门", no_wrap=True), Column("lead", "牵头", "right"),
                Column("support", "配合", "right"), Column("open", "未完成", "right"),
                Column("done", "已完成", "right"), Column("overdue", "逾期", "right"),
                Column("overdue_lead", "牵头逾期", "right"), Column("aliases", "别名", show=names)],
         fmt.value, title=f"departments as of {today}", empty="no departments", more=left_out(page.total, size))
