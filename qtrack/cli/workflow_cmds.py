"""The supervision workflow's commands: 签收 (ack), 退回 (decline), 改派 (assign), 延期 (extend,
approve, reject, requests), 销号 (close) and 退办 (reopen). The rules are qtrack/workflow/'s; each
command resolves the task, calls one function there and says in one line what it recorded.

A department's commands take --by DEPT (the acting lead department); the office's take --office
(else $QTRACK_OFFICE). Nothing checks who is typing: see the README's words on authentication.

Evidence (佐证材料) is not these commands' yet: every step function returns the new step's `id`,
which an `--evidence FILE` option on close and extend can attach files to, as update's does.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack.cli.options import AsOfOpt, DbOpt, DeptOpt, EvidenceOpt, FormatOpt, LimitOpt, PlanOpt, _note, left_out, open_db, page_size

app = typer.Typer()

RefArg = Annotated[str, typer.Argument(metavar="REF", help="A task (2016/3).")]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="The day of the step \\[default: today].")]
DeptByOpt = Annotated[Optional[str], typer.Option(
    "--by", metavar="DEPT", help="The lead department acting \\[default: the task's only lead].")]
OfficeOpt = Annotated[Optional[str], typer.Option(
    "--office", metavar="NAME", help="The office signing \\[default: $QTRACK_OFFICE, else 督查室].")]
ReasonOpt = Annotated[str, typer.Option("--reason", "-r", callback=_note, help="Why (kept in the record).")]
WorkflowNoteOpt = Annotated[Optional[str], typer.Option("--note", "-n", callback=_note, help="A note for the record.")]


def _task(conn, ref: str):
    from qtrack import refs
    from qtrack.errors import QtrackError

    found = refs.resolve(conn, ref)
    if found.kind != "task" or found.period:
        raise QtrackError(_("{ref} is not a task: the workflow's steps are taken on tasks").format(ref=found.ref))
    return found


def _when(date: str | None, as_of: str | None):
    from qtrack import dates

    today = dates.today(as_of)
    return (dates.parse_date(date, what="--date") if date else today), today


def _say(text: str) -> None:
    from qtrack.output import console

    console().print(text, soft_wrap=True)


@app.command("ack")
def ack(ref: RefArg, by: DeptByOpt = None, date: DateOpt = None, db: DbOpt = None, as_of: AsOfOpt = None) -> None:
    """签收: the task's lead department acknowledges receiving it (once; only a lead may)."""
    from qtrack.workflow import handover

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = handover.acknowledge(conn, _task(conn, ref).id, dept=by, date=when, today=today)
    _say(_("acknowledged {ref} on {date} by {dept}").format(ref=done["ref"], date=done["date"], dept=done["department"])
         + (_(" ({n} days late)").format(n=done["late"]) if done["late"] else ""))


@app.command("decline")
def decline(ref: RefArg, reason: ReasonOpt, by: DeptByOpt = None, date: DateOpt = None, db: DbOpt = None,
            as_of: AsOfOpt = None) -> None:
    """退回: the lead department says the task is not theirs; it shows declined until the office assigns it."""
    from qtrack.workflow import handover

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = handover.decline(conn, _task(conn, ref).id, dept=by, reason=reason, date=when, today=today)
    _say(_("declined {ref} on {date} by {dept}: {detail}").format(
        ref=done["ref"], date=done["date"], dept=done["department"], detail=done["detail"]))


@app.command("assign")
def assign(
    ref: RefArg,
    lead: Annotated[list[str], typer.Option("--lead", metavar="DEPT", help="The new lead department (repeat for joint leads).")],
    reason: ReasonOpt,
    support: Annotated[Optional[list[str]], typer.Option("--support", metavar="DEPT", help="A supporting department (repeat).")] = None,
    office: OfficeOpt = None, date: DateOpt = None, db: DbOpt = None, as_of: AsOfOpt = None,
) -> None:
    """改派: the office gives a task new departments, overriding the plan file's until the file changes them."""
    from qtrack.workflow import handover, office_name

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = handover.assign(conn, _task(conn, ref).id, lead=lead, support=support or [], reason=reason,
                           office=office_name(office), date=when, today=today)
    _say(_("assigned {ref} on {date} by {by}: lead {lead}").format(
        ref=done["ref"], date=done["date"], by=done["by"], lead="、".join(done["lead"]))
         + (_(", support {support}").format(support="、".join(done["support"])) if done["support"] else ""))


