"""Commands of the office's own record: `evidence` (a task's attached files, copied out) and `add`
(an item handed on that is in no document, into the office's inbox plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _, ngettext

from qtrack.cli.options import AsOfOpt, ByOpt, DbOpt, ForceOpt, _note, open_db, signature

app = typer.Typer()


@app.command("evidence")
def evidence(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A task: PLAN/CODE, e.g. 2016/3.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR",
                                         help="The folder to copy the files into (made if missing).")],
    force: Annotated[bool, typer.Option("--force", help="Replace files of the same name in DIR.")] = False,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Copy the evidence attached to a task (佐证材料, as of the day) into DIR, each file checked
    against its SHA-256 first. An existing file is replaced only with --force."""
    from qtrack import dates, refs
    from qtrack import evidence as kept
    from qtrack.output import console
    from qtrack.store import resolve_path

    today = dates.today(as_of)
    conn = open_db(db)
    found = refs.resolve(conn, ref, kinds=("task",))
    where = resolve_path(db)
    written = kept.export(conn, found.id, found.ref, output, as_of=today, force=force,
                          databases=[where] if isinstance(where, Path) else [])  # a server's database is no file
    files = ngettext("{n} file", "{n} files", len(written)).format(n=len(written))
    console().print(_("wrote {files} of {ref} to {folder}: ").format(files=files, ref=found.ref, folder=kept.shown(output))
                    + "、".join(p.name for p in written), soft_wrap=True, markup=False)


def _text(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise typer.BadParameter(_("is empty"))
    return _note(value) and value.strip()


@app.command("add")
def add(
    title: Annotated[str, typer.Option("--title", "-t", callback=_text, help="What is to be done.")],
    lead: Annotated[list[str], typer.Option("--lead", metavar="DEPT", help="The department that leads (repeat for several).")],
    due: Annotated[str, typer.Option("--due", metavar="DATE", help="The day it must be done by.")],
    support: Annotated[Optional[list[str]], typer.Option("--support", metavar="DEPT", help="A department that supports (repeat).")] = None,
    source: Annotated[Optional[str], typer.Option(
        "--source", metavar="TEXT", callback=signature, help="Where it came from: 领导批示, 会议议定, …")] = None,
    text: Annotated[Optional[str], typer.Option("--text", callback=_text, help="The instruction's own words, whole.")] = None,
    plan: Annotated[str, typer.Option("--plan", "-p", metavar="PLAN", help="The inbox plan's id.")] = "inbox",
    by: ByOpt = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="The day it is handed on \\[default: today].")] = None,
    db: DbOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Hand on an item that is in no document (交办: 领导批示, 会议议定) as the next task of the
    office's inbox plan (inbox/1, inbox/2, …), tracked like any other task."""
    from qtrack import dates, inbox
    from qtrack.output import console
    from qtrack.updates import default_author

    today = dates.today(as_of)
    when = dates.parse_date(date, what="--date") if date else today
    conn = open_db(db, create=True)
    until = dates.parse_date(due, what="--due")
    ref = inbox.add(conn, title=title, lead=lead, support=support or [], due=until, date=when, today=today,
                    by=by or default_author(), source=source, text=text, plan_id=plan)
    console().print(_("added {ref} on {date}: {title} (牵头 {lead}, 时限 {due})").format(
        ref=ref, date=when, title=title, lead="、".join(lead), due=until), soft_wrap=True, markup=False)
