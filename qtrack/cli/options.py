"""Options shared by the commands, declared once so every command spells them alike."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack import output

if TYPE_CHECKING:
    from qtrack.store import Store


def _format(value: str) -> str:
    """--format is checked against the registry of formats, so a format registered later is taken."""
    if output.unknown(value):
        raise typer.BadParameter(output.unknown(value))
    return value


# A str, not a Path: a Path would fold the // of a postgresql:// URL into one /.
DbOpt = Annotated[Optional[str], typer.Option(
    "--db", metavar="PATH|URL", show_default=False,
    help="Database file, or a postgresql:// URL "
         "\\[default: $QTRACK_DB, else qtrack.db in your user data directory].")]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", callback=_format,
    help=f"Output format: {', '.join(output.FORMATS)}; JSON is the stable one for scripts.")]
AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", metavar="DATE", show_default=False, help="Take DATE as today \\[default: $QTRACK_TODAY, else today].")]
def _complete_plans(ctx: typer.Context, incomplete: str):
    from qtrack.cli import complete

    return complete.plans(ctx, incomplete)


def complete_refs(ctx: typer.Context, incomplete: str):
    """Completion of a REF argument (show, update, measure)."""
    from qtrack.cli import complete

    return complete.refs(ctx, incomplete)


PlanOpt = Annotated[Optional[str], typer.Option("--plan", "-p", metavar="PLAN", help="Only this plan (its id).",
                                                autocompletion=_complete_plans)]
WarnOpt = Annotated[Optional[int], typer.Option(
    "--warn-days", metavar="DAYS", show_default=False,
    help="Amber when due within DAYS \\[default: $QTRACK_WARN_DAYS, else 30].")]
ToleranceOpt = Annotated[Optional[float], typer.Option(
    "--tolerance", metavar="POINTS", show_default=False,
    help="Amber when progress is more than POINTS below the expected \\[default: $QTRACK_TOLERANCE, else 10].")]
# Text a user types that every output carries on: tabs and line breaks are text in a note, any
# other control character (ESC starts a terminal command) is refused, as plan files refuse it.
_CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain(value: str | None, control: re.Pattern) -> str | None:
    found = control.search(value) if value is not None else None
    if found:
        raise typer.BadParameter(_("holds a control character (U+{code:04X}); give plain text").format(
            code=ord(found.group())))
    return value


def _note(value: str | None) -> str | None:
    return _plain(value, _CONTROL_IN_NOTE)


def signature(value: str | None) -> str | None:
    """A signature: plain text on one line, and not only spaces (the log would show nobody)."""
    if value is not None and not value.strip():
        raise typer.BadParameter(_("is empty; give a name, or leave --by out for your login name"))
    return _plain(value, _CONTROL_IN_NAME) and value.strip()


ByOpt = Annotated[Optional[str], typer.Option(
    "--by", metavar="NAME", show_default=False, callback=signature,
    help="Who makes the change, for the log \\[default: your login name].")]
NoteOpt = Annotated[Optional[str], typer.Option(
    "--note", "-n", callback=_note, help="What happened (最新进展), or where a figure comes from.")]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Replace FILE if it exists (never the database, nor any SQLite file).")]
DeptOpt = Annotated[Optional[str], typer.Option(
    "--dept", "-d", metavar="NAME", help="Only this department (name, alias, or pinyin: zls, zhiliangsi).")]
LimitOpt = Annotated[Optional[int], typer.Option(
    "--limit", metavar="N", show_default=False,
    help="Show the first N rows; 0 for all \\[default: a screenful for a table, all for JSON and CSV].")]

FALLBACK_PAGE = 20  # rows of a table when the output is not a terminal
TABLE_FRAME = 8  # lines around a table's rows: title, borders, header, caption, "more" line, prompt


def page_size(limit: int | None, fmt: str) -> int | None:
    """How many rows a listing shows; None for all.

    A table shows a screenful: 30,000 overdue tasks would stall a terminal and help nobody.
    Off a terminal (a pipe, a file, cron mail) it shows FALLBACK_PAGE rows, the same every
    time, and says how many more there are. JSON and CSV are for scripts, which want every
    row: they are paged only when --limit is given.
    """
    if limit is not None:
        if limit < 0:
            from qtrack.errors import QtrackError

            raise QtrackError(_("--limit {limit}: give a number of rows, or 0 for all").format(limit=limit))
        return limit if 0 < limit < 2**62 else None  # a limit beyond any count means all (SQLite's is 64-bit)
    if not output.paged(fmt):
        return None
    import shutil
    import sys

    if not sys.stdout.isatty():
        return FALLBACK_PAGE
    return max(5, shutil.get_terminal_size().lines - TABLE_FRAME)


def left_out(total: int, size: int | None) -> int:
    """How many of `total` matching rows a page of `size` (None: all) leaves out."""
    return max(0, total - size) if size is not None else 0


_open: list[Store] = []


def open_db(db: Path | None, *, create: bool = False) -> Store:
    """The command's store; the app closes it when the command ends, however it ends."""
    from qtrack.store import open_store

    conn = open_store(db, create=create)
    _open.append(conn)
    return conn


def rehearse_db(db: Path | None) -> Store:
    """A store to rehearse a change on (store.rehearsal_store), closed likewise."""
    from qtrack.store import rehearsal_store

    conn = rehearsal_store(db)
    _open.append(conn)
    return conn


def close_all() -> None:
    """Close what open_db opened; the last close of a database also checkpoints its WAL."""
    while _open:
        _open.pop().close()


# Files attached to the change (佐证材料, qtrack/evidence.py). A command taking it passes the list
# to qtrack.evidence.attach inside its own transaction: one call, and a refused file records nothing.
EvidenceOpt = Annotated[Optional[list[Path]], typer.Option(
    "--evidence", "-e", metavar="FILE", show_default=False,
    help="Attach FILE as evidence (佐证材料; repeat for several): kept by its hash beside the database.")]
