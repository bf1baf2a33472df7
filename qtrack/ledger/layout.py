"""How a ledger sheet looks on screen and on paper: columns, cell formats, row heights, print setup.

Printed, a sheet must carry every word of every cell at a readable size. A spreadsheet writer
cannot auto-fit rows, so each row's height is computed here from its cells' text, measured in
display cells (a Chinese character is two, as on a terminal), wrapped into the column widths. The
body is 五号 (10.5 pt), the size of Chinese official documents, and the columns are chosen to fit
the paper at 100 %, so nothing is shrunk to fit: plan, targets and duties sheets print on A3
landscape, the summary on A4 portrait, with the header row repeated on every page, the plan's
title and the as-of date in the page header, and 第N页 共M页 in the footer.

The sheets are written with XlsxWriter (write.py): its formats are made once per workbook here,
and a streamed cell carries one of them.
"""

from __future__ import annotations

import functools
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

# Page sizes (Excel's paperSize codes) and the printable width in column units at 100 %:
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


@functools.cache
def _char_cells(ch: str) -> float:
    return display_cells(ch)


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
            # The tokens are mostly single Chinese characters: their widths are looked up, not
            # measured again (a 100,000-task ledger measures millions); an ASCII word is 1.25 a letter.
            if len(token) == 1:
                size = _char_cells(token)
            elif token[0].isspace():
                size = display_cells(token)
            else:
                size = 1.25 * len(token)
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


_LIGHTS = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"), "green": ("C6EFCE", "006100")}
HEADER_MAX = 255  # characters Excel allows a page header (XlsxWriter drops a longer one whole)


def formats(book, depths: range = range(4)) -> dict[str, object]:
    """The ledger's cell formats, by name: text, center, head, fill, date, … and text-N, the task
    text indented for a sub-task N levels down."""
    base = {"font_name": FONT, "font_size": SIZE, "border": 1, "border_color": "#999999", "text_wrap": True,
            "valign": "top"}
    center = {"align": "center"}
    fill = {"pattern": 1, "bg_color": "#FFFBEA"}  # pattern 1 (solid): XlsxWriter writes bg_color as the fill
    out: dict[str, object] = {}

    def add(name: str, **style) -> None:
        out[name] = book.add_format({**base, **style})

    add("text")
    for depth in depths[1:]:
        add(f"text-{depth}", indent=2 * depth)
    add("center", **center)
    add("date", **center, num_format="yyyy-mm-dd")
    add("percent", **center, num_format='0"%"')
    add("ratio", **center, num_format="0%")
    add("number", **center)
    add("head", bold=True, **center, pattern=1, bg_color="#D9E1F2")
    add("fill-head", bold=True, **center, pattern=1, bg_color="#FFF2CC")
    add("fill", **fill)
    add("fill-date", **fill, **center, num_format="yyyy-mm-dd")
    for light, (back, ink) in _LIGHTS.items():
        add(light, bold=True, font_color=f"#{ink}", **center, pattern=1, bg_color=f"#{back}")
    out["title"] = book.add_format({"font_name": FONT, "font_size": 14, "bold": True, "valign": "vcenter"})
    return out


def set_up(sheet, columns: list[Column], *, title: str, as_of, paper: int = A3, orientation: str = "landscape",
           freeze: tuple[int, int] = (2, 2)) -> None:
    """Widths, the frozen header (`freeze`: the rows and columns kept in view), and a print layout
    at 100 % on the given paper (checked to fit): the header row repeated, the title and as-of date
    in the page header, 第N页 共M页 below."""
    if not fits(columns, paper, orientation):
        raise ValueError(f"the columns of {sheet.name} do not fit the paper")  # a layout bug, not the user's
    for i, column in enumerate(columns):
        if column.width > 0:
            # In pixels, so that the file states the width itself: XlsxWriter's set_column would
            # add the cell's 5 px of padding, which printed_width already counts.
            sheet.set_column_pixels(i, i, round(column.width * 7))
        else:
            sheet.set_column(i, i, None, None, {"hidden": True})  # the reference: there for re-import, not printed
    rows, cols = freeze
    sheet.freeze_panes(rows, cols)
    sheet.repeat_rows(1)  # the header row (row 2)
    # Where a wider font than the file was laid out for pushes the fill-in columns onto a page
    # of their own, that page follows its rows' page and repeats the columns that name the rows.
    sheet.repeat_columns(0, cols - 1)
    sheet.print_across()
    sheet.set_paper(paper)
    sheet.set_landscape() if orientation == "landscape" else sheet.set_portrait()
    sheet.set_print_scale(100)  # never fit to page: shrinking to fit is what made the print unreadable
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
    font = f'&"{FONT},Regular"&10'
    right, footer = f"&R{font}截至 {as_of}", f"&C{font}第 &P 页 共 &N 页"
    room = HEADER_MAX - len(f"&C{font}") - len(right)
    sheet.set_header(f"&C{font}{header_text(title, room)}{right}", {"margin": 0.3})
    sheet.set_footer(footer, {"margin": 0.3})


def header_text(text: str, room: int = HEADER_MAX) -> str:
    """Text for a page header, where & starts a code, cut to the room Excel leaves it."""
    text = text.replace("&", "&&")
    if _utf16(text) <= room:
        return text
    while _utf16(text) > room - 1:  # Excel counts UTF-16 units: a character beyond the BMP is two
        text = text[:-1]
    if (len(text) - len(text.rstrip("&"))) % 2:
        text = text[:-1]  # never cut an && in half
    return text + "…"


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def set_height(sheet, row: int, points: float) -> None:
    """Row `row` (from 0) at least `points` tall: a row is a whole number of pixels (3/4 pt), and
    XlsxWriter's set_row would round to the nearest, a little short of the text half the time."""
    sheet.set_row_pixels(row, math.ceil(points * 4 / 3 - 1e-9))


def heading(sheet, styles: dict[str, object], columns: list[Column], title: str) -> None:
    """Write the title row and the header row (streamed: before the body rows)."""
    set_height(sheet, 0, TITLE_HEIGHT)
    sheet.write_string(0, 0, cell_text(title), styles["title"])  # a plan titled `=…` is still text
    header_columns = [Column(c.header, c.width) for c in columns]
    set_height(sheet, 1, row_height([c.header for c in columns], header_columns))
    for i, column in enumerate(columns):
        sheet.write_string(1, i, column.header, styles["fill-head" if column.fill else "head"])
