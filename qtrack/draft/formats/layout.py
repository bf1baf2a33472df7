"""Positioned text (a PDF's or an OFD's) → the document's paragraphs.

Fragments on one baseline are one line, read left to right; lines are read top to bottom. Page
numbers (— 3 —, 第3页) and running headers repeated at the top or bottom of most pages go. A line
that reaches the right margin runs on into the next unindented line, across pages too, unless that
one starts a heading after a finished sentence; a blank line is kept where the gap between two lines
is clearly wider than the line pitch."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from qtrack.draft.clean import END_PUNCT
from qtrack.draft.headings import HEADING_RE

MAX_PAGES = 2000  # far beyond any policy document; a file claiming more is refused before reading
PAGE_NUMBER_RE = re.compile(r"^[—–\-－_~·•\s]*(第\s*)?\d{1,4}\s*页?(\s*[/／]\s*(共\s*)?\d{1,4}\s*页?)?[—–\-－_~·•\s]*$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float      # y grows upwards, as in PDF
    bottom: float
    width: float    # a typical character's width


def rows(fragments: list[Line]) -> list[Line]:
    """A page's fragments as lines: those on one baseline joined left to right (a gap of half a
    character or more is a space that was not drawn), the lines top to bottom."""
    out: list[list[Line]] = []
    for fragment in sorted(fragments, key=lambda f: -f.bottom):
        row = out[-1] if out else None
        if row and abs(row[0].bottom - fragment.bottom) <= 0.5 * (row[0].top - row[0].bottom):
            row.append(fragment)
        else:
            out.append([fragment])
    lines = []
    for row in out:
        row.sort(key=lambda f: f.x0)
        text = row[0].text
        for before, fragment in zip(row, row[1:]):
            text += (" " if fragment.x0 - before.x1 >= 0.5 * fragment.width else "") + fragment.text
        lines.append(Line(text.strip(), row[0].x0, max(f.x1 for f in row), max(f.top for f in row),
                          min(f.bottom for f in row), statistics.median(f.width for f in row)))
    return [line for line in lines if line.text]


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Without page numbers, and without lines that recur at the top or bottom of most pages."""
    def shape(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edges = Counter(t for page in pages for t in {shape(line) for line in page[:2] + page[-2:]})
    running = {t for t, n in edges.items() if len(pages) >= 3 and n * 2 >= len(pages)}
    out = []
    for page in pages:
        edge = {id(line) for line in page[:2] + page[-2:]}
        out.append([line for line in page
                    if not (id(line) in edge and (PAGE_NUMBER_RE.match(line.text) or shape(line) in running))])
    return out


def _runs_on(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether line continues the paragraph of the line before: that one fills the measure, this one
    is not indented, and it is not a heading after a finished sentence."""
    if previous.x1 < right - 1.5 * previous.width or line.x0 > left + 0.5 * line.width:
        return False
    return not (previous.text.endswith(tuple(END_PUNCT)) and HEADING_RE.match(line.text))


def paragraphs(pages: list[list[Line]]) -> list[str]:
    """One string per paragraph, "" where a wider gap stands for a blank line."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = sorted(line.x1 for line in lines)[int(len(lines) * 0.9)]
    pitches = [a.top - b.top for page in pages for a, b in zip(page, page[1:]) if a.top > b.top]
    pitch = statistics.median(pitches) if pitches else 0
    out: list[str] = []
    previous: Line | None = None
    for page in pages:
        for i, line in enumerate(page):
            if previous is not None:
                if i > 0 and pitch and previous.top - line.top > 1.6 * pitch:
                    out.append("")
                elif _runs_on(previous, line, left, right):
                    out[-1] += line.text
                    previous = line
                    continue
            out.append(line.text)
            previous = line
    return out
