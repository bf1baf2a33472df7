"""How a ledger sheet looks on screen and on paper: columns, named styles, row heights, print setup.

Printed, a sheet must carry every word of every cell at a readable size. openpyxl cannot
auto-fit rows, so each row's height is computed here from its cells' text, measured in display
cells (a Chinese character is two, as on a terminal), wrapped into the column widths. The body
is 五号 (10.5 pt), the size of Chinese official documents, and the columns are chosen to fit the
paper at 100 %, so nothing is shrunk to fit: plan, targets and duties sheets print on A3
landscape, the summary on A4 portrait, with the header row repeated on every page, the plan's
title and the as-of date in the page header, and 第N页 共M页 in the footer.

The styles are named styles, registered once per workbook: a streamed cell then carries one
style name instead of half a dozen style objects to hash.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

FONT = "宋体"  # what a Chinese office has; elsewhere the system's CJK font stands in
SIZE = 10.5  # 五号
LINE = 14.0  # points per wrapped line at 10.5 pt (Excel gives 宋体 13.5; LibreOffice's Noto CJK 13.6)
PADDING = 4.0  # points above and below the text of a row
TITLE_HEIGHT = 26.0
MAX_TEXT = 32767  # what an Excel cell holds
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in the file's XML
_TOKENS = re.compile(r"\s+|[\u0021-\u007e]+|.", re.S)  # a space run, an ASCII word, or one other character

# Page sizes (openpyxl's paperSize codes) and the printable width in column units at 100 %:
# a column unit is the default font's digit (7 px at 96 dpi), plus 5 px of padding per column.
A3, A4 = 8, 9
_PAGE_PX = {(A3, "landscape"): 1500, (A4, "portrait"): 690}  # paper less 10 mm margins, in pixels


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in column units (≈ display cells at 10.5 pt)
    style: str = "text"  # the named style of its body cells
    fill: bool = False  # a column the department fills in


def cell_text(value) -> str | None:
    """A text value as a cell can carry it: no control characters, at most 32,767 characters."""
    if value is None:
        return None
    text = _ILLEGAL.sub("\ufffd", str(value))
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def display_cells(text: str) -> float:
    """Width in column units: a Chinese (wide or full-width) character is two display cells, one
    em at 10.5 pt, which is two units; any other character counts 1.25, the widest a fallback
    font draws a Latin letter or digit at that size, so that no line is longer than computed."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.25 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a column `width` units wide, wrapped as a spreadsheet does:
    Chinese between any two characters, Latin words whole unless longer than the line."""
    room = max(1.0, width - 1)  # the cell's own padding
    if 2 * len(text) <= room and "\n" not in text:
        return 1  # the common case, without measuring: no character is wider than two
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for token in _TOKENS.findall(paragraph):
            size = display_cells(token)
            if token.isspace():
                used += size
                continue
            if used + size > room and used > 0:
                lines, used = lines + 1, 0.0
            if size > room:  # a word longer than the line is broken where it overflows
                lines += math.ceil(size / room) - 1
                size = size % room or room
            used += size
        total += lines
    return total


def row_height(values: list, columns: list[Column], indent: int = 0) -> float:
    """The height in points that shows every line of every cell of the row."""
    lines = 1
    for i, (value, column) in enumerate(zip(values, columns)):
        if not isinstance(value, str) or column.width <= 0:
            continue  # numbers and dates do not wrap
        width = column.width - (1.5 * indent if i == 1 else 0)  # sub-tasks are indented in column B
        lines = max(lines, wrapped_lines(value, width))
    return lines * LINE + PADDING


def printed_width(columns: list[Column]) -> int:
    """Pixels the printed (non-hidden) columns take at 100 %."""
    return sum(round(c.width * 7) + 5 for c in columns if c.width > 0)


def fits(columns: list[Column], paper: int, orientation: str) -> bool:
    return printed_width(columns) <= _PAGE_PX[(paper, orientation)]


def header_text(text: str) -> str:
    """Text for a page header, where & starts a code."""
    return text.replace("&", "&&")


_LIGHTS = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"), "green": ("C6EFCE", "006100")}


def register_styles(book, depths: range = range(4)) -> None:
    """Add the ledger's named styles to the workbook: text, center, head, fill, date, … and
    text-N, the task text indented for a sub-task N levels down."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font, bold = Font(name=FONT, size=SIZE), Font(name=FONT, size=SIZE, bold=True)
    top = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="top", wrap_text=True)
    fill = PatternFill("solid", fgColor="FFFBEA")

    def add(name: str, **style) -> None:
        book.add_named_style(NamedStyle(name=f"台帐·{name}", **{"font": font, "border": border,
                                                                 "alignment": top, **style}))

    add("text")
    for depth in depths[1:]:
        add(f"text-{depth}", alignment=Alignment(wrap_text=True, vertical="top", indent=2 * depth))
    add("center", alignment=center)
    add("date", alignment=center, number_format="yyyy-mm-dd")
    add("percent", alignment=center, number_format='0"%"')
    add("ratio", alignment=center, number_format="0%")
    add("number", alignment=center, number_format="General")
    add("head", font=bold, alignment=center, fill=PatternFill("solid", fgColor="D9E1F2"))
    add("fill-head", font=bold, alignment=center, fill=PatternFill("solid", fgColor="FFF2CC"))
    add("fill", fill=fill)
    add("fill-date", fill=fill, alignment=center, number_format="yyyy-mm-dd")
    for light, (back, ink) in _LIGHTS.items():
        add(light, font=Font(name=FONT, size=SIZE, bold=True, color=ink), alignment=center,
            fill=PatternFill("solid", fgColor=back))
    book.add_named_style(NamedStyle(name="台帐·title", font=Font(name=FONT, size=14, bold=True),
                                    alignment=Alignment(vertical="center")))


