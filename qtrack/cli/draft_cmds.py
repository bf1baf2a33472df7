"""`qtrack draft`: a policy document's text → a plan file to review, then import."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _

app = typer.Typer()


@app.command()
def draft(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The document: its text (UTF-8 or GB18030, "
                                      "web-page debris and all), .docx, .doc/.wps, .pdf, a saved page, or .ofd.")],
    plan_id: Annotated[Optional[str], typer.Option("--id", metavar="ID", show_default=False,
                                                   help="Plan id (default: the file's stem).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PLAN.yaml", show_default=False,
                                                   help="Write the plan file here (default, or -: standard output).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PLAN.yaml if it exists.")] = False,
) -> None:
    """Draft a plan file from a policy document's text: sections, tasks, departments, dates,
    targets, duties. Values it is unsure of carry a `# check:` comment; the file always imports."""
    from qtrack.draft import draft as draft_plan
    from qtrack.draft.formats import read_document
    from qtrack.planfile.spec import plan_id_from
    from qtrack.errors import QtrackError
    from qtrack.outfile import STDOUT, replacing

    if not os.path.lexists(file):  # a folder, device or FIFO is there: read_document says what it is
        raise QtrackError(_("{file}: no such file").format(file=file))
    plan_id = plan_id or plan_id_from(file.stem)
    text = draft_plan(read_document(file), str(file), plan_id)
    if output is None or str(output) == STDOUT:
        sys.stdout.write(text)
        return
    from qtrack.store import resolve_path

    with replacing(output, force=force, databases=[resolve_path(None)]) as partial:
        partial.write_text(text, encoding="utf-8")
    typer.echo(_("wrote {file}: review every '# check:' line, then `qtrack import {file}`").format(file=output), err=True)
