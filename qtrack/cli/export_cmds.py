"""What the office hands on: `export` (ledger, calendar, whole database), `import-progress`
(the ledger back, filled in), `report` (the bulletin) and `restore` (a whole-database dump)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _, ngettext

from qtrack.cli.options import (AsOfOpt, ByOpt, DbOpt, DeptOpt, ForceOpt, PlanOpt, ToleranceOpt, WarnOpt, open_db,
                                signature)

app = typer.Typer()


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    ics = "ics"
    json = "json"
    yaml = "yaml"  # an office's inbox as a plan file (qtrack/inbox.py)


def _format(value: str | None) -> ExportFormat | None:
    """The format named, checked here rather than by the Enum type, so that a wrong one is refused
    in qtrack's words, in the user's language."""
    if value is None:
        return None
    try:
        return ExportFormat(value)
    except ValueError:
        raise typer.BadParameter(_("{value!r} is not one of {choices}").format(
            value=value, choices=", ".join(f.value for f in ExportFormat))) from None


OutOpt = Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="The file to write (see --force).")]


def _into(output: Path, force: bool, db: Path | None):
    """Where an export or a report is written: beside `output`, then renamed onto it (qtrack/outfile.py)."""
    from qtrack.outfile import replacing
    from qtrack.store import resolve_path

    where = resolve_path(db)
    return replacing(output, force=force, databases=[where] if isinstance(where, Path) else [])  # a URL is no file


def _wrote(output: Path, message: str) -> None:
    """Say what was written: on stdout, unless the file written was stdout itself (-o /dev/stdout)."""
    from qtrack.output import clean
    from qtrack.outfile import is_stdout

    typer.echo(clean(message), err=is_stdout(output))


# What import-progress records, by the kind of line (tools/catalogue.py takes the ids from here).
RECORDED = {"task": ("{n} update", "{n} updates"), "target": ("{n} measurement", "{n} measurements"),
            "duty": ("{n} duty report", "{n} duty reports"),
            "ack": ("{n} acknowledgement", "{n} acknowledgements"),  # the workflow's steps a ledger takes
            "extend": ("{n} extension request", "{n} extension requests")}

@app.command("export")
def export(
    output: OutOpt,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", show_default=False, metavar="<xlsx|ics|json|yaml>", callback=_format,
        help="xlsx: the supervision ledger (督查台帐); ics: a calendar of due dates; json: the whole database; "
             "yaml: an inbox plan (qtrack add) as a plan file "
             "\\[default: from the file's suffix].")] = None,
    plan: PlanOpt = None,
    dept: DeptOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
    warn_days: WarnOpt = None,
    tolerance: ToleranceOpt = None,
    rules: Annotated[Optional[Path], typer.Option(
        "--rules", metavar="FILE", help="The 考核 rules of the ledger's 考核 sheet \\[default: qtrack's own].")] = None,
) -> None:
    """Write the ledger a department fills in (xlsx), a calendar of due dates and duty occurrences
    (ics), or the whole database, losslessly, for `qtrack restore` (json)."""
    from qtrack import dates, refs
    from qtrack.cli.progress import bar, watched
    from qtrack.errors import QtrackError

    if fmt is None:
        try:
            fmt = ExportFormat(output.suffix.lstrip(".").lower())
        except ValueError:
            raise QtrackError(_("--format xlsx, ics, json or yaml: cannot tell from the name {name}").format(
                name=output.name)) from None
    today = dates.today(as_of)
    conn = open_db(db)
    plan_id = refs.plan_id(conn, plan) if plan else None
    dept_id = refs.department(conn, dept)[0] if dept else None
    if fmt is ExportFormat.json:
        if plan or dept:
            raise QtrackError(_("--format json writes the whole database; --plan and --dept do not apply"))
        from qtrack import dump

        total = dump.total_rows(conn) if watched() else None
        with _into(output, force, db) as partial, bar(_("writing the dump"), total) as step:  # refused before any work
            tables, rows = dump.export(conn, partial, step=step)  # when the file may not be written
        message = _("wrote {file}: {tables} tables, {rows} rows").format(file=output, tables=tables, rows=rows)
    elif fmt is ExportFormat.xlsx:
        from qtrack import ledger
        from qtrack.lights import LightRule
        from qtrack.scoring import rules as rules_file

        scoring_rules = rules_file.load(rules)  # a bad rules file is refused before any file is written
        total = ledger.size(conn, as_of=today, plan=plan_id, dept_id=dept_id) if watched() else None
        with _into(output, force, db) as partial, bar(_("writing the ledger"), total) as step:
            counts = ledger.write_ledger(conn, partial, as_of=today, plan=plan_id, dept_id=dept_id,
                                         rule=LightRule.from_settings(warn_days, tolerance), rules=scoring_rules,
                                         step=step)
        sheets = ", ".join(f"{p} {n}" for p, n in counts.items())
        message = _("wrote {file}: ledger as of {date}, {n} tasks ({sheets})").format(
            file=output, date=today, n=sum(counts.values()), sheets=sheets)
    elif fmt is ExportFormat.yaml:
        if not plan or dept:
            raise QtrackError(_("--format yaml writes one inbox plan as a plan file: give --plan (e.g. inbox), no --dept"))
        from qtrack import inbox

        text, items = inbox.export_yaml(conn, plan_id)
        with _into(output, force, db) as partial:
            partial.write_text(text, encoding="utf-8")
        message = _("wrote {file}: plan {plan}, {n} items").format(file=output, plan=plan_id, n=items)
    else:
        from qtrack import ics

        total = ics.size(conn, plan=plan_id, dept_id=dept_id) if watched() else None
        with _into(output, force, db) as partial, bar(_("writing the calendar"), total) as step:
            tasks, occurrences = ics.write_calendar(conn, partial, as_of=today, plan=plan_id, dept_id=dept_id,
                                                    step=step)
        message = _("wrote {file}: {tasks} task deadlines, {occurrences} duty occurrences").format(
            file=output, tasks=tasks, occurrences=occurrences)
    _wrote(output, message)


@app.command("import-progress")
def import_progress(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A ledger from `qtrack export --format xlsx`, filled in.")],
    by: Annotated[Optional[str], typer.Option(
        "--by", callback=signature, help="Who reports rows with no 填报人 \\[default: your login name].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")] = False,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record the progress a department filled into its ledger: only the fill-in columns (新状态,
    新进度, 进展情况, 填报人, 填报日期; the workflow's 签收日期, 申请延期至, 延期理由, 佐证材料) are read,
    every filled cell is checked first, and all rows go in one transaction. Rows nobody filled, and
    rows already recorded, add nothing."""
    from qtrack import dates, ledger
    from qtrack.cli.options import left_out, page_size
    from qtrack.cli.progress import bar
    from qtrack.output import Column, console, table

    today = dates.today(as_of)
    conn = open_db(db)
    with bar(_("reading {name}").format(name=file.name), None) as step:
        entries = ledger.read_progress(conn, file, today=today, by=by, step=step)
    if dry_run and conn.readonly:  # nothing can be rehearsed there: what is new, unchecked by the steps
        fresh = ledger.new_entries(conn, entries)
    else:
        fresh = ledger.record(conn, entries, today=today, source=file.name, dry_run=dry_run)
    out = console()
    if fresh:  # a page of what was recorded, not 10,000 rows
        size = page_size(None, "table")
        shown = [{**vars(e), "what": ledger.describe(e)} for e in fresh[:size]]
        more = left_out(len(fresh), size)
        out.print(table(shown, [
            Column("where", "行", no_wrap=True), Column("ref", "引用", no_wrap=True), Column("title", "标题"),
            Column("date", "日期", no_wrap=True), Column("what", "填报"), Column("note", "进展情况"),
            Column("by", "填报人")],
            title=(_("would record from {file}") if dry_run else _("recorded from {file}")).format(file=file.name),
            caption=_("and {n} more").format(n=more) if more else None))
    counted = [(sum(e.kind == k and e.update for e in fresh), RECORDED[k]) for k in ("task", "target", "duty")]
    counted += [(sum(e.ack is not None for e in fresh), RECORDED["ack"]),
                (sum(e.extend_to is not None for e in fresh), RECORDED["extend"])]
    parts = [ngettext(*words, n).format(n=n) for n, words in counted if n] or [ngettext(*RECORDED["task"], 0).format(n=0)]
    skipped = len(entries) - len(fresh)
    tail = ngettext("; {n} row already recorded", "; {n} rows already recorded", skipped).format(n=skipped) if skipped else ""
    if dry_run:
        out.print(_("dry run: {parts} to record{tail}; nothing written").format(parts=_(", ").join(parts), tail=tail),
                  soft_wrap=True)
    else:
        out.print(_("recorded {parts} from {file}{tail}").format(parts=_(", ").join(parts), file=file, tail=tail),
                  soft_wrap=True)


