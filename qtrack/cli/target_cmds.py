"""Commands about numeric targets (指标): `targets` (goal, latest value, state) and `measure`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack.cli.options import (AsOfOpt, complete_refs, ByOpt, DbOpt, DeptOpt, FormatOpt, LimitOpt, NoteOpt, PlanOpt, left_out,
                                open_db, page_size)

app = typer.Typer()


@app.command("targets")
def targets(plan: PlanOpt = None, dept: DeptOpt = None, limit: LimitOpt = None, db: DbOpt = None,
            fmt: FormatOpt = "table", as_of: AsOfOpt = None) -> None:
    """Numeric targets: the goal, baseline, latest measurement, progress and met / not-met / no-data."""
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note, dept_filter, from_context, plan_filter
    from qtrack.cli.views import COURSE, STATE
    from qtrack.output import Column, Output, Styled, names, percent, render
    from qtrack.scoring.course import with_course

    plan, dept = from_context("plan", plan), from_context("dept", dept)
    today = dates.today(as_of)
    conn = open_db(db)
    dept_id, name = dept_filter(conn, dept)
    size = page_size(limit, fmt)
    page = queries.target_page(conn, as_of=today.isoformat(), plan=plan_filter(conn, plan), dept_id=dept_id,
                               limit=size)
    rows = with_course(conn, list(page.rows), as_of=today)
    state_style = {"met": "green", "not-met": "bold red", "behind": "bold yellow", "on-trajectory": "", "no-data": "dim"}

    def state(value: str, row: dict) -> str:
        return Styled(COURSE[value], state_style[value])

    columns = [Column("ref", "指标", no_wrap=True), Column("title", "名称", min_width=10), Column("goal", "目标")]
    if any(r["baseline"] is not None for r in rows):  # most documents state none: no empty column
        columns.append(Column("baseline", "基数", "right", lambda v, r: "" if v is None else f"{v:g}"))
    columns += [Column("latest", "最新", show=lambda v, r: "" if v is None else f"{v['value']:g} ({v['date']})"),
                Column("progress", "进度", "right", percent, no_wrap=True),
                Column("course", "状态", show=state, no_wrap=True)]  # the state, told apart by the path
    if any(r["forecast"] is not None for r in rows):
        columns.append(Column("forecast", "预测", "right", lambda v, r: "" if v is None else f"{v:g}"))
    columns += [
                Column("due", "时限"), Column("lead", "牵头", show=names)]
    render(Output(rows, columns, title=_("targets") + (_(" of {dept}").format(dept=name) if name else "")
                  + (_(" in {plan}").format(plan=plan) if plan else ""), empty=_("no targets"), more=left_out(page.total, size),
                  caption=" · ".join(f"{STATE[s]} {page.counts[s]}" for s in ("met", "not-met", "no-data")),
                  note=context_note()), fmt)


@app.command("measure")
def measure(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A target: PLAN/CODE, e.g. 2016/T1.", autocompletion=complete_refs)],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The measured value (92.5, or 92.5%).")],
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="The day it was measured \\[default: today].")] = None,
    note: NoteOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record a measurement of a target; the history is kept and shown by `qtrack show REF`."""
    from qtrack import dates, refs
    from qtrack.store import queries
    from qtrack.cli.views import STATE
    from qtrack.output import console
    from qtrack.targets import parse_value
    from qtrack.updates import record_measurement

    today = dates.today(as_of)
    measured = parse_value(value)
    when = dates.parse_date(date, what="--date") if date else today
    conn = open_db(db)
    found = refs.resolve(conn, ref, kinds=("target",))
    record_measurement(conn, found.id, measured, date=when, today=today, note=note, by=by)
    [row] = queries.targets(conn, as_of=today.isoformat(), target_id=found.id)
    console().print(_("recorded {ref} = {value} on {date}: goal {goal}, now {state} ({word})").format(
        ref=found.ref, value=f"{measured:g}{row['unit'] or ''}", date=when, goal=row["goal"], state=STATE[row["state"]],
        word=row["state"]), soft_wrap=True)
