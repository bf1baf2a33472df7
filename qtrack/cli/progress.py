"""Progress on long work: a Rich bar on stderr, shown only where a person watches it.

Only when stderr is a terminal and the command prints a table: never into a pipe, a file or a
script's JSON, and nothing is left on the screen once the work is done (the bar is transient).
Rich's progress module is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from qtrack.i18n import _


def watched(fmt: str) -> bool:
    """Whether a person is watching stderr: a terminal (not TERM=dumb), for a table's command."""
    return fmt == "table" and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


def reading(files: list[Path], fmt: str) -> Iterator[Path]:
    """The files, one at a time, with a bar that names the one being read."""
    if not watched(fmt):
        yield from files
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from qtrack.output import console

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task(_("reading"), total=len(files))
        for path in files:
            bar.update(task, description=_("reading {name}").format(name=path.name))
            yield path
            bar.advance(task)
