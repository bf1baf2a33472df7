"""Progress on long work: a Rich bar on stderr, shown only where a person watches it.

Only when stderr is a terminal and the command prints a table: never into a pipe, a file or a
script's JSON, and nothing is left on the screen once the work is done (the bar is transient).
Rich's progress module is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qtrack.i18n import _


def watched(fmt: str = "table") -> bool:
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


@contextmanager
def bar(what: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A bar of `total` steps (rows, events) while the work runs, where a person watches; yields
    step(n), which the work calls as it goes. It redraws every few thousand steps, so that a
    100,000-row export spends no time on it; unwatched, step does nothing."""
    if not watched():
        yield _nothing
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from qtrack.output import console

    with Progress(SpinnerColumn(), TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console(sys.stderr), transient=True) as progress:
        task = progress.add_task(what, total=total)
        pending = 0

        def step(n: int) -> None:
            nonlocal pending
            pending += n
            if pending >= 2000:
                progress.advance(task, pending)
                pending = 0
        yield step
        progress.advance(task, pending)


def _nothing(n: int) -> None:
    pass
