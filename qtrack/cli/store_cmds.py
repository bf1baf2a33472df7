"""Commands about the record itself: `log` (who changed what), `backup` and `check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack.cli.options import AsOfOpt, DbOpt, DeptOpt, FormatOpt, LimitOpt, PlanOpt, left_out, open_db, page_size

app = typer.Typer()


@app.command("log")
def log(
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only changes made on or after DATE.")] = None,
    dept: DeptOpt = None,
    plan: PlanOpt = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Only changes made by NAME.")] = None,
    limit: LimitOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    as_of: AsOfOpt = None,
) -> None:
    """Every change, newest first: updates, measurements, duty reports and what imports
    changed, each with who made it (--by, else the login name), when and with which command.
    --as-of leaves out what is dated after the day, and what imports did after it."""
    from qtrack import dates, history
    from qtrack.cli.listing import context_note, dept_filter, from_context, plan_filter
    from qtrack.output import Column, Output, render

    plan, dept = from_context("plan", plan), from_context("dept", dept)
    today = dates.today(as_of)
    conn = open_db(db)
    size = page_size(limit, fmt)
    page = history.entries(conn, as_of=today, since=dates.parse_date(since, what="--since") if since else None,
                           plan=plan_filter(conn, plan), dept_id=dept_filter(conn, dept)[0],
                           by=by, limit=size)
    render(Output(page.rows, [
        Column("at", "时间", show=lambda v, r: _local(v), no_wrap=True), Column("by", "填报人"),
        Column("command", "命令", no_wrap=True), Column("ref", "对象", no_wrap=True), Column("what", "内容"),
    ], title=_("changes, newest first"), empty=_("no changes recorded"), more=left_out(page.total, size),
        note=context_note()), fmt)


def _local(at: str) -> str:
    """A stored UTC time as the user's wall clock, to the minute."""
    import datetime as dt

    return dt.datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy (must not exist).")],
    db: DbOpt = None,
) -> None:
    """Copy the database to FILE, consistently, even while others are writing to it.

    The copy is checked before it is given its name; open it with --db FILE, or put it in
    the database's place to restore it.
    """
    from qtrack import upkeep
    from qtrack.output import console

    conn = open_db(db)
    report = upkeep.backup(conn, file)
    console().print(_("backed up to {path} ({size}, schema {schema}): tasks {tasks}, updates {updates}; check ok").format(
        path=report["path"], size=_size(report["size"]), schema=report["schema"], tasks=report["counts"]["task"],
        updates=report["counts"]["task_update"]), soft_wrap=True)
    kept = report["counts"].get("evidence", 0)
    if kept:  # the files themselves are in the evidence store, not in the database
        from qtrack import evidence

        console().print(_("note: the {n} evidence records' files are not in the copy: copy {folder} beside it as "
                          "{name}.evidence").format(n=kept, folder=evidence.shown(evidence.folder(conn)), name=file.name),
                        soft_wrap=True, markup=False)


@app.command("check")
def check(
    full: Annotated[bool, typer.Option(
        "--full", help="Also check every index against its table and every value against qtrack's rules.")] = False,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Check the database: integrity, foreign keys, schema version; show its path, size and counts.

    The routine check reads every page and record (SQLite's quick check); --full also checks
    that every index matches its table and every value keeps qtrack's rules, as restore does.
    Exits 1 when anything is wrong, so it can run from cron or before a backup is trusted.
    """
    from qtrack import upkeep
    from qtrack.errors import QtrackError
    from qtrack.output import Output, render

    report = upkeep.check(open_db(db), files=True, full=full)
    counts = [{"table": t, "rows": n} for t, n in report["counts"].items()]
    render(Output(counts, document=report, view=lambda: _checked(report, counts)), fmt)
    if not report["ok"]:
        raise QtrackError(_("{path} failed its check ({problem}); restore the latest good backup").format(
            path=report["path"], problem=report["problems"][0]))


def _checked(report: dict, counts: list[dict]):
    """The check's facts, then the rows of each table."""
    from rich.console import Group
    from rich.text import Text

    from qtrack.output import Column, clean, table

    facts = (_("database  {path}\nsize      {size}\nschema    {schema} ({n} migrations)\nintegrity {integrity}").format(
        path=report["path"], size=_size(report["size"]), schema=report["schema"], n=len(report["migrations"]),
        integrity="; ".join(report["integrity"][:5])) + ("" if report["full"] else _(" (quick; --full checks more)"))
        + _("\nforeign keys {keys}").format(keys="; ".join(report["foreign_keys"][:5]) if report["foreign_keys"] else "ok")
        + _evidence(report.get("evidence")))
    return Group(Text(clean(facts), no_wrap=True, overflow="ignore"),
                 table(counts, [Column("table", "表", no_wrap=True), Column("rows", "行数", "right")]))


def _evidence(found: dict | None) -> str:
    """The evidence store's line of the check: attached files, those missing or changed, orphans."""
    if not found or not (found["files"] or found["orphans"]):
        return ""
    line = _("\nevidence  {n} attached files in {folder}: ").format(n=found["files"], folder=found["folder"])
    line += _("{n} missing or changed").format(n=len(found["problems"])) if found["problems"] else "ok"
    if found["orphans"]:
        line += _("; {n} stored files no record names (left by a write that failed: harmless)").format(n=found["orphans"])
    return line


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"
