"""What a command found, written in the format asked for: one registry of formats for every command.

A command builds an Output — its rows, the columns a table shows them in, and, where its answer
is more than rows (`show`, the `status` scoreboard, `check`), the whole document for JSON and a
layout of its own for the table — and hands it to render(). Each format is a function registered
under its name (as datasette's renderers are): table, json and csv here; a format registered
later reaches every command at once, and a name nobody registered fails as a usage error.

JSON is the stable interface for scripts: the rows as they are, Chinese unescaped. CSV has one
column per key with lists joined by 、. Only the table goes through Rich, which measures CJK
characters as two cells, drops colour when output is not a terminal and honours NO_COLOR (a
listing's table off a terminal is Rich's too, byte for byte, drawn without its console:
qtrack/plain_table.py).

Text in the rows comes from plan files and notes that anyone may have written, so it is shown,
never obeyed: Rich markup in it stays literal, no output carries a raw control character (an ESC
or a C1 CSI can retitle or clear a terminal that `cat`s the file), and a CSV cell that a
spreadsheet would run as a formula is defused.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TextIO

from qtrack.i18n import _

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes C0 itself, but not DEL and C1
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what Excel, WPS and LibreOffice read as the start of a formula
_ROWS = object()  # Output.document's default: JSON writes the rows themselves


def clean(text: str) -> str:
    """Control characters (an ESC starts a terminal command) made visible as \\xNN instead."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def dumps(data: Any, **kwargs) -> str:
    """JSON text with Chinese as is and no raw control character: DEL and C1 written as \\u00NN."""
    import json  # here: a table needs neither json nor csv

    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, **kwargs))


class Column(NamedTuple):
    key: str
    header: str
    justify: str = "left"
    show: Callable[[Any, dict], Any] | None = None  # (value, row) -> cell text or a Rich Text
    style: str | None = None
    no_wrap: bool = False  # references, codes, dates: never broken, never cut; text columns fold
    min_width: int | None = None


@dataclass
class Output:
    """What a command hands to render(): the same answer for every format."""

    rows: Iterable[dict]  # what CSV (and any format registered later) writes, one row each
    columns: Sequence[Column] = ()  # how the table shows the rows
    title: str | None = None
    caption: str | None = None
    empty: str = "nothing to show"
    row_style: Callable[[dict], str | None] | None = None
    more: int = 0  # rows the page left out; the table says so under itself
    keys: list[str] | None = None  # CSV's header, so rows can stream; else the union of their keys
    document: Any = _ROWS  # JSON's answer when it is more than the rows (show, status, check)
    view: Callable[[], Any] | None = None  # a layout of its own for the table format: tables (Outputs of
    # rows, columns, title and caption) and lines one after another, in a list; a Rich renderable; or lines
    # of text, which are never wrapped (a terminal folds a long line itself, and a file keeps it whole)
    note: str | None = None  # what filtered the answer unasked (the active context): under the table, or on stderr


class Format(NamedTuple):
    write: Callable[[Output, TextIO], None]
    paged: bool = False  # shows one screenful (a table for people) rather than every row (for scripts)


FORMATS: dict[str, Format] = {}


def register(name: str, write: Callable[[Output, TextIO], None], *, paged: bool = False) -> None:
    """Add an output format; every command's --format takes it from then on."""
    if name in FORMATS:
        raise ValueError(f"output format {name!r} is registered already")
    FORMATS[name] = Format(write, paged)


def unknown(name: str) -> str | None:
    """Why `name` is not a format, or None when it is one."""
    if name in FORMATS:
        return None
    *most, last = FORMATS
    return _("{name!r} is not an output format; use {most} or {last}").format(
               name=name, most=', '.join(most), last=last)


def paged(name: str) -> bool:
    return FORMATS[name].paged


def render(out: Output, fmt: str, stream: TextIO | None = None) -> None:
    """Write `out` in the format named `fmt`: the one place a command's output is written."""
    if unknown(fmt):
        from qtrack.errors import QtrackError

        raise QtrackError(unknown(fmt))
    FORMATS[fmt].write(out, stream or sys.stdout)
    if out.note and fmt != "table":  # a script's output stays as it is; the person running it is told
        print(f"qtrack: {out.note}", file=sys.stderr)


# --- JSON ----------------------------------------------------------------------------------------