def style_name(style: str) -> str:
    return f"台帐·{style}"


def set_up(sheet, columns: list[Column], *, title: str, as_of, paper: int = A3, orientation: str = "landscape",
           freeze: str = "C3") -> None:
    """Widths, the frozen header, and a print layout at 100 % on the given paper (checked to fit):
    the header row repeated, the title and as-of date in the page header, 第N页 共M页 below."""
    from openpyxl.utils import get_column_letter

    if not fits(columns, paper, orientation):
        raise ValueError(f"the columns of {sheet.title} do not fit the paper")  # a layout bug, not the user's
    for i, column in enumerate(columns, start=1):
        dim = sheet.column_dimensions[get_column_letter(i)]
        if column.width > 0:
            dim.width = column.width
        else:
            dim.hidden = True  # the reference: present for re-import, out of the way, not printed
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "2:2"
    # Where a wider font than the file was laid out for pushes the fill-in columns onto a page
    # of their own, that page follows its rows' page and repeats the columns that name the rows.
    sheet.print_title_cols = f"A:{chr(ord(freeze[0]) - 1)}"
    sheet.page_setup.pageOrder = "overThenDown"
    setup = sheet.page_setup
    setup.paperSize, setup.orientation, setup.scale = paper, orientation, 100
    sheet.sheet_properties.pageSetUpPr.fitToPage = False  # shrinking to fit is what made the print unreadable
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    for part, text in ((sheet.oddHeader.center, header_text(title)), (sheet.oddHeader.right, f"截至 {as_of}"),
                       (sheet.oddFooter.center, "第 &P 页 共 &N 页")):
        part.text, part.font, part.size = text, FONT, 10


def heading(sheet, columns: list[Column], title: str) -> None:
    """Append the title row and the header row (streamed: call before the body rows)."""
    from openpyxl.cell import WriteOnlyCell

    sheet.row_dimensions[1].height = TITLE_HEIGHT
    first = WriteOnlyCell(sheet, cell_text(title))
    first.data_type, first.style = "s", style_name("title")  # a plan titled `=…` is still text
    sheet.append([first])
    header_columns = [Column(c.header, c.width) for c in columns]
    sheet.row_dimensions[2].height = row_height([c.header for c in columns], header_columns)
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.style = style_name("fill-head" if column.fill else "head")
        cells.append(cell)
    sheet.append(cells)
