"""Issuing 催办单: each takes the next number of its year, goes out, and is recorded, or none of that.

Numbers are counted per year (the year of the notice's date) in the database: the next is one
more than the last recorded. A notice that could not go out (its --exec command failed) is not
recorded, so the next notice takes the number it would have had: the numbers of the record run
without gaps. A dry run shows the numbers the notices would take and records nothing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack.chase.render import number_text
from qtrack.errors import QtrackError
from qtrack.store import chase as stored
from qtrack.store import utc_now
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

EXTENSIONS = {"txt": "txt", "md": "md", "html": "html", "json": "json"}
_UNSAFE = str.maketrans({c: "-" for c in '/\\:*?"<>|\0'})  # what a file name on any system cannot hold


class NotSent(Exception):
    """A notice's delivery failed: its transaction is rolled back, the reason reported."""


def numbered(notice: dict, year: int, number: int, by: str) -> dict:
    notice.update(year=year, number=number, no=number_text(year, number), by=by)
    return notice


def preview(conn: Store, notices: list[dict], *, year: int, by: str) -> list[dict]:
    """The notices numbered as they would be, nothing recorded."""
    first = stored.next_number(conn, year)
    return [numbered(n, year, first + i, by) for i, n in enumerate(notices)]


def file_name(notice: dict, fmt: str) -> str:
    department = notice["department"].translate(_UNSAFE).lstrip(".") or "department"
    return f"{notice['year']}-{notice['number']:03d}-{department}.{EXTENSIONS[fmt]}"


def _record(conn: Store, notice: dict, via: str | None) -> None:
    stored.record(conn, {
        "year": notice["year"], "number": notice["number"], "date": notice["date"],
        "department_id": notice["department_id"], "level": notice["level"], "recorded_at": utc_now(),
        "by": notice["by"], "command": "chase", "via": via,
    }, [(seq, i["kind"], i["task_id"], i["duty_id"], i["period"], i["due"], i["days_late"], i["level"])
        for seq, i in enumerate(notice["items"], start=1)])


def issue_all(conn: Store, notices: list[dict], *, year: int, by: str) -> None:
    """Number and record every notice in one transaction (they go to stdout once it is committed)."""
    with conn.transaction():
        first = stored.next_number(conn, year)
        for i, notice in enumerate(notices):
            _record(conn, numbered(notice, year, first + i, by), None)


def issue_each(conn: Store, notices: list[dict], *, year: int, by: str,
               deliver: Callable[[dict], str | None]) -> list[tuple[dict, str]]:
    """Number, deliver and record each notice in a transaction of its own; return those that failed,
    with why. `deliver` returns where the notice went (recorded as `via`), or raises NotSent."""
    failed = []
    for notice in notices:
        try:
            with conn.transaction():
                numbered(notice, year, stored.next_number(conn, year), by)
                _record(conn, notice, deliver(notice))
        except NotSent as exc:
            failed.append((notice, str(exc)))
    return failed


def run(command: str, notice: dict, stdin: str, echo: Callable[[str], None]) -> str:
    """Run `command` through the shell with the notice on stdin and QTRACK_DEPT, QTRACK_NOTICE_NO and
    QTRACK_NOTICE_LEVEL in its environment; its output is passed on. Raises NotSent if it fails."""
    env = {**os.environ, "QTRACK_DEPT": notice["department"], "QTRACK_NOTICE_NO": notice["no"],
           "QTRACK_NOTICE_LEVEL": notice["level"]}
    try:
        done = subprocess.run(command, shell=True, input=stdin.encode("utf-8"), env=env, capture_output=True)
    except OSError as exc:
        raise NotSent(_("could not run the command: {value}").format(value=exc.strerror or exc)) from None
    if done.stdout:
        echo(done.stdout.decode("utf-8", "replace").rstrip("\n"))
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        failed = _("the command exited with status {code}").format(code=done.returncode)
        raise NotSent(failed + (f": {said[-1]}" if said else ""))
    return f"exec: {command}"


def refuse_existing(folder: Path, names: list[str], *, force: bool) -> None:
    """Refuse before anything is recorded when a file to be written is there already (or the folder is not one)."""
    if folder.exists() and not folder.is_dir():
        raise QtrackError(_("{folder} is not a folder: -o takes the folder the notices are written to").format(
                              folder=folder))
    if not force:
        for name in names:
            if os.path.lexists(folder / name):
                raise QtrackError(_("{folder} already exists; add --force to replace it").format(
                                      folder=folder / name))


def write(path: Path, content: str, *, force: bool, databases: list) -> str:
    from qtrack.outfile import replacing

    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, force=force, databases=databases) as partial:
        partial.write_text(content, encoding="utf-8")
    return f"file: {path}"
