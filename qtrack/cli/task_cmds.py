"""Commands about tasks: `tasks` (a filtered listing), `show` (one task, target or duty whole) and `update`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtrack.i18n import _
from qtrack.cli.options import (AsOfOpt, complete_refs, ByOpt, DbOpt, DeptOpt, EvidenceOpt, FormatOpt, LimitOpt, NoteOpt, PlanOpt, ToleranceOpt,
                                WarnOpt, left_out, open_db, page_size)

app = typer.Typer()


@app.command("tasks")
def tasks(
    plan: PlanOpt = None,
    dept: DeptOpt = None,
    role: Annotated[Optional[str], typer.Option(
        "--role", metavar="lead|support", help="With --dept: only tasks it leads, or supports.")] = None,
    status: Annotated[Optional[list[str]], typer.Option(
        "--status", "-s", metavar="STATUS", help="Only these statuses (repeat, or comma-separate; 中文 too).")] = None,
    light: Annotated[Optional[list[str]], typer.Option(
        "--light", metavar="red|amber|green", help="Only tasks with these lights (repeat, or comma-separate).")] = None,
    due_before: Annotated[Optional[str], typer.Option("--due-before", metavar="DATE", help="Due before DATE.")] = None,
    due_after: Annotated[Optional[str], typer.Option("--due-after", metavar="DATE", help="Due after DATE.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", metavar="TEXT", help="Text in the title or the task's text.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include retired tasks (no longer in their plan file).")] = False,
    unacked: Annotated[bool, typer.Option("--unacked", help="Only tasks their lead has not acknowledged (未签收).")] = False,
    limit: LimitOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    as_of: AsOfOpt = None,
    warn_days: WarnOpt = None,
    tolerance: ToleranceOpt = None,
) -> None:
    """Tasks, in document order, filtered by plan, department, role, status, light, due date or text."""
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note, dept_filter, from_context, plan_filter, task_columns
    from qtrack.errors import QtrackError
    from qtrack.lights import LIGHTS, LightRule
    from qtrack.output import Output, render
    from qtrack.status import parse_status

    plan, dept = from_context("plan", plan), from_context("dept", dept)
    if role and role not in ("lead", "support"):
        raise QtrackError(_("--role {role!r}: use lead or support").format(role=role))
    if role and not dept:
        raise QtrackError(_("--role needs --dept: whose role?"))
    statuses = [parse_status(s) for s in _split(status)]
    lights = _split(light)
    for word in lights:
        if word not in LIGHTS:
            raise QtrackError(_("--light {word!r}: use red, amber or green").format(word=word))
    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, dept_name = dept_filter(conn, dept)
    size = page_size(limit, fmt)
    page = queries.task_page(
        conn, as_of=today.isoformat(), rule=LightRule.from_settings(warn_days, tolerance),
        plan=plan_filter(conn, plan), dept_id=dept_id, role=role,
        statuses=statuses, lights_=lights, search=search, include_retired=all_, stages=["unacked"] if unacked else [],
        due_before=dates.parse_date(due_before, what="--due-before").isoformat() if due_before else None,
        due_after=dates.parse_date(due_after, what="--due-after").isoformat() if due_after else None, limit=size)
    title = (_("tasks not acknowledged (未签收)") if unacked else _("tasks")) + (
        _(" of {dept}").format(dept=dept_name) if dept_name else "") + (_(" in {plan}").format(plan=plan) if plan else "")
    render(Output(page.rows, task_columns(role=dept_id is not None), title=title, empty=_("no tasks match"),
                  caption=_("{n} tasks as of {date}").format(n=page.total, date=today), row_style=lambda r: "dim" if r.get("retired") else None,
                  more=left_out(page.total, size), keys=queries.task_keys(role=dept_id is not None, retired=all_),
                  note=context_note()), fmt)


def _split(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists (ASCII or full-width comma) alike."""
    return [v.strip() for given in values or [] for v in given.replace("，", ",").split(",") if v.strip()]


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A task, target or duty: PLAN/CODE, e.g. 2016/3, 2016/T1, 2016/D1.", autocompletion=complete_refs)],
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    as_of: AsOfOpt = None,
    warn_days: WarnOpt = None,
    tolerance: ToleranceOpt = None,
) -> None:
    """One task whole (text, departments, dates, phase, targets, every update); or a target with
    its measurements; or a duty with every occurrence so far, met or missed."""
    from qtrack import dates, refs
    from qtrack.store import queries
    from qtrack.cli import views
    from qtrack.lights import LightRule
    from qtrack.output import Output, render

    today = dates.today(as_of)
    conn = open_db(db)
    found = refs.resolve(conn, ref)
    if found.kind == "task":
        from qtrack.inbox import not_yet

        not_yet(conn, found.id, found.ref, today, "as of")
        detail = queries.task_detail(conn, found.id, as_of=today.isoformat(),
                                     rule=LightRule.from_settings(warn_days, tolerance))
        from qtrack.store import evidence

        detail["evidence"] = evidence.of_task(conn, found.id, as_of=today.isoformat())
        history, view = detail["updates"], views.task
        _reports_and_chases(conn, detail, found.id, today)
    elif found.kind == "target":
        [detail] = queries.targets(conn, as_of=today.isoformat(), target_id=found.id)
        detail["measurements"] = queries.measurements(conn, found.id, as_of=today.isoformat())
        history, view = detail["measurements"], views.target
    else:
        detail = queries.duty_detail(conn, found.id, as_of=today.isoformat())
        history, view = detail["occurrences"], views.duty
    # JSON carries the whole of it, CSV (and any row format) its history, the table a layout of its own.
    render(Output(history, document=detail, view=lambda: view(detail)), fmt)


