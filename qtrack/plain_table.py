"""A listing's table written without Rich's console, where output is not a terminal (a pipe, a file).

Importing Rich's console and table and laying the table out through them took a listing on the
bundled plans half again as long as a bare Typer command (issue 19). Off a terminal a table has no
colours, and qtrack fixes every column's width itself (output._widths), so what Rich writes is a
few rules away: its box (HEAVY_HEAD), each cell's text wrapped as Rich's Text.wrap wraps it (with
Rich's own divide_line and cell measures), justified and padded. text() writes that, or returns
None wherever Rich could write anything else — a terminal, a console Rich would size or encode
otherwise, widths Rich would narrow, text Rich would change (an emoji code, a tab, a space other
than " ") — and then Rich draws it. tests/test_plain_table.py compares the two on random tables.
"""

from __future__ import annotations

import builtins
import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

_EMOJI = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")  # rich._emoji_replace's: Rich would put an emoji there
# Rich's box.HEAVY_HEAD: (left, line, between, right) of the top, the header row, the rule under
# it, a row, and the bottom.
_TOP, _HEAD, _RULE, _ROW, _BOTTOM = ("┏", "━", "┳", "┓"), ("┃", " ", "┃", "┃"), ("┡", "━", "╇", "┩"), \
    ("│", " ", "│", "│"), ("└", "─", "┴", "┘")


def width(stream: TextIO) -> int | None:
    """The width Rich's Console gives `stream`, or None when Rich would see a terminal (or might:
    it draws colours there), a notebook, a console of Windows, or an encoding without the box."""
    if (sys.platform == "win32" or hasattr(builtins, "get_ipython")
            or os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE") is not None
            or not (getattr(stream, "encoding", None) or "utf-8").lower().startswith("utf")):
        return None
    try:
        if stream.isatty():
            return None
    except (AttributeError, ValueError):  # no isatty, or a closed file: no terminal, as Rich has it
        pass
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):  # as Rich: the size of whichever standard stream is a terminal
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80


def _kept(text: str) -> bool:
    """Whether Rich would show `text` as it is: no emoji code, no tab, no space but " "."""
    return not _EMOJI.search(text) and not any(c.isspace() and c not in " \n" for c in text)


def lines(text: str, width: int, justify: str = "left") -> list[str]:
    """`text` laid out in `width` cells as Rich's Text.wrap and render_lines lay it out: each line
    broken where divide_line breaks it, right-justified without its trailing spaces, then made
    `width` wide. (A no_wrap cell is never wider than its column: divide_line leaves it whole. Rich's
    cutting of a piece wider than `width` — only ever its trailing spaces — comes to set_cell_size's.)"""
    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    out = []
    for line in text.split("\n"):
        edges = [0, *divide_line(line, width), len(line)]
        for start, end in zip(edges, edges[1:]):
            piece = line[start:end]
            if justify == "right":
                piece = piece.rstrip()
                piece = " " * (width - cell_len(piece)) + piece
            out.append(set_cell_size(piece, width))
    return out


def _rule(edge: tuple[str, str, str, str], widths: Sequence[int]) -> str:
    left, line, between, right = edge
    return left + between.join(line * w for w in widths) + right + "\n"


def table(cells: list[list[str]], columns, widths: list[tuple[int | None, int | None]], width: int, *,
          title: str | None, caption: str | None) -> str | None:
    """The table Rich's Table (as output.table makes it) writes, or None when this cannot say."""
    from rich.cells import cell_len

    from qtrack.output import Styled, clean

    if any(c.justify not in ("left", "right") for c in columns) or any(
            not least or least != most and not c.no_wrap for c, (least, most) in zip(columns, widths)):
        return None  # Rich would size the columns itself (a screen too narrow), or justify otherwise
    inner = [least for least, _ in widths]
    outer = [w + 2 for w in inner]  # a cell of padding each side
    full = sum(outer) + len(outer) + 1  # and the borders
    if full > width:
        return None
    texts = []
    for row in [[c.header for c in columns], *cells]:
        if not all(isinstance(cell, str) for cell in row):
            return None
        row = [cell if isinstance(cell, Styled) else clean(cell) for cell in row]  # as SafeConsole.render_str
        if not all(map(_kept, row)):
            return None
        texts.append(row)
    for i, c in enumerate(columns):  # Rich widens a no_wrap column to its widest line, the header's as cleaned
        if c.no_wrap and max(cell_len(line) for row in texts for line in row[i].split("\n")) > inner[i]:
            return None
    title, caption = (clean(a) if a else None for a in (title, caption))
    if not all(_kept(a) for a in (title, caption) if a):
        return None
    out = [line + "\n" for line in lines(title, full)] if title else []
    out.append(_rule(_TOP, outer))
    for n, row in enumerate(texts):
        drawn = [[f" {line} " for line in lines(text, w, c.justify)]
                 for text, w, c in zip(row, inner, columns)]
        height = max(map(len, drawn))
        for cell, w in zip(drawn, outer):
            blank = [" " * w] * (height - len(cell))
            cell[:] = blank + cell if n == 0 else cell + blank  # Rich aligns the header row to the bottom
        left, _space, between, right = _HEAD if n == 0 else _ROW
        out += [left + between.join(parts) + right + "\n" for parts in zip(*drawn)]
        if n == 0:
            out.append(_rule(_RULE, outer))
    out.append(_rule(_BOTTOM, outer))
    if caption:
        out += [line + "\n" for line in lines(caption, full)]
    return "".join(out)


def text(stream: TextIO, rows: list[dict], columns, *, title: str | None, caption: str | None,
         said: list[str]) -> str | None:
    """What output._table has Rich write — the table of `rows` (if any), then each line of `said`
    unwrapped — or None when Rich must write it."""
    screen = width(stream)
    if screen is None:
        return None
    out = []
    if rows:
        drawn = _drawn(rows, columns, screen, title=title, caption=caption)
        if drawn is None:
            return None
        out.append(drawn)
    lines = _unwrapped(said)
    return None if lines is None else "".join(out + lines)


def pieces(stream: TextIO, view: list, *, note: str | None) -> str | None:
    """What output._table has Rich write for a view of tables (Outputs) and lines, then the note
    unwrapped — or None when Rich must write it (a line Rich would wrap or change included)."""
    from rich.cells import cell_len

    from qtrack.output import clean

    screen = width(stream)
    if screen is None:
        return None
    out = []
    for piece in view:
        if isinstance(piece, str):  # a line of the view, which Rich wraps at the screen: whole only
            line = clean(piece)
            if not _kept(line) or any(cell_len(part) > screen for part in line.split("\n")):
                return None
            out.append(line + "\n")
            continue
        drawn = _drawn(piece.rows, piece.columns, screen, title=piece.title, caption=piece.caption)
        if drawn is None:
            return None
        out.append(drawn)
    lines = _unwrapped([note] if note else [])
    return None if lines is None else "".join(out + lines)


def _drawn(rows: list[dict], columns, screen: int, *, title: str | None, caption: str | None) -> str | None:
    """The table of `rows`, laid out `screen` wide as output.table lays it out, or None."""
    from qtrack.output import _widths, cells

    found = cells(rows, columns)
    return table(found, columns, _widths(columns, found, screen), screen, title=title, caption=caption)


def _unwrapped(lines: list[str]) -> list[str] | None:
    """Each line as Rich prints it unwrapped (soft_wrap), or None where Rich would change one."""
    from qtrack.output import clean

    out = [clean(line) for line in lines]
    return None if not all(map(_kept, out)) else [line + "\n" for line in out]
