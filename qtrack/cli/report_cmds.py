"""Commands that answer "where do things stand": `status`, `overdue` and `depts`."""

from __future__ import annotations

from typing import Annotated

import typer

from qtrack.i18n import _, ngettext
from qtrack.cli.options import (AsOfOpt, DbOpt, DeptOpt, FormatOpt, LimitOpt, PlanOpt, ToleranceOpt, WarnOpt,
                                left_out, open_db, page_size)

app = typer.Typer()
LATE = 3  # overdue --exit-code: something is late (1 is an error, 2 a usage error)


@app.command("status")
def status(dept: DeptOpt = None, plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None,
           fmt: FormatOpt = "table", as_of: AsOfOpt = None, warn_days: WarnOpt = None,
           tolerance: ToleranceOpt = None) -> None:
    """Where things stand: a scoreboard per department (worst first) and per plan, or one
    department's tasks, lead ones first, with their lights.

    Per department the counts are over the tasks it leads; 达成率 is the share done of what
    was due by the as-of date. --limit pages one department's tasks, or the scoreboard's plans.
    """
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note, dept_filter, from_context, plan_filter, task_columns
    from qtrack.lights import LightRule
    from qtrack.output import Output, render

    plan, dept = from_context("plan", plan), from_context("dept", dept)
    today = dates.today(as_of)
    rule = LightRule.from_settings(warn_days, tolerance)
    conn = open_db(db)
    plan_id = plan_filter(conn, plan)
    if dept:
        dept_id, name = dept_filter(conn, dept)
        size = page_size(limit, fmt)
        page = queries.task_page(conn, as_of=today.isoformat(), rule=rule, plan=plan_id, dept_id=dept_id, limit=size,
                                 tally=True)
        n = page.counts
        from qtrack import cycles
        from qtrack.store import chase

        missed = len(cycles.missed(conn, as_of=today, plan=plan_id, dept_id=dept_id))
        chased = chase.per_department(conn, as_of=today.isoformat(), plan=plan_id).get(name, {}).get("chases", 0)
        render(Output(page.rows, task_columns(role=True), title=_("{name} as of {date}").format(name=name, date=today),
                      empty=_("no tasks"),
                      caption=_("leads {lead}, supports {support}; {red} red, {amber} amber; {missed} reports missed, "
                                "chased {chased} times").format(lead=n["lead"], support=page.total - n["lead"],
                                                                red=n["red"], amber=n["amber"], missed=missed,
                                                                chased=chased),
                      more=left_out(page.total, size), keys=queries.task_keys(role=True), note=context_note()), fmt)
        return
    board = queries.scoreboard(conn, as_of=today.isoformat(), rule=rule, plan=plan_id)
    _missed_and_chased(conn, board, today, plan_id)
    rows = [{"scope": "plan", **p} for p in board["plans"]] + [{"scope": "department", **d} for d in board["departments"]]
    render(Output(rows, document=board, view=lambda: _scoreboard(board, today, limit, fmt), note=context_note()), fmt)


def _missed_and_chased(conn, board: dict, today, plan_id: str | None) -> None:
    """Give the scoreboard's rows the reports missed (漏报, per plan and per lead department) and
    the chases each department was sent, with how many were yellow and red."""
    from qtrack import cycles
    from qtrack.store import chase

    per_plan: dict[str, int] = {}
    per_dept: dict[str, int] = {}
    for p in cycles.missed(conn, as_of=today, plan=plan_id):
        per_plan[p["plan"]] = per_plan.get(p["plan"], 0) + 1
        for name in p["lead"]:
            per_dept[name] = per_dept.get(name, 0) + 1
    chased = chase.per_department(conn, as_of=today.isoformat(), plan=plan_id)
    for row in board["plans"]:
        row["reports_missed"] = per_plan.get(row["plan"], 0)
    for row in board["departments"]:
        c = chased.get(row["department"], {})
        row.update(reports_missed=per_dept.get(row["department"], 0), chases=c.get("chases", 0),
                   chases_yellow=c.get("yellow", 0), chases_red=c.get("red", 0))


def _scoreboard(board: dict, today, limit: int | None, fmt: str) -> list:
    """The tables of the scoreboard: per plan, per department, and the workflow's."""
    from qtrack.output import Column, Output, percent

    score = [Column("done", "完成", "right"), Column("red", "红", "right", style="red"),
             Column("amber", "黄", "right", style="yellow"), Column("due_now", "已到期", "right"),
             Column("rate", "达成率", "right", percent)]
    size = page_size(limit, fmt)  # thousands of plans: a screenful, as every listing pages
    more = left_out(len(board["plans"]), size)
    return [Output(board["plans"][:size], [
        Column("plan", "计划", no_wrap=True), Column("tasks", "任务", "right"), *score,
        Column("targets_met", "指标达标", "right"), Column("targets_not_met", "未达标", "right"),
        Column("duties_missed", "漏报", "right")], title=_("plans as of {date}").format(date=today)),
        *([_("… {n} more plans (use --limit 0 for all)").format(n=more)] if more else []), Output(board["departments"], [
            Column("department", "部门", min_width=12), Column("lead", "牵头", "right"),
            Column("support", "配合", "right"), *score, Column("reports_missed", "进展漏报", "right"),
            Column("chases", "催办", "right")],
        title=_("departments, worst first (counts over the tasks each leads)")),
        _workflow(board["departments"])]


