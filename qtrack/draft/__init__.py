"""`qtrack draft`: a policy document's text → a format-v1 plan file for review.

clean (bytes → the document's lines; tables → flattened tables read back) → outline (headings →
sections and tasks) → reader (notes and bodies, dates, targets, duties attached; doubts marked) →
writer (YAML with comments) → the project's own loader, so that what is written always imports.
`draft` takes a file's bytes; `draft_text` takes text, for readers of other formats.
"""

from __future__ import annotations

from qtrack.draft.clean import decode, document_lines
from qtrack.draft.reader import NotADocument, read
from qtrack.draft.writer import to_yaml
from qtrack.errors import QtrackError
from qtrack.i18n import _


def draft(data: bytes, where: str, plan_id: str) -> str:
    """The plan file text for a document's bytes; QtrackError when it is not one or cannot be drafted."""
    return draft_text(decode(data, where), where, plan_id)


def draft_text(text: str, where: str, plan_id: str) -> str:
    """The plan file text for a document's text (the entry point of readers of other formats)."""
    from qtrack.errors import PlanFileError
    from qtrack.planfile import parse_plan

    lines = document_lines(text)
    if not lines:
        raise NotADocument(_("{where}: no numbered headings (一、 (一) 1.) in Chinese text: this does not read as a "
                              "policy document").format(where=where))
    try:
        plan = read(lines, plan_id)
    except NotADocument as exc:
        raise NotADocument(f"{where}: {exc}") from None
    out = to_yaml(plan, where)
    try:
        parse_plan(out, f"{where} (draft)", default_id=plan_id)
    except PlanFileError as exc:  # a fault of the reader, never written out
        raise QtrackError(_("{where}: the draft would not import ({problems}); please report this").format(
                              where=where, problems=exc.problems[0])) from None
    return out