@app.command("report")
def report(
    output: OutOpt,
    plan: PlanOpt = None,
    dept: DeptOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
    warn_days: WarnOpt = None,
    tolerance: ToleranceOpt = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="DATE", help="\"Since the last bulletin\" from DATE \\[default: the as-of date of the "
                                        "previous bulletin of the same plan and department recorded].")] = None,
    no_record: Annotated[bool, typer.Option(
        "--no-record", help="Do not record this bulletin as made (a draft, or a past one made again).")] = False,
    rules: Annotated[Optional[Path], typer.Option(
        "--rules", metavar="FILE", help="The 考核 rules of the ranking \\[default: qtrack's own].")] = None,
    by: ByOpt = None,
    issue: Annotated[Optional[int], typer.Option(
        "--issue", metavar="N", show_default=False, min=1, max=9999,  # a number an office could reach
        help="The issue number (期号) \\[default: the one it was made with, or the year's last + 1].")] = None,
) -> None:
    """The supervision bulletin (督查通报) as of a date, as one self-contained HTML page (FILE.html,
    prints on A4) or Markdown (FILE.md): headline figures, a chart of each department's tasks,
    the red list worst first, targets with progress bars and paths, missed duties, the month-by-month
    trend, what changed since the last bulletin, and the 考核 红榜/黑榜. The bulletin is recorded as
    made (for the next one's "since"), unless --no-record or one as of a later day is recorded."""
    from qtrack import bulletin, bulletins_made, dates, refs
    from qtrack.config import letterhead
    from qtrack.errors import QtrackError, ReadOnly
    from qtrack.lights import LightRule
    from qtrack.scoring import rules as rules_file

    render = {".html": bulletin.render_html, ".htm": bulletin.render_html, ".md": bulletin.render_markdown}
    if output.suffix.lower() not in render:
        raise QtrackError(_("-o {name}: write the bulletin to FILE.html or FILE.md").format(name=output.name))
    today = dates.today(as_of)
    scoring_rules = rules_file.load(rules)
    since_day = dates.parse_date(since, what="--since") if since else None
    if since_day and since_day >= today:
        raise QtrackError(_("--since {since} is not before the as-of date {date}").format(since=since_day, date=today))
    conn = open_db(db)
    plan_id = refs.plan_id(conn, plan) if plan else None
    dept_id, dept_name = refs.department(conn, dept) if dept else (None, None)
    scope = bulletins_made.scope(plan_id, dept_name)
    since_day = since_day or bulletins_made.previous(conn, scope=scope, as_of=today)
    data = bulletin.gather(conn, as_of=today, plan=plan_id, dept_id=dept_id, dept_name=dept_name,
                           rule=LightRule.from_settings(warn_days, tolerance), since=since_day, rules=scoring_rules)
    data["letterhead"] = letterhead.next_head(today.year, issue, lambda: bulletins_made.issue(conn, scope=scope,
                                                                                              as_of=today))
    unrecorded = "--no-record" if no_record else bulletins_made.why_not_record(conn, scope=scope, as_of=today)
    with _into(output, force, db) as partial:
        partial.write_text(render[output.suffix.lower()](data), encoding="utf-8")
        if not unrecorded:  # in the write: a bulletin that failed to be written is not recorded as made
            try:
                bulletins_made.record(conn, scope=scope, as_of=today, path=str(output.resolve()), by=by,
                                      issue=(data["letterhead"] or {}).get("issue"))
            except ReadOnly:  # a server kept to reading says so only when written to
                unrecorded = _("the database is read-only")
    h = data["headline"]
    _wrote(output, _("wrote {file}: bulletin as of {date}: {tasks} tasks, {done} done, {red} red, {amber} amber; ").format(
        file=output, date=today, tasks=h["tasks"], done=h["done"], red=h["red"], amber=h["amber"])
        + (_("not recorded ({why})").format(why=unrecorded) if unrecorded else _("recorded as made")))


@app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A dump from `qtrack export --format json`.")],
    db: DbOpt = None,
) -> None:
    """Rebuild a database from a whole-database JSON dump, exactly. Only into a new or empty
    database, and only from a dump of this qtrack's schema."""
    from qtrack import dump
    from qtrack.cli.progress import bar
    from qtrack.output import console

    with bar(_("restoring {name}").format(name=file.name), None) as step:
        data = dump.read(file)  # its header checked before a database file is created
        counts = dump.restore_new(data, file, db, step=step)
        if counts is None:  # not a new file, or the dump has a problem: checked whole first, which names it
            checked = dump.validate_for_new(data, file)
            conn = open_db(db, create=True)
            counts = dump.restore(conn, data, path=file, checked=checked, step=step)
    rows = sum(counts.values())
    console().print(_("restored {file}: {tables} tables, {rows} rows").format(file=file, tables=len(counts), rows=rows),
                    soft_wrap=True)
