"""A PDF's text layer → the document's paragraphs, through PDFium (pypdfium2).

Lines come from PDFium's character boxes; the spaces PDFium makes up from gaps are dropped (they
split "58号" and "2011年" apart), except between two Latin letters or digits. Page numbers
(— 3 —, 第3页) and running headers repeated at the top or bottom of most pages go. A line that
reaches the right margin runs on into the next unindented line, across pages too; a blank line
is kept where the gap between two lines is clearly wider than the line pitch."""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from qtrack.draft.clean import END_PUNCT
from qtrack.draft.formats import UnreadableDocument, needs
from qtrack.draft.headings import HEADING_RE

MAX_PAGES = 2000  # far beyond any policy document; a file claiming more is refused before reading
PAGE_NUMBER_RE = re.compile(r"^[—–\-－_~·•\s]*(第\s*)?\d{1,4}\s*页?(\s*[/／]\s*(共\s*)?\d{1,4}\s*页?)?[—–\-－_~·•\s]*$")
OCR_HINT = ("OCR it first, e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf` (Debian: ocrmypdf tesseract-ocr-chi-sim), "
            "then draft OUT.pdf")
FPDF_ERR_PASSWORD = 4
FPDF_ERR_SECURITY = 5


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float      # PDF coordinates: y grows upwards
    bottom: float
    width: float    # a typical character's width on the line


def text(data: bytes, where: str) -> str:
    pdfium = needs("pypdfium2", "PDF", where)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY):
            raise UnreadableDocument(f"{where}: the PDF is password-protected; "
                                     "save an unprotected copy (or print it to PDF) and draft that") from None
        raise UnreadableDocument(f"{where}: a damaged PDF, not readable") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableDocument(f"{where}: the PDF claims {len(pdf)} pages; draft reads at most {MAX_PAGES}")
        pages = [_page_lines(pdf, i, pdfium) for i in range(len(pdf))]
        if not any(line.text.strip() for page in pages for line in page):
            if _has_images(pdf, pdfium):
                raise UnreadableDocument(f"{where}: the PDF has no text layer (a scan?); {OCR_HINT}")
            raise UnreadableDocument(f"{where}: the PDF holds no text")
    except pdfium.PdfiumError:
        raise UnreadableDocument(f"{where}: a damaged PDF, not readable") from None
    finally:
        pdf.close()
    return "\n".join(paragraphs(drop_furniture(pages))) + "\n"


def _has_images(pdf, pdfium) -> bool:
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            if next(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None:
                return True
        finally:
            page.close()
    return False


def _page_lines(pdf, index: int, pdfium) -> list[Line]:
    raw = pdfium.raw
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return []
        chars = textpage.get_text_range(0, count)
        lines, current = [], []
        rect = raw.FS_RECTF()
        for i in range(min(count, len(chars))):
            ch = chars[i]
            if ch in "\r\n":
                lines.append(current)
                current = []
                continue
            if raw.FPDFText_IsGenerated(textpage, i) == 1 and ch == " ":
                current.append((" ", None))
                continue
            # The loose box is the glyph's advance: a 。 ends where its em ends, not where its ink does.
            raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect))
            current.append((ch, (rect.left, rect.right, rect.bottom, rect.top)))
        lines.append(current)
        return [line for chars in lines if (line := _line(chars))]
    finally:
        textpage.close()
        page.close()


def _line(chars: list[tuple[str, tuple | None]]) -> Line | None:
    """A line from its characters: made-up spaces kept only between Latin letters or digits."""
    out = []
    for i, (ch, box) in enumerate(chars):
        if box is None:
            before = out[-1] if out else ""
            after = next((c for c, b in chars[i + 1:] if b is not None), "")
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                out.append(" ")
            continue
        out.append(ch)
    boxes = [b for ch, b in chars if b is not None and not ch.isspace()]
    if not boxes:
        return None
    return Line("".join(out).strip(), min(b[0] for b in boxes), max(b[1] for b in boxes),
                max(b[3] for b in boxes), min(b[2] for b in boxes), statistics.median(b[1] - b[0] for b in boxes))


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Without page numbers, and without lines that recur at the top or bottom of most pages."""
    edges = Counter()
    for page in pages:
        for line in {l.text for l in page[:2] + page[-2:]}:
            edges[re.sub(r"\d+", "#", line)] += 1
    running = {t for t, n in edges.items() if len(pages) >= 3 and n * 2 >= len(pages)}
    out = []
    for page in pages:
        edge = set(map(id, page[:2] + page[-2:]))
        out.append([l for l in page if not (id(l) in edge and (PAGE_NUMBER_RE.match(l.text)
                                                               or re.sub(r"\d+", "#", l.text) in running))])
    return out


def _runs_on(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether line continues the paragraph of the line before: that one fills the measure, this one
    is not indented, and it is not a heading after a finished sentence."""
    if previous.x1 < right - 1.5 * previous.width or line.x0 > left + 0.5 * line.width:
        return False
    return not (previous.text.endswith(tuple(END_PUNCT)) and HEADING_RE.match(line.text))


def paragraphs(pages: list[list[Line]]) -> list[str]:
    """One string per paragraph, "" where a wider gap stands for a blank line."""
    lines = [l for page in pages for l in page]
    if not lines:
        return []
    left = Counter(round(l.x0) for l in lines).most_common(1)[0][0]
    right = sorted(l.x1 for l in lines)[int(len(lines) * 0.9)]
    pitches = [a.top - b.top for page in pages for a, b in zip(page, page[1:]) if a.top > b.top]
    pitch = statistics.median(pitches) if pitches else 0
    out: list[str] = []
    previous: Line | None = None
    for page in pages:
        for i, line in enumerate(page):
            if previous is not None:
                same_page = i > 0
                if same_page and pitch and previous.top - line.top > 1.6 * pitch:
                    out.append("")
                elif _runs_on(previous, line, left, right):
                    out[-1] += line.text
                    previous = line
                    continue
            out.append(line.text)
            previous = line
    return out
