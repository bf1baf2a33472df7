"""Rendering rows — lists of dicts from qtrack/store/queries.py — as a Rich table, JSON or CSV.

JSON is the stable interface for scripts: the rows as they are, Chinese unescaped. CSV has one
column per key with lists joined by 、. Only the table goes through Rich, which measures CJK
characters as two cells, drops colour when output is not a terminal and honours NO_COLOR.

Text in the rows comes from plan files and notes that anyone may have written, so it is shown,
never obeyed: Rich markup in it stays literal, terminal control sequences are printed as
escapes, and a CSV cell that a spreadsheet would run as a formula is defused.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what Excel, WPS and LibreOffice read as the start of a formula


def clean(text: str) -> str:
    """Control characters (an ESC starts a terminal command) made visible as \\xNN instead."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "、".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value  # shown as text by every spreadsheet; the apostrophe is not displayed
    return value


class Column(NamedTuple):
    key: str
    header: str
    justify: str = "left"
    show: Callable[[Any, dict], Any] | None = None  # (value, row) -> cell text or a Rich Text
    style: str | None = None
    no_wrap: bool = False  # codes, dates and numbers; text columns fold (Chinese has no spaces to wrap at)
    min_width: int | None = None


def light(value: str | None, row: dict | None = None):
    """A coloured mark and the word, so the light survives NO_COLOR and black-and-white print."""
    from rich.text import Text

    from qtrack.lights import CHINESE, STYLE

    return Text(f"● {CHINESE[value]}", style=STYLE[value]) if value else ""


def names(value: list[str] | None, row: dict | None = None) -> str:
    return "、".join(value or [])


def percent(value: float | int | None, row: dict | None = None) -> str:
    return "" if value is None else f"{value:.0%}" if isinstance(value, float) else f"{value}%"


def write_json(data: Any, stream=None) -> None:
    stream = stream or sys.stdout
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_json_rows(rows: Iterable[dict], stream=None) -> None:
    """A JSON list written row by row: the text json.dump(list(rows), indent=2) would give,
    without holding every row in memory at once."""
    stream = stream or sys.stdout
    opening = "["
    for row in rows:
        stream.write(f"{opening}\n  " + json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        opening = ","
    stream.write("[]\n" if opening == "[" else "\n]\n")


def write_csv(rows: Iterable[dict], stream=None, *, keys: list[str] | None = None) -> None:
    """One column per key. Given the keys, rows are written as they come (a row lacking a key
    leaves its cell empty); else every row is read first to take the union of their keys."""
    stream = stream or sys.stdout
    if keys is None:
        rows = list(rows)
        keys = []
        for row in rows:  # the union of keys, in first-seen order: optional keys still get a column
            keys.extend(k for k in row if k not in keys)
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=keys, lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def console():
    """A Console that takes every string as plain text: no markup, no highlighting, no escapes."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs):
            return super().render_str(clean(text), **kwargs)

    return SafeConsole(highlight=False, markup=False)


def table(rows: list[dict], columns: list[Column], *, title: str | None = None, caption: str | None = None,
          row_style: Callable[[dict], str | None] | None = None):
    from rich.table import Table

    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c.header, justify=c.justify, style=c.style, no_wrap=c.no_wrap, min_width=c.min_width,
                     overflow="ellipsis" if c.no_wrap else "fold")
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c.key)
            text = c.show(value, row) if c.show else ("" if value is None else str(value))
            cells.append(text)
        t.add_row(*cells, style=row_style(row) if row_style else None)
    return t


def emit(rows: Iterable[dict], columns: list[Column], fmt: str, *, title: str | None = None,
         empty: str = "nothing to show", caption: str | None = None,
         row_style: Callable[[dict], str | None] | None = None, more: int = 0,
         keys: list[str] | None = None) -> None:
    """Write a listing in the chosen format: the one place listings are rendered.

    JSON and CSV stream the rows (CSV when it is told the keys); a table shows one page and,
    when `more` rows were left out of it, says so under it.
    """
    if fmt == "json":
        write_json_rows(rows)
    elif fmt == "csv":
        write_csv(rows, keys=keys)
    else:
        rows = list(rows)
        out = console()
        if not rows:
            out.print(f"{title + ': ' if title else ''}{empty}", soft_wrap=True)
        else:
            out.print(table(rows, columns, title=title, caption=caption, row_style=row_style))
        if more:
            out.print(f"… {more} more (use --limit 0 for all)", soft_wrap=True)