def _reports_and_chases(conn, detail: dict, task_id: int, today) -> None:
    """A task's reporting periods (where its plan sets a cycle) and the chases that asked for it."""
    from qtrack import cycles
    from qtrack.chase import record

    detail["reports"] = [cycles.public(p) for p in cycles.report_periods(conn, as_of=today, task_id=task_id)]
    detail["chases"] = record.of_task(conn, task_id, as_of=today.isoformat())


@app.command("update")
def update(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A task (2016/3) or a duty occurrence (2016/D1@2016-03).", autocompletion=complete_refs)],
    status: Annotated[Optional[str], typer.Option("--status", "-s", help="todo, doing, done, blocked, dropped (or 未开始, 进行中, 已完成, 受阻, 已取消).")] = None,
    progress: Annotated[Optional[int], typer.Option("--progress", "-p", metavar="0-100", help="Per cent done.")] = None,
    note: NoteOpt = None,
    by: ByOpt = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="The day it is reported for \\[default: today].")] = None,
    evidence: EvidenceOpt = None,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record progress on a task, or that a duty occurrence was met (--status done).

    Appended, dated and signed, never rewritten: a correction is a new update. `done` implies 100%.
    """
    from qtrack import dates, refs, updates
    from qtrack.store import evidence as stored_evidence
    from qtrack.store import updates as stored_updates
    from qtrack.store import workflow as stored_workflow
    from qtrack.errors import QtrackError
    from qtrack.output import console
    from qtrack.status import CHINESE, parse_status

    today = dates.today(as_of)
    parsed = parse_status(status) if status is not None else None
    when = dates.parse_date(date, what="--date") if date else today
    conn = open_db(db)
    found = refs.resolve(conn, ref)
    if found.kind == "target":
        raise QtrackError(_("{ref} is a target: record a value with `qtrack measure {ref} VALUE`").format(ref=found.ref))
    if found.kind == "duty" and not found.period:
        raise QtrackError(_("{ref} is a duty: name the occurrence, e.g. {ref}@{example}").format(
            ref=found.ref, example=found.example))
    if found.period:
        if evidence:
            raise QtrackError(_("--evidence attaches files to a task's update; a duty occurrence takes none"))
        if progress is not None:
            raise QtrackError(_("a duty occurrence is met or not: use --status done (or todo, dropped), not --progress"))
        updates.record_occurrence(conn, found.id, found.period, status=parsed, date=when, today=today,
                                  note=note, by=by)
        console().print(_("recorded {ref}@{period} on {date}: {status}").format(
            ref=found.ref, period=found.period, date=when, status=CHINESE[parsed]), soft_wrap=True)
        return
    from qtrack.inbox import not_yet

    not_yet(conn, found.id, found.ref, when, "progress dated")
    update_id = updates.record_update(conn, found.id, date=when, today=today, status=parsed, progress=progress,
                                      note=note, by=by, evidence=evidence or ())
    row = stored_updates.task_update(conn, update_id)
    kept = [e for e in stored_evidence.of_task(conn, found.id, as_of=when.isoformat()) if e["update_id"] == update_id]
    files = _("evidence {names}").format(names="、".join(e["name"] for e in kept)) if kept else ""
    what = ", ".join(x for x in (CHINESE.get(row["status"] or ""), f"{row['progress']}%" if row["progress"] is not None else "",
                                 _("note") if note else "", files) if x)
    claimed = row["status"] == "done" and stored_workflow.task_state(conn, found.id, as_of=when.isoformat())["review"]
    console().print(_("recorded {ref} on {date}: {what} (by {by})").format(ref=found.ref, date=when, what=what, by=row["by"])
                    + (_("; 待销号: it awaits the office's qtrack close") if claimed else ""), soft_wrap=True)