def write_json(data: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(dumps(data, indent=2) + "\n")


def write_json_rows(rows: Iterable[dict], stream: TextIO | None = None) -> None:
    """A JSON list written row by row: the text json.dump(list(rows), indent=2) would give,
    without holding every row in memory at once."""
    stream = stream or sys.stdout
    opening = "["
    for row in rows:
        stream.write(f"{opening}\n  " + dumps(row, indent=2).replace("\n", "\n  "))
        opening = ","
    stream.write("[]\n" if opening == "[" else "\n]\n")


def _json(out: Output, stream: TextIO) -> None:
    if out.document is _ROWS:
        write_json_rows(out.rows, stream)
    else:
        write_json(out.document, stream)


# --- CSV -----------------------------------------------------------------------------------------

def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "、".join(map(str, value))
    elif isinstance(value, dict):
        import json

        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(_FORMULA):
            return "'" + value  # shown as text by every spreadsheet; the apostrophe is not displayed
    return value


def to_a_file(stream: TextIO) -> bool:
    """Whether `stream` is a regular file (`> out.csv`), not a terminal or a pipe."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # a StringIO, a test runner's capture
        return False


def write_csv(rows: Iterable[dict], stream: TextIO | None = None, *, keys: list[str] | None = None) -> None:
    """One column per key. Given the keys, rows are written as they come (a row lacking a key
    leaves its cell empty); else every row is read first to take the union of their keys.

    Written to a file, the CSV starts with a UTF-8 byte-order mark: Excel on a Chinese Windows
    reads a CSV without one as GBK and shows mojibake. A pipe gets none, as scripts expect."""
    import csv

    stream = stream or sys.stdout
    if keys is None:
        rows = list(rows)
        keys = []
        for row in rows:  # the union of keys, in first-seen order: optional keys still get a column
            keys.extend(k for k in row if k not in keys)
    writer = None
    for row in rows:
        if writer is None:
            if to_a_file(stream):
                stream.write("\ufeff")
            writer = csv.DictWriter(stream, fieldnames=keys, lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def _csv(out: Output, stream: TextIO) -> None:
    write_csv(out.rows, stream, keys=out.keys)


# --- the table -----------------------------------------------------------------------------------

class Styled(str):
    """A cell's text and the style a terminal shows it in: a Rich Text is made of it only where
    Rich draws the table (rich_cell), so that a table to a pipe need not import Rich's text."""

    style: str

    def __new__(cls, text: str, style: str):
        made = super().__new__(cls, text)
        made.style = style
        return made


def rich_cell(cell: Any):
    """A cell as Rich draws it: a Styled string as a Text of its style."""
    if isinstance(cell, Styled):
        from rich.text import Text

        return Text(cell, style=cell.style)
    return cell


def light(value: str | None, row: dict | None = None) -> str:
    """A coloured mark and the word, so the light survives NO_COLOR and black-and-white print."""
    from qtrack.lights import CHINESE, STYLE

    return Styled(f"● {CHINESE[value]}", STYLE[value]) if value else ""


def names(value: list[str] | None, row: dict | None = None) -> str:
    return "、".join(value or [])


def percent(value: float | int | None, row: dict | None = None) -> str:
    return "" if value is None else f"{value:.0%}" if isinstance(value, float) else f"{value}%"


def console(stream: TextIO | None = None):
    """A Console that takes every string as plain text: no markup, no highlighting, no escapes."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs):
            return super().render_str(clean(text), **kwargs)

    return SafeConsole(highlight=False, markup=False, file=stream)


def table(rows: list[dict], columns: Sequence[Column], *, title: str | None = None, caption: str | None = None,
          row_style: Callable[[dict], str | None] | None = None, width: int | None = None):
    """A Rich table that fits `width` cells (the terminal's). A no_wrap column — a reference such
    as 2016/D1@2016-05, a date, a light — is as wide as its widest cell, so it is never broken
    or cut, and a header of one or two characters never breaks either; text columns fold."""
    from rich.table import Table

    found = cells(rows, columns)
    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold")
    for c, (least, most) in zip(columns, _widths(columns, found, width or console().width)):
        t.add_column(c.header, justify=c.justify, style=c.style, no_wrap=c.no_wrap, min_width=least, max_width=most,
                     overflow="ellipsis" if c.no_wrap else "fold")
    for row, texts in zip(rows, found):
        t.add_row(*map(rich_cell, texts), style=row_style(row) if row_style else None)
    return t


def cells(rows: list[dict], columns: Sequence[Column]) -> list[list]:
    """Each row's cells, as its columns show them."""
    return [[c.show(row.get(c.key), row) if c.show else ("" if row.get(c.key) is None else str(row.get(c.key)))
             for c in columns] for row in rows]


def _widths(columns: Sequence[Column], cells: list[list], width: int) -> list[tuple[int | None, int | None]]:
    """Each column's (least, most) width in cells, so that the table fits `width`. A no_wrap
    column gets its widest cell. A text column's least is its whole header and its min_width (a
    title's 10 cells, a date's 10), and a number's (a right-justified column: a count, a rate)
    also its widest number, so that 100000 never breaks into 1000 and 00, granted first; the room
    left is shared by cutting the widest text columns down to one common width (the water level).
    Each text column's width is then fixed (least = most): Rich's own narrowing would cut every
    wide column to the level, a date included, and widen a column past the screen for its
    minimum. On a screen too narrow for the least widths, Rich shortens as it can."""
    from rich.cells import cell_len

    def natural(i: int) -> int:
        texts = [clean(getattr(row[i], "plain", row[i])) for row in cells]  # a str, or a Rich Text
        return max([cell_len(line) for text in texts for line in text.splitlines() or [""]], default=0)

    found = [natural(i) for i in range(len(columns))]
    widest = [max(n, cell_len(c.header)) for n, c in zip(found, columns)]
    fixed = [widest[i] if c.no_wrap else 0 for i, c in enumerate(columns)]
    room = width - (len(columns) + 1) - 2 * len(columns) - sum(fixed)  # borders, and a cell of padding each side
    text = [i for i, c in enumerate(columns) if not c.no_wrap]

    def number(i: int) -> bool:
        return columns[i].justify == "right"

    def header(i: int, folded: bool) -> int:  # whole, or folded: its widest character (a Chinese one is 2 cells)
        return max(map(cell_len, columns[i].header), default=0) if folded else cell_len(columns[i].header)

    def least_with(min_widths: bool, folded: bool) -> dict[int, int]:
        return {i: min(widest[i], max(header(i, folded and number(i)), (columns[i].min_width or 0) if min_widths else 0,
                                      found[i] if number(i) else 0)) for i in text}

    # Where the room is short, a table of counts gives up in turn its text columns' min_widths,
    # then its numbers' whole headers (a header folds; a number never breaks); then, as a table
    # without numbers does at once, the layout itself, to Rich.
    counts = any(number(i) for i in text)
    for least in [least_with(True, False), *([least_with(False, False), least_with(False, True)] if counts else [])]:
        if sum(least.values()) <= room:
            break
    else:
        return [(fixed[i] or None, None) if c.no_wrap else (None, None) for i, c in enumerate(columns)]

    def used(level: int) -> int:
        return sum(max(least[i], min(widest[i], level)) for i in text)

    low, high = 0, max(widest, default=0)  # the highest level whose widths fit the room
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if used(mid) <= room else (low, mid - 1)
    out: list[tuple[int | None, int | None]] = [(fixed[i] or None, None) for i in range(len(columns))]
    for i in text:
        out[i] = (max(least[i], min(widest[i], low)),) * 2
    return out


def _table(out: Output, stream: TextIO) -> None:
    if out.view is not None:
        view = out.view()
        if isinstance(view, list):  # tables and lines: off a terminal, without Rich's console if it can
            from qtrack import plain_table

            plain = plain_table.pieces(stream, view, note=out.note)
            if plain is not None:
                stream.write(plain)
                return
            view = _group(view)
        printer = console(stream)
        printer.print(view, soft_wrap=isinstance(view, str))
        if out.note:
            printer.print(out.note, soft_wrap=True)
        return
    from qtrack import plain_table

    rows = list(out.rows)
    caption = "\n".join(c for c in (out.caption, out.note) if c) or None
    said = ([] if rows else [f"{out.title + ': ' if out.title else ''}{out.empty}"]) + (
        [_("… {n} more (use --limit 0 for all)").format(n=out.more)] if out.more else []) + (
        [out.note] if out.note and not rows else [])  # each line as it is, never wrapped
    plain = plain_table.text(stream, rows, out.columns, title=out.title, caption=caption, said=said)
    if plain is not None:  # off a terminal: what Rich would write, without Rich's console (qtrack/plain_table.py)
        stream.write(plain)
        return
    printer = console(stream)
    if rows:
        printer.print(table(rows, out.columns, title=out.title, caption=caption, row_style=out.row_style,
                            width=printer.width))
    for line in said:
        printer.print(line, soft_wrap=True)


def _group(view: list):
    """A view's tables and lines as Rich draws them, each after the last (a line wraps at the screen)."""
    from rich.console import Group

    return Group(*(table(p.rows, p.columns, title=p.title, caption=p.caption, row_style=p.row_style)
                   if isinstance(p, Output) else p for p in view))


register("table", _table, paged=True)
register("json", _json)
register("csv", _csv)