def _workflow(departments: list[dict]):
    """The supervision workflow per department: 签收, 退回, 销号, 延期, and 按期办结率 against the
    plan's own due dates (an extension does not make a late task on time)."""
    from qtrack.output import Column, Output, percent

    return Output([d for d in departments if d["lead"]], [
        Column("department", "部门", min_width=12), Column("unacked", "未签收", "right"),
        Column("ack_late", "迟签", "right"), Column("declined", "退回", "right"),
        Column("claimed", "待销号", "right"), Column("closed", "办结", "right"),
        Column("extended", "延期", "right"), Column("pending", "待批", "right"),
        Column("on_time_rate", "按期率", "right", percent)],
        title=_("the workflow (督办), by department"))


@app.command("overdue")
def overdue(dept: DeptOpt = None, plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None,
            fmt: FormatOpt = "table", as_of: AsOfOpt = None,
            exit_code: Annotated[bool, typer.Option(
                "--exit-code", help=f"Exit {LATE} when anything is late (for scripts and monitoring).")] = False) -> None:
    """What is late as of a date, worst first: tasks not done by their due date, progress reports
    missed (漏报, PLAN/CODE@PERIOD, where the plan sets a reporting cycle) and duty occurrences
    (reports, meetings) not met by theirs, each with its lead department."""
    import heapq
    import itertools

    from qtrack import cycles, dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note, dept_filter, from_context, plan_filter, task_columns
    from qtrack.output import Output, render

    plan, dept = from_context("plan", plan), from_context("dept", dept)
    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, name = dept_filter(conn, dept)
    plan_id = plan_filter(conn, plan)
    size = page_size(limit, fmt)
    late = queries.task_page(conn, as_of=today.isoformat(), plan=plan_id, dept_id=dept_id, late_only=True, limit=size)
    missed = [o for o in queries.duty_occurrences(conn, as_of=today.isoformat(), plan=plan_id, dept_id=dept_id)
              if o["state"] == "missed"]
    reports = [cycles.public(p) for p in cycles.missed(conn, as_of=today, plan=plan_id, dept_id=dept_id)]
    for o in missed + reports:
        o.update(status="missed", light="red", progress=None)
    # Late tasks come from SQL already worst first (earliest due); the few missed occurrences
    # are sorted here and merged in, so only the page of tasks is ever fetched.
    rows = heapq.merge(late.rows, sorted(missed + reports, key=_worst_first), key=_worst_first)
    # A task claimed done awaiting 销号 is not late, nor closed: the caption says how many wait.
    claimed = queries.task_page(conn, as_of=today.isoformat(), plan=plan_id, dept_id=dept_id, stages=["claimed"],
                                limit=0).total
    render(Output(itertools.islice(rows, size), task_columns(),
                  title=_("overdue as of {date}").format(date=today) + (f": {name}" if name else ""),
                  empty=_("nothing is overdue"),
                  caption=ngettext("{n} task late, ", "{n} tasks late, ", late.total).format(n=late.total)
                          + (ngettext("{n} report missed, ", "{n} reports missed, ", len(reports)).format(
                              n=len(reports)) if reports else "")
                          + ngettext("{n} duty occurrence missed", "{n} duty occurrences missed",
                                     len(missed)).format(n=len(missed))
                          + (_("; {n} claimed done await 销号 (待销号, not late)").format(n=claimed) if claimed else ""),
                  more=left_out(late.total + len(reports) + len(missed), size), note=context_note()), fmt)
    if exit_code and (late.total or reports or missed):
        raise typer.Exit(LATE)


def _worst_first(row: dict) -> tuple:
    return -row["days_late"], row["plan"]


@app.command("depts")
def depts(plan: PlanOpt = None, limit: LimitOpt = None, db: DbOpt = None, fmt: FormatOpt = "table",
          as_of: AsOfOpt = None) -> None:
    """Every department with its load: tasks led and supported, open, done and overdue."""
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note, from_context, plan_filter
    from qtrack.output import Column, Output, names, render

    plan = from_context("plan", plan)
    today = dates.today(as_of)
    conn = open_db(db)
    size = page_size(limit, fmt)
    page = queries.department_page(conn, as_of=today.isoformat(), plan=plan_filter(conn, plan), limit=size)
    render(Output(page.rows, [
        Column("department", "部门", min_width=12), Column("lead", "牵头", "right"), Column("support", "配合", "right"),
        Column("open", "未完成", "right"), Column("done", "已完成", "right"), Column("overdue", "逾期", "right"),
        Column("overdue_lead", "牵头逾期", "right"), Column("aliases", "别名", show=names)],
        title=_("departments as of {date}").format(date=today), empty=_("no departments"), more=left_out(page.total, size),
        note=context_note()), fmt)
