"""A saved web page (.html, .htm, or .mhtml as browsers save it) → the text a reader sees on it.

Own rules over the standard library's HTMLParser (measured against trafilatura: see README):
scripts, styles and forms go; block elements, <br> and </p> end lines; entities are unescaped;
a page is decoded by its declared charset (GBK/GB2312 read as GB18030, their superset). Menus,
breadcrumbs and footers are left to the drafter, which finds the document inside the page.
Data tables are read row by row (a 任务分工表 as tasks); layout tables, cell by cell."""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from html.parser import HTMLParser

from qtrack.draft.formats import UnreadableDocument
from qtrack.draft.formats.tables import is_task_table, table_lines
from qtrack.i18n import _

CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "gb18030"}
SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "select", "button", "textarea", "head", "object"}
BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
          "pre", "dd", "dt", "dl", "hr", "center", "header", "footer", "nav", "aside", "main", "form", "address",
          "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "title"}
VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param"}


def text(data: bytes, where: str, charset: str | None = None) -> str:
    parser = _PageText()
    parser.feed(decode(data, charset))
    parser.close()
    return "\n".join(parser.finish()) + "\n"


def decode(data: bytes, charset: str | None = None) -> str:
    """The page's text by its BOM, its declared charset, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    declared = charset or (m.group(1).decode("ascii", "replace") if (m := CHARSET_RE.search(data[:8192])) else None)
    if declared:
        declared = "gb18030" if declared.lower() in GB else declared
        try:
            codecs.lookup(declared)
            return data.decode(declared, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def mhtml_text(data: bytes, where: str) -> str:
    """A page saved as one MIME file (.mhtml): its HTML part, by the part's own charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return text(payload, where, part.get_content_charset())
    raise UnreadableDocument(_("{where}: the saved page (.mhtml) holds no HTML part").format(
                                 where=where))


class _PageText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line = ""
        self.skipping: list[str] = []
        self.pre = 0
        self.tables: list[_Table] = []  # open tables, innermost last

    # -- where text goes: the current line, or the open table cell ---------------------------

    def _cell(self) -> list[str] | None:
        return self.tables[-1].cell if self.tables else None

    def _out(self, text: str) -> None:
        cell = self._cell()
        if cell is not None:
            cell[-1] += text
        else:
            self.line += text

    def _break(self, blank: bool = False) -> None:
        cell = self._cell()
        if cell is not None:
            if cell[-1].strip():
                cell.append("")
            return
        if self.line.strip():
            self.lines.append(self.line.strip())
        elif blank and self.lines and self.lines[-1]:
            self.lines.append("")
        self.line = ""

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # a <head> never closed ends here
            self.skipping = [t for t in self.skipping if t != "head"]
        if tag in SKIP:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if self.skipping:
            return
        if tag == "br":
            self._break()
        elif tag in BLOCKS:
            self._break()
            self.pre += tag == "pre"
        elif tag == "table":
            self._break()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].new_row()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].new_cell(dict(attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in BLOCKS:
            self._break(blank=tag == "p")
            self.pre -= tag == "pre" and self.pre > 0
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].end_cell()
        elif tag == "table" and self.tables:
            self._lines_out(self.tables.pop().lines())

    def handle_data(self, data):
        if self.skipping:
            return
        if self.pre:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._break()
                self._out(piece.replace("\xa0", " "))
        else:
            self._out(re.sub(r"[ \t\r\n\f\xa0]+", " ", data))

    def _lines_out(self, lines: list[str]) -> None:
        cell = self._cell()
        for line in lines:
            if cell is not None:  # a table inside a cell: its lines are the cell's paragraphs
                cell += [line, ""]
            else:
                self.lines.append(line)

    def finish(self) -> list[str]:
        while self.tables:
            self._lines_out(self.tables.pop().lines())
        self._break()
        return self.lines


class _Table:
    """An HTML table's rows of cells (each a list of paragraphs), spans laid onto the grid: a cell
    with rowspan stands as None in the rows below it, one with colspan repeats across."""

    def __init__(self):
        self.rows: list[list[list[str] | None]] = []
        self.cell: list[str] | None = None
        self.spans = (1, 1)  # the open cell's rowspan and colspan
        self.below: dict[int, int] = {}  # column → rows a cell above still covers
        self.layout = False  # a page laid out in a table, not a table of data

    def new_row(self) -> None:
        self.end_cell()
        self.rows.append([])
        self._covered()

    def _covered(self) -> None:
        row = self.rows[-1]
        while self.below.get(len(row), 0) > 0:
            self.below[len(row)] -= 1
            row.append(None)

    def new_cell(self, attrs: dict) -> None:
        self.end_cell()
        if not self.rows:
            self.new_row()
        self.cell = [""]
        self.spans = (_span(attrs.get("rowspan")), _span(attrs.get("colspan")))

    def end_cell(self) -> None:
        if self.cell is None:
            return
        paragraphs = [p.strip() for p in self.cell if p.strip()]
        self.layout |= sum(map(len, paragraphs)) > 200  # a cell holding prose: the article itself
        rowspan, colspan = self.spans
        row = self.rows[-1]
        for _ in range(colspan):
            if rowspan > 1:
                self.below[len(row)] = rowspan - 1
            row.append(paragraphs)
        self._covered()
        self.cell = None

    def lines(self) -> list[str]:
        self.end_cell()
        rows = [row for row in self.rows if row]
        if self.layout and not is_task_table(rows):  # a page laid out in a table: its cells are blocks of text
            return [p for row in rows for cell in row if cell for p in cell]
        return table_lines(rows)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 64))
    except ValueError:
        return 1
