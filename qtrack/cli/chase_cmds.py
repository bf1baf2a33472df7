"""`qtrack chase`: the 催办单 of every department that owes something, numbered and recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack.cli.options import AsOfOpt, ByOpt, DbOpt, DeptOpt, ForceOpt, PlanOpt, WarnOpt, open_db

app = typer.Typer()


def _format(value: str) -> str:
    from qtrack.chase.render import FORMATS

    if value not in FORMATS:
        raise typer.BadParameter(_("{value!r} is not one of {choices}").format(value=value, choices=", ".join(FORMATS)))
    return value


@app.command("chase")
def chase(
    dept: DeptOpt = None,
    plan: PlanOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="DIR", help="Write one file per department into DIR (YEAR-NNN-DEPT.EXT).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", callback=_format,
                                     help="txt (short, for SMS or IM), md or html (for print), json.")] = "txt",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the notices; record nothing, take no number, "
                                                           "run nothing, write nothing.")] = False,
    exec_: Annotated[Optional[str], typer.Option(
        "--exec", metavar="COMMAND", help="Run COMMAND once per department, the notice on its stdin, QTRACK_DEPT "
                                          "and QTRACK_NOTICE_NO in its environment; a notice whose command fails "
                                          "is not recorded.")] = None,
    yellow_after: Annotated[int, typer.Option("--yellow-after", metavar="N",
                                              help="Yellow notice for a thing chased N times unanswered.")] = 1,
    red_after: Annotated[int, typer.Option("--red-after", metavar="N",
                                           help="Red notice for a thing chased N times unanswered.")] = 2,
    by: ByOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
    warn_days: WarnOpt = None,
) -> None:
    """催办: one numbered notice (催办〔YEAR〕第N号) per department that owes anything as of the day —
    late tasks, tasks due within the warning window, missed reports (漏报), missed duty occurrences —
    each recorded with its number, date, level and what it asked for.

    A department chased for the same thing without answering since gets a yellow, then a red
    notice (三色督办单). Without -o or --exec the notices are printed.
    """
    from qtrack import dates
    from qtrack.chase import escalation, gather, render, send
    from qtrack.cli.listing import dept_filter, plan_filter
    from qtrack.lights import LightRule
    from qtrack.updates import default_author

    thresholds = escalation.Thresholds(yellow_after, red_after).check()
    today = dates.today(as_of)
    if not dry_run:
        dates.not_ahead(today, today=today, what="a chase")
    conn = open_db(db)
    dept_name = dept_filter(conn, dept)[1]
    notices = gather.notices(conn, as_of=today, rule=LightRule.from_settings(warn_days, None), thresholds=thresholds,
                             plan=plan_filter(conn, plan), dept=dept_name)
    if not notices:
        typer.echo(_("nothing to chase as of {date}").format(date=today)
                   + (_(" for {dept}").format(dept=dept_name) if dept_name else ""), err=True)
        return
    signer = by or default_author()
    if dry_run or (output is None and exec_ is None):
        if dry_run:
            send.preview(conn, notices, year=today.year, by=signer)
        else:
            send.issue_all(conn, notices, year=today.year, by=signer)
        typer.echo(render.render(notices, fmt), nl=False)
        if dry_run:
            typer.echo(_("dry run: {n} notices, nothing recorded").format(n=len(notices)), err=True)
        return
    _deliver(conn, notices, output=output, command=exec_, fmt=fmt, year=today.year, by=signer, force=force, db=db)


def _deliver(conn, notices: list[dict], *, output: Path | None, command: str | None, fmt: str, year: int,
             by: str, force: bool, db) -> None:
    """Each notice to its file and/or through the command, recorded once it went out; failures
    reported one line each, and the exit status 1 at the end."""
    from qtrack.chase import render, send
    from qtrack.store import resolve_path

    files = [p for p in [resolve_path(db)] if not isinstance(p, str)]  # a server's URL is no file to guard
    if output is not None:
        send.refuse_existing(output, [send.file_name(n, fmt) for n in send.preview(conn, notices, year=year, by=by)],
                             force=force)

    def deliver(notice: dict) -> str | None:
        content = render.render([notice], fmt)
        via = []
        if command is not None:
            via.append(send.run(command, notice, content, typer.echo))
        if output is not None:
            via.append(send.write(output / send.file_name(notice, fmt), content, force=force, databases=files))
        return "; ".join(via)

    failed = send.issue_each(conn, notices, year=year, by=by, deliver=deliver)
    for notice in notices:
        if all(notice is not f for f, _why in failed):
            typer.echo(_("{no} → {dept}: {title}, {n} items, recorded").format(
                no=notice["no"], dept=notice["department"], title=render.TITLE[notice["level"]], n=len(notice["items"])),
                err=True)
    for notice, why in failed:
        typer.echo(_("error: ") + _("{dept}: not sent, not recorded ({why})").format(dept=notice["department"], why=why),
                   err=True)
    if failed:
        raise typer.Exit(1)
