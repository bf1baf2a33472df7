"""A Word .docx → its text: paragraphs in order with their automatic numbering, tables row by row,
and a 任务分工表 (序号/任务/牵头单位/配合单位/完成时限) written out as numbered tasks with their notes.

Read with the standard library (zipfile, ElementTree) within package.py's bounds: python-docx
renders no numbering and docx2python renders Chinese counting as "--" (measured; see README)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qtrack.draft.formats import UnreadableDocument
from qtrack.draft.formats.numbering import W, Numbering
from qtrack.draft.formats.package import Package
from qtrack.draft.formats.tables import table_lines
from qtrack.i18n import _

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Not the text a reader sees: deleted or moved-away runs, field codes, properties, the fallback copy.
SKIP = {W + "delText", W + "instrText", W + "pPr", W + "rPr", MC_FALLBACK, W + "footnoteReference", W + "moveFrom",
        W + "del"}


def text(data: bytes, where: str) -> str:
    package = Package(data, where, "Word")
    body = package.xml("word/document.xml").find(W + "body")
    if body is None:
        raise UnreadableDocument(_("{where}: the Word file has no body").format(where=where))
    try:
        numbering = Numbering(package.xml("word/numbering.xml") if package.has("word/numbering.xml") else None)
        styles = _style_numbering(package.xml("word/styles.xml")) if package.has("word/styles.xml") else {}
        return "\n".join(_blocks(body, numbering, styles)) + "\n"
    except (ValueError, KeyError, IndexError) as exc:  # a number attribute that is not one, …
        raise UnreadableDocument(_("{where}: a damaged Word file ({exc})").format(where=where, exc=exc)) from None
    except RecursionError:
        raise UnreadableDocument(_("{where}: the Word file nests its content too deeply; refused as hostile").format(
                                     where=where)) from None


def _blocks(parent: ET.Element, numbering: Numbering, styles: dict[str, tuple[str, int]]) -> list[str]:
    """Lines of the body's paragraphs and tables in document order (content controls looked into)."""
    lines: list[str] = []
    for child in parent:
        if child.tag == W + "p":
            lines += _paragraph(child, numbering, styles).split("\n")
        elif child.tag == W + "tbl":
            rows = [[_cell(cell, numbering, styles) for cell in _cells(row)] for row in child.iter(W + "tr")]
            lines += table_lines(rows)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            lines += _blocks(child, numbering, styles)
    return lines


def _paragraph(p: ET.Element, numbering: Numbering, styles: dict[str, tuple[str, int]]) -> str:
    label = ""
    props = p.find(W + "pPr")
    if props is not None:
        num = props.find(W + "numPr")
        style = props.find(W + "pStyle")
        if num is not None and num.find(W + "numId") is not None:
            ilvl = num.find(W + "ilvl")
            label = numbering.label(num.find(W + "numId").get(W + "val", "0"),
                                    int(ilvl.get(W + "val", "0")) if ilvl is not None else 0)
        elif style is not None and style.get(W + "val") in styles:
            label = numbering.label(*styles[style.get(W + "val")])
    return label + "".join(_runs(p))


def _runs(element: ET.Element):
    for child in element:
        if child.tag in SKIP:
            continue
        if child.tag == W + "t":
            yield child.text or ""
        elif child.tag == W + "tab":
            yield " "
        elif child.tag in (W + "br", W + "cr"):
            yield "\n"
        elif child.tag == W + "p":  # a paragraph inside a text box within this one
            yield "\n"
            yield from _runs(child)
        else:
            yield from _runs(child)


def _cells(row: ET.Element) -> list[ET.Element | None]:
    """A row's cells, one per grid column: a cell spanning columns repeated over them (the table
    reader counts it once), None below the top of a vertically merged cell."""
    out: list[ET.Element | None] = []
    for cell in row.findall(W + "tc"):
        props = cell.find(W + "tcPr")
        span = props.find(W + "gridSpan") if props is not None else None
        merged = props.find(W + "vMerge") if props is not None else None
        continued = merged is not None and merged.get(W + "val", "continue") == "continue"
        out += [None if continued else cell] * min(int(span.get(W + "val", "1")) if span is not None else 1, 64)
    return out


def _cell(cell: ET.Element | None, numbering: Numbering, styles) -> list[str] | None:
    """A cell's paragraphs; None for the lower part of a vertically merged cell."""
    if cell is None:
        return None
    return [line.strip() for line in _blocks(cell, numbering, styles) if line.strip()]


def _style_numbering(root: ET.Element) -> dict[str, tuple[str, int]]:
    """Styles that number their paragraphs (a heading style tied to a list): style id → (list, level)."""
    out = {}
    for style in root.iter(W + "style"):
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None and num.find(W + "numId") is not None:
            ilvl = num.find(W + "ilvl")
            out[style.get(W + "styleId", "")] = (num.find(W + "numId").get(W + "val", "0"),
                                                 int(ilvl.get(W + "val", "0")) if ilvl is not None else 0)
    return out
