"""Commands that answer "where do things stand": `status`, `overdue` and `depts`."""

from __future__ import annotations

import typer

from qtrack.cli.options import AsOfOpt, DbOpt, DeptOpt, Format, FormatOpt, PlanOpt, open_db

app = typer.Typer()


def _dept_columns() -> list:
    from qtrack.output import Column

    return [Column("department", "部门", no_wrap=True), Column("lead", "牵头", "right"),
            Column("support", "配合", "right"), Column("open", "未完成", "right"),
            Column("done", "已完成", "right"), Column("overdue", "逾期", "right"),
            Column("overdue_lead", "牵头逾期", "right")]


@app.command("status")
def status(dept: DeptOpt = None, plan: PlanOpt = None, db: DbOpt = None, fmt: FormatOpt = Format.table,
           as_of: AsOfOpt = None) -> None:
    """Where things stand: per plan and per department, or one department's tasks, lead ones first."""
    from qtrack import dates, queries, refs
    from qtrack.cli.task_cmds import dept_filter, task_columns
    from qtrack.output import Column, console, emit, table, write_csv, write_json

    today = dates.today(as_of)
    conn = open_db(db)
    plan_id = refs.plan_id(conn, plan) if plan else None
    if dept:
        dept_id, name = dept_filter(conn, dept)
        rows = queries.tasks(conn, as_of=today, plan=plan_id, dept_id=dept_id)
        lead = sum(r["role"] == "lead" for r in rows)
        late = sum(bool(r["days_late"]) for r in rows)
        emit(rows, task_columns(role=True), fmt.value, title=f"{name} as of {today}", empty="no tasks",
             caption=f"leads {lead}, supports {len(rows) - lead}; {late} overdue")
        return
    plans = queries.plan_status(conn, as_of=today, plan=plan_id)
    depts = queries.departments(conn, as_of=today, plan=plan_id)
    if fmt is Format.json:
        return write_json({"as_of": today.isoformat(), "plans": plans, "departments": depts})
    if fmt is Format.csv:
        return write_csv([{"scope": "plan", **p} for p in plans] +
                         [{"scope": "department", **d} for d in depts])
    out = console()
    counts = [Column(k, h, "right") for k, h in (("tasks", "任务"), ("todo", "未开始"), ("doing", "进行中"),
                                                  ("done", "已完成"), ("blocked", "受阻"), ("dropped", "已取消"),
                                                  ("overdue", "逾期"))]
    out.print(table(plans, [Column("plan", "计划", no_wrap=True), *counts], title=f"plans as of {today}"))
    out.print(table(depts, _dept_columns(), title="departments, most overdue first"))


@app.command("overdue")
def overdue(dept: DeptOpt = None, plan: PlanOpt = None, db: DbOpt = None, fmt: FormatOpt = Format.table,
            as_of: AsOfOpt = None) -> None:
    """What is late as of a date (not done, due before it), worst first, with the lead department."""
    from qtrack import dates, queries, refs
    from qtrack.cli.task_cmds import dept_filter, task_columns
    from qtrack.output import emit

    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, name = dept_filter(conn, dept)
    rows = queries.tasks(conn, as_of=today, plan=refs.plan_id(conn, plan) if plan else None,
                         dept_id=dept_id, late_only=True)
    emit(rows, task_columns(role=dept_id is not None), fmt.value,
         title=f"overdue as of {today}" + (f": {name}" if name else ""),
         empty="nothing is overdue", caption=f"{len(rows)} overdue", row_style=lambda r: "red")


@app.command("depts")
def depts(plan: PlanOpt = None, db: DbOpt = None, fmt: FormatOpt = Format.table, as_of: AsOfOpt = None) -> None:
    """Every department with its load: tasks led and supported, open, done and overdue."""
    from qtrack import dates, queries, refs
    from qtrack.output import Column, emit, names

    today = dates.today(as_of)
    conn = open_db(db)
    rows = queries.departments(conn, as_of=today, plan=refs.plan_id(conn, plan) if plan else None)
    emit(rows, [*_dept_columns(), Column("aliases", "别名", show=names)], fmt.value,
         title=f"departments as of {today}", empty="no departments")
