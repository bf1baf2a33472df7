"""An OFD file (GB/T 33190, the national format for electronic official documents) → its text.

An OFD is a zip of XML: OFD.xml names each document's Document.xml, which lists its pages; a
page's Content.xml places TextCode runs at X/Y positions. The runs are read by position, top to
bottom and left to right, whatever order the file stores them in, and laid into lines and
paragraphs by layout.py as a PDF's are; the page templates (letterheads, running headers) are not
read."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET

from qtrack.draft.formats import UnreadableDocument
from qtrack.draft.formats.layout import MAX_PAGES, Line, drop_furniture, paragraphs, rows
from qtrack.draft.formats.package import Package
from qtrack.i18n import _

NS = "{http://www.ofdspec.org/2016}"


def text(data: bytes, where: str) -> str:
    package = Package(data, where, "OFD")
    pages = []
    try:
        for doc_root in package.xml("OFD.xml").iter(NS + "DocRoot"):
            document = _path("", doc_root.text or "")
            for page in package.xml(document).iter(NS + "Page"):
                pages.append(page_lines(package.xml(_path(posixpath.dirname(document), page.get("BaseLoc", "")))))
                if len(pages) > MAX_PAGES:
                    raise UnreadableDocument(_("{where}: the OFD has more than {max_pages} pages; refused").format(
                                                 where=where, max_pages=MAX_PAGES))
    except ValueError as exc:  # a position that is not a number
        raise UnreadableDocument(_("{where}: a damaged OFD file ({exc})").format(where=where, exc=exc)) from None
    if not any(pages):
        raise UnreadableDocument(_("{where}: the OFD has no text (a scan?); OCR it, or ask for the text").format(
                                     where=where))
    return "\n".join(paragraphs(drop_furniture(pages))) + "\n"


def _path(base: str, location: str) -> str:
    """A location inside the package: absolute from the root, else relative to base."""
    location = location.strip().replace("\\", "/")
    return posixpath.normpath(location.lstrip("/") if location.startswith("/") else posixpath.join(base, location))


def page_lines(content: ET.Element) -> list[Line]:
    """A page's runs of text, placed on the page, as lines (layout.rows)."""
    runs = []
    for obj in content.iter(NS + "TextObject"):
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()[:4]]
        # Positions and sizes are in the object's space; its CTM (a b c d e f) maps them onto the page.
        a, b, c, d, e, f = [float(v) for v in (obj.get("CTM") or "1 0 0 1 0 0").split()[:6]]
        own_size = float(obj.get("Size") or 0) or (box[3] or 1) / abs(d or 1)
        size = own_size * abs(d or 1)
        for code in obj.iter(NS + "TextCode"):
            chars = (code.text or "").strip()
            if not chars:
                continue
            x0, y0 = float(code.get("X") or 0), float(code.get("Y") or 0)
            x = box[0] + a * x0 + c * y0 + e
            baseline = box[1] + b * x0 + d * y0 + f  # OFD's y grows downwards: negate it for layout
            width = _advance(code.get("DeltaX"), len(chars), own_size) * abs(a or 1)
            runs.append(Line(chars, x, x + width, -baseline + size, -baseline, size))
    return rows(runs)


def _advance(delta_x: str | None, count: int, size: float) -> float:
    """The width a run of count characters covers, in the object's space: the sum of its DeltaX steps
    ("g 3 4.2" repeats a step) plus one character, or count characters of the font size."""
    if not delta_x:
        return count * size
    steps: list[float] = []
    tokens = delta_x.split()
    i = 0
    while i < len(tokens) and len(steps) < count:
        if tokens[i] == "g" and i + 2 < len(tokens):
            steps += [float(tokens[i + 2])] * min(int(tokens[i + 1]), count)
            i += 3
        else:
            steps.append(float(tokens[i]))
            i += 1
    return sum(steps[:count - 1]) + size
