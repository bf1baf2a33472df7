"""A PDF's text layer → the document's paragraphs, through PDFium (pypdfium2).

Lines come from PDFium's character boxes; the spaces PDFium makes up from gaps are dropped (they
split "58号" and "2011年" apart), except between two Latin letters or digits. layout.py then
drops the page furniture and joins the lines into paragraphs."""

from __future__ import annotations

import ctypes
import statistics

from qtrack.draft.formats import UnreadableDocument, needs
from qtrack.draft.formats.layout import MAX_PAGES, Line, drop_furniture, paragraphs, rows
from qtrack.i18n import _

MAX_CHARS = 5_000_000  # a 30-page document holds some 15,000 characters
OCR_HINT = ("OCR it first, e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf` (Debian: ocrmypdf tesseract-ocr-chi-sim), "
            "then draft OUT.pdf")
FPDF_ERR_PASSWORD = 4
FPDF_ERR_SECURITY = 5


def text(data: bytes, where: str) -> str:
    pdfium = needs("pypdfium2", "PDF", where)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY):
            raise UnreadableDocument(_("{where}: the PDF is password-protected; save an unprotected copy (or print "
                                       "it to PDF) and draft that").format(where=where)) from None
        raise UnreadableDocument(_("{where}: a damaged PDF, not readable").format(where=where)) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableDocument(_("{where}: the PDF claims {pdf} pages; draft reads at most {max_pages}").format(
                                         where=where, pdf=len(pdf), max_pages=MAX_PAGES))
        pages, chars = [], 0
        for i in range(len(pdf)):
            pages.append(_page_lines(pdf, i, pdfium))
            chars += sum(len(line.text) for line in pages[-1])
            if chars > MAX_CHARS:
                raise UnreadableDocument(_("{where}: the PDF holds more than {max_chars:,} characters; refused").format(
                                             where=where, max_chars=MAX_CHARS))
        if not any(line.text.strip() for page in pages for line in page):
            if _has_images(pdf, pdfium):
                raise UnreadableDocument(_("{where}: the PDF has no text layer (a scan?); {ocr_hint}").format(
                                             where=where, ocr_hint=OCR_HINT))
            raise UnreadableDocument(_("{where}: the PDF holds no text").format(where=where))
    except pdfium.PdfiumError:
        raise UnreadableDocument(_("{where}: a damaged PDF, not readable").format(where=where)) from None
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
        return rows([line for chars in lines if (line := _line(chars))])
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
    drawn = [ch for ch, box in chars if box is not None]
    return Line("".join(out).strip(), min(b[0] for b in boxes), max(b[1] for b in boxes),
                max(b[3] for b in boxes), min(b[2] for b in boxes), statistics.median(b[1] - b[0] for b in boxes),
                spaced=drawn[-1] == " ")
