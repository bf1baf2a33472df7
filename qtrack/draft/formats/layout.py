"""Positioned text (a PDF's or an OFD's) → the document's paragraphs.

Fragments on one baseline are one line, read left to right; lines are read top to bottom. Page
numbers (— 3 —, 第3页, a bare 3) above or below all the text, and running headers repeated at the
top or bottom of most pages, go. A line that reaches the right margin (or was broken at a space
before a word too long for the room left) runs on into the next unindented line, across pages
too, unless that one starts a heading after a finished sentence; a blank line is kept where the
gap between two lines is clearly wider than the line pitch."""

from __future__ import annotations

import re
import statistics
import unicodedata
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
    spaced: bool = False  # it ends in a space that is really there: a line broken between words


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
                          min(f.bottom for f in row), statistics.median(f.width for f in row), row[-1].spaced))
    return [line for line in lines if line.text]


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Without page numbers, and without lines that recur at the top or bottom of most pages."""
    def shape(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edges = [line for page in pages for line in page[:2] + page[-2:]]
    counts = Counter(t for page in pages for t in {shape(line) for line in page[:2] + page[-2:]})
    running = {t for t, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    # A number is told by where it sits, not by recurring: every page number has the same shape.
    numbers = {id(line): line for line in edges if PAGE_NUMBER_RE.match(line.text)}
    furniture = {id(line) for line in edges if id(line) not in numbers and shape(line) in running}
    body = [line for page in pages for line in page if id(line) not in numbers and id(line) not in furniture]
    drop = furniture | {key for key, line in numbers.items() if _in_margin(line, body)}
    return [[line for line in page if id(line) not in drop] for page in pages]


def _in_margin(line: Line, body: list[Line]) -> bool:
    """Whether line lies above or below all the body's lines, where page numbers sit: a bare number
    inside the type area (a flattened table's 序号 cell at the top of a page) is text."""
    return not body or line.bottom >= max(b.top for b in body) or line.top <= min(b.bottom for b in body)


def _joint(previous: Line, line: Line, left: float, right: float) -> str | None:
    """How line continues the paragraph of the line before ("" or " "), or None when it does not:
    it must not be indented, nor a heading after a finished sentence, and the line before must
    fill the measure or have been broken at a space because line's first word would not fit."""
    if line.x0 > left + 0.5 * line.width or previous.text.endswith(tuple(END_PUNCT)) and HEADING_RE.match(line.text):
        return None
    if previous.x1 >= right - 1.5 * previous.width:
        return " " if previous.spaced else ""
    if previous.spaced and right - previous.x1 < _first_word(line) + line.width:
        return " "
    return None


def _first_word(line: Line) -> float:
    """The width of the line's first unbreakable run, estimated: up to an ideograph or a space,
    with the character after an opening bracket or quote, which never ends a line."""
    word = re.match(r"[^\u4e00-\u9fff\s]*", line.text).group()
    word = line.text[:len(word) + 1] if word.endswith(tuple("“‘(（〔《【「『[")) else word
    # Ideographs, full-width and (in Chinese type) ambiguous-width marks take an em; others about half.
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55 for ch in word) * line.width


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
                elif (joint := _joint(previous, line, left, right)) is not None:
                    out[-1] += joint + line.text
                    previous = line
                    continue
            out.append(line.text)
            previous = line
    return out