@app.command("extend")
def extend(
    ref: RefArg,
    to: Annotated[str, typer.Option("--to", metavar="DATE", help="The due date asked for.")],
    reason: ReasonOpt,
    by: DeptByOpt = None, date: DateOpt = None, evidence: EvidenceOpt = None, db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """延期: the lead department asks, on or before the due date, for a later one; the office decides."""
    from qtrack import dates
    from qtrack.workflow import extension

    when, today = _when(date, as_of)
    conn = open_db(db)
    task_id = _task(conn, ref).id
    with conn.transaction():  # the request and its evidence, all or nothing
        done = extension.request(conn, task_id, dept=by, to=dates.parse_due(to, what="--to"),
                                 reason=reason, date=when, today=today)
        _attach(conn, task_id, evidence, when, done["department"], "extend")
    _say(_("requested {ref} on {date} by {dept}: due {current} → {due} (awaits the office's approve or reject)").format(
        ref=done["ref"], date=done["date"], dept=done["department"], current=done["current"], due=done["due"]))


@app.command("approve")
def approve(
    ref: RefArg,
    to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="The date granted \\[default: the one asked].")] = None,
    note: WorkflowNoteOpt = None, office: OfficeOpt = None, date: DateOpt = None, db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The office grants a task's pending request for extension."""
    from qtrack import dates
    from qtrack.workflow import extension, office_name

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = extension.approve(conn, _task(conn, ref).id, to=dates.parse_due(to, what="--to") if to else None,
                             note=note, office=office_name(office), date=when, today=today)
    _say(_("approved {ref} on {date} by {by}: due {before} → {due}").format(
        ref=done["ref"], date=done["date"], by=done["by"], before=done["before"], due=done["due"])
         + (_(" (asked {asked})").format(asked=done["asked"]) if done["asked"] != done["due"] else ""))


@app.command("reject")
def reject(ref: RefArg, reason: ReasonOpt, office: OfficeOpt = None, date: DateOpt = None, db: DbOpt = None,
           as_of: AsOfOpt = None) -> None:
    """The office refuses a task's pending request for extension; the due date stays."""
    from qtrack.workflow import extension, office_name

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = extension.reject(conn, _task(conn, ref).id, reason=reason, office=office_name(office), date=when,
                            today=today)
    _say(_("rejected {ref}'s request (to {asked}) on {date} by {by}: still due {due}").format(
        ref=done["ref"], asked=done["asked"], date=done["date"], by=done["by"], due=done["due"]))


@app.command("requests")
def requests(plan: PlanOpt = None, dept: DeptOpt = None, limit: LimitOpt = None, db: DbOpt = None,
             fmt: FormatOpt = "table", as_of: AsOfOpt = None) -> None:
    """Requests for extension awaiting the office's decision, oldest first."""
    from qtrack import dates
    from qtrack.cli.listing import dept_filter, plan_filter
    from qtrack.output import Column, Output, render
    from qtrack.store import workflow as stored

    today = dates.today(as_of)
    conn = open_db(db)
    dept_id = dept_filter(conn, dept)[0]
    rows = stored.requests(conn, as_of=today.isoformat(), plan=plan_filter(conn, plan), dept_id=dept_id)
    size = page_size(limit, fmt)
    # The table fits 80 cells; JSON and CSV carry the request's day and the due dates as well.
    columns = [Column("ref", "任务", no_wrap=True), Column("title", "名称"), Column("department", "申请单位"),
               Column("asked", "申请延期至", no_wrap=True), Column("reason", "延期理由")]
    render(Output(rows[:size] if size else rows, columns, title=_("requests for extension (延期申请)"),
                  empty=_("no requests pending"), caption=_("{n} pending as of {date}").format(n=len(rows), date=today),
                  more=left_out(len(rows), size)), fmt)


@app.command("close")
def close(ref: RefArg, note: WorkflowNoteOpt = None, office: OfficeOpt = None, date: DateOpt = None,
          evidence: EvidenceOpt = None, db: DbOpt = None, as_of: AsOfOpt = None) -> None:
    """销号: the office accepts a department's claim that a task is done (plans with review: true)."""
    from qtrack.workflow import office_name, review

    when, today = _when(date, as_of)
    conn = open_db(db)
    task_id = _task(conn, ref).id
    with conn.transaction():  # the 销号 and its evidence, all or nothing
        done = review.close(conn, task_id, note=note, office=office_name(office), date=when, today=today)
        _attach(conn, task_id, evidence, when, done["by"], "close")
    _say(_("closed {ref} on {date} by {by} (claimed done on {claimed})").format(
        ref=done["ref"], date=done["date"], by=done["by"], claimed=done["claimed"]))


def _attach(conn, task_id: int, files, when, by: str, command: str) -> None:
    """--evidence of a workflow step: kept with the task, dated the step's day."""
    if files:
        from qtrack import evidence

        evidence.attach(conn, task_id, files, update_id=None, date=when, by=by, command=command)


@app.command("reopen")
def reopen(ref: RefArg, reason: ReasonOpt, office: OfficeOpt = None, date: DateOpt = None, db: DbOpt = None,
           as_of: AsOfOpt = None) -> None:
    """退办: the office sends a task claimed done back to doing, with the reason."""
    from qtrack.workflow import office_name, review

    when, today = _when(date, as_of)
    conn = open_db(db)
    done = review.reopen(conn, _task(conn, ref).id, reason=reason, office=office_name(office), date=when,
                         today=today)
    _say(_("reopened {ref} on {date} by {by}: {detail}").format(
        ref=done["ref"], date=done["date"], by=done["by"], detail=done["detail"]))
